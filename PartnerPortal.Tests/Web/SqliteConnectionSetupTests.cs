using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Tests.Web;

/// <summary>The portal's SQLite connections read through memory-mapped pages (<see cref="SqliteConnectionSetup"/>).</summary>
public sealed class SqliteConnectionSetupTests : IDisposable
{
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task EveryConnection_FreshOrFromThePool_ReadsThroughMemoryMappedPages()
    {
        for (var i = 0; i < 2; i++) // a new physical connection, then the same one again from the pool
        {
            await using var db = await _app.DbAsync();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA mmap_size";
            Assert.Equal(SqliteConnectionSetup.MmapBytes, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

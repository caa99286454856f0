using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// An export that is being built while the daily job anonymises its customer: the anonymisation removes the export's
/// chunks and expires it, and the build must not write new ones nor turn it Ready. The anonymisation is run from inside
/// the build (when it reports its progress), so the interleaving is the same on every run.
/// </summary>
public sealed class TakeBackWithdrawnExportTests : IDisposable
{
    private readonly InterceptedPortalFactory _app = new();

    [Fact]
    public async Task AnExportRunningWhileItsCustomerIsAnonymised_StaysExpired_WithoutChunks()
    {
        var world = await new TakeBackWorld(_app).BuildAsync(eventsEach: 3, start: "2026-10-01", day: "2026-10-20");
        var customerKey = await TakeBackWorld.CustomerKeyAsync(_app, world.Customer1);
        using var customer = _app.ApiClient(customerKey);
        await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/switching", new { }, HttpStatusCode.Created, customer);
        var exportId = (await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted, customer)).GetProperty("id").GetGuid();

        // The export is built after the retrieval window (no Hangfire server here: the test runs the job); the daily job
        // runs while the builder is between pages.
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 24, 23, 30, 0, TimeSpan.Zero));
        IReadOnlyList<Guid> anonymised = [];
        _app.Interceptor.OnProgress = async () =>
        {
            using var scope = _app.Services.CreateScope();
            anonymised = await scope.ServiceProvider.GetRequiredService<SwitchingJobs>().AnonymiseDueAsync(CancellationToken.None);
        };
        await TakeBackWorld.RunExportAsync(_app, exportId);

        Assert.Contains(world.Customer1, anonymised);
        await using var db = await _app.DbAsync();
        var export = await db.CustomerExports.AsNoTracking().SingleAsync(x => x.Id == exportId);
        Assert.Equal(ExportStatus.Expired, export.Status);
        Assert.Equal(0, export.Chunks);
        Assert.False(await db.CustomerExportChunks.AnyAsync(ch => ch.ExportId == exportId));
        Assert.Empty(_app.Errors);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>The portal with a command interceptor that runs <see cref="OnProgress"/> once, before the first progress update of an export.</summary>
    private sealed class InterceptedPortalFactory() : PortalFactory(new() { ["Portal:DemoData"] = "false" })
    {
        public ProgressInterceptor Interceptor { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(Interceptor)));
        }
    }

    private sealed class ProgressInterceptor : DbCommandInterceptor
    {
        public Func<Task>? OnProgress { get; set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var text = command.CommandText;
            if (text.Contains("\"CustomerExports\"", StringComparison.Ordinal) && text.Contains("\"Progress\"", StringComparison.Ordinal)
                && !text.Contains("\"Status\"", StringComparison.Ordinal) && OnProgress is { } run)
            {
                OnProgress = null;
                await run();
            }

            return result;
        }
    }
}

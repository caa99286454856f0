using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The hot path's hand-written SQL. SQLite's runs in every usage test; SQL Server's cannot run here, so its statements
/// are built and every table and column they name is checked against the SQL Server model.
/// </summary>
public sealed partial class UsageSqlTests
{
    public static TheoryData<string> Providers => new() { "SqlServer", "Sqlite" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void EveryStatement_NamesOnlyTablesAndColumnsOfTheModel(string provider)
    {
        using PortalDbContext db = provider == "SqlServer" ? new SqlServerDesignTimeFactory().CreateDbContext([]) : new SqliteDesignTimeFactory().CreateDbContext([]);
        var sql = provider == "SqlServer" ? UsageSql.SqlServer : UsageSql.Sqlite;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is { } t && (t.StartsWith("Usage", StringComparison.Ordinal) || t == "Subscriptions")))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            names.Add(table.Name);
            foreach (var property in entity.GetProperties()) names.Add(property.GetColumnName(table)!);
        }

        var statements = new[] { sql.InsertEvent, sql.InsertUniqueValue, sql.ReadAggregate, sql.WriteAggregate, sql.ReadDaily, sql.WriteDaily, sql.InsertRejection, sql.AddCounter, sql.PruneRejections, sql.PruneCounters, sql.SubscriptionEnds }
            .Where(s => s is not null).Cast<string>().ToList();
        Assert.Equal(provider == "SqlServer" ? 9 : 11, statements.Count);
        foreach (var statement in statements)
        {
            var identifiers = (provider == "SqlServer" ? Bracketed() : Quoted()).Matches(statement).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(identifiers);
            Assert.All(identifiers, i => Assert.True(names.Contains(i), $"{provider}: '{i}' in {statement}"));
        }

        // The run statement is standard SQL with double-quoted names on both providers.
        var run = Quoted().Matches(UsageSql.InsertRun).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["UsageEventRuns", "SubscriptionId", "Period", "FirstEventId", "LastEventId"], run);
        Assert.All(run, i => Assert.True(names.Contains(i), $"{provider}: '{i}' in {UsageSql.InsertRun}"));
    }

    [Fact]
    public void SqlServer_AddsInSql_AndGuardsInsertsWithAKeyRangeLock()
    {
        Assert.True(UsageSql.SqlServer.AddsInSql);
        Assert.False(UsageSql.Sqlite.AddsInSql); // SQLite keeps decimals as text: the writer adds them in C#
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", UsageSql.SqlServer.InsertEvent);
        Assert.Contains("WHERE [EventKey] = @key", UsageSql.SqlServer.InsertEvent);
        Assert.Contains("OUTPUT INSERTED.[Id]", UsageSql.SqlServer.InsertEvent); // the new row's id, for the runs
        Assert.Contains("ON CONFLICT (\"EventKey\") DO NOTHING", UsageSql.Sqlite.InsertEvent);
        Assert.Contains("[Sum] = [Sum] + @sum", UsageSql.SqlServer.WriteAggregate);
        // The statements become commands with their parameters without a server.
        using var connection = new Microsoft.Data.SqlClient.SqlConnection("Server=localhost;Database=none;TrustServerCertificate=True");
        using var store = new UsageStore(connection, UsageSql.SqlServer, sqlite: false);
        var insert = store.Command(UsageSql.SqlServer.InsertEvent, "isv", "eventId", "sub", "metric", "qty", "billable", "ts", "period", "props", "received", "key");
        Assert.Equal(11, insert.Parameters.Count);
        Assert.All(insert.Parameters.Cast<System.Data.Common.DbParameter>(), p => Assert.Contains(p.ParameterName, insert.CommandText));
    }

    [GeneratedRegex(@"\[([A-Za-z]+)\]")]
    private static partial Regex Bracketed();

    [GeneratedRegex("\"([A-Za-z]+)\"")]
    private static partial Regex Quoted();
}

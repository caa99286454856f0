using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The settlement's set-based line inserts (<see cref="SettlementSql"/>). SQLite's run in every settlement test (whose
/// hand-computed amounts and links to revenue lines would break); SQL Server's cannot run here, so its statements are
/// built from the SQL Server model and every identifier is checked against it, and every mapped column must be written.
/// </summary>
public sealed partial class SettlementSqlTests
{
    public static TheoryData<string> Providers => new() { "SqlServer", "Sqlite" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Inserts_NameOnlyTablesAndColumnsOfTheModel_AndWriteEveryColumn(string provider)
    {
        using PortalDbContext db = provider == "SqlServer" ? new SqlServerDesignTimeFactory().CreateDbContext([]) : new SqliteDesignTimeFactory().CreateDbContext([]);
        var statements = SettlementSql.For(db);
        foreach (var (type, insert) in new[] { (typeof(RevenueLineRecord), statements.RevenueLines), (typeof(StatementLineRecord), statements.StatementLines) })
        {
            var entity = db.Model.FindEntityType(type)!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var revenue = db.Model.FindEntityType(typeof(RevenueLineRecord))!;
            var revenueTable = StoreObjectIdentifier.Table(revenue.GetTableName()!, revenue.GetSchema());
            var names = entity.GetProperties().Select(p => p.GetColumnName(table)!).Append(table.Name)
                .Concat(revenue.GetProperties().Select(p => p.GetColumnName(revenueTable)!)).Append(revenueTable.Name).ToHashSet(StringComparer.Ordinal);
            var sql = SettlementSql.Text(insert, 3);
            var identifiers = (provider == "SqlServer" ? Bracketed() : Quoted()).Matches(sql).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(identifiers);
            Assert.All(identifiers, i => Assert.True(names.Contains(i), $"{provider}: '{i}' in {sql}"));

            // Every column but the generated key is written (a new property of the model cannot be forgotten).
            var expected = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.GetColumnName(table)!).Order(StringComparer.Ordinal).ToList();
            var head = insert.Head[(insert.Head.IndexOf('(', StringComparison.Ordinal) + 1)..insert.Head.IndexOf(')', StringComparison.Ordinal)];
            var written = (provider == "SqlServer" ? Bracketed() : Quoted()).Matches(head).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, written);

            // Three rows: one parameter per column and row (+ the two of the link), and the limits SQL Server sets.
            Assert.Equal(3 * insert.ParametersPerRow, Regex.Matches(sql, @"@p\d+_\d+").Count);
            Assert.True(insert.RowsPerCommand * insert.ParametersPerRow <= SettlementSql.MaxParameters && insert.RowsPerCommand <= SettlementSql.MaxRows);
        }

        // A statement line is linked to its revenue line by the revenue line's unique business key.
        Assert.Contains(provider == "SqlServer" ? "(SELECT [Id] FROM [RevenueLines] WHERE [Period] = @p0_" : "(SELECT \"Id\" FROM \"RevenueLines\" WHERE \"Period\" = @p0_",
            SettlementSql.Text(statements.StatementLines, 1));
        var key = db.Model.FindEntityType(typeof(RevenueLineRecord))!.GetIndexes().Single(i => i.IsUnique);
        Assert.Equal([nameof(RevenueLineRecord.Period), nameof(RevenueLineRecord.SubscriptionId)], key.Properties.Select(p => p.Name));
    }

    [GeneratedRegex(@"\[([A-Za-z]+)\]")]
    private static partial Regex Bracketed();

    [GeneratedRegex("\"([A-Za-z]+)\"")]
    private static partial Regex Quoted();
}

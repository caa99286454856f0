using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The settlement's one hand-written SQL: a batch's revenue and statement lines written with plain
/// <c>INSERT … VALUES</c> statements inside the batch's transaction (SQLite: one prepared row statement run again;
/// SQL Server: many rows per statement), instead of one tracked entity per line.
/// <para>
/// MEASURED (settlement benchmark, <c>settle 1000000</c>: 50,000 subscriptions, ~2,700 revenue and ~7,500 statement lines
/// per batch of 25 partners, SQLite, 2 cores shared with other builds at load 9–13): through EF's change tracker
/// (one INSERT … RETURNING per row; 187,000 rows = 11.4 s of database time alone) a batch's write took 2.4–13.6 s and
/// the run 72 s wall clock, 53 s server CPU; with these statements a batch's inserts take 0.9–1.5 s and the run
/// 27 s wall clock, 27.5 s server CPU (10 million events: 27.1 s CPU), identical lines (benchmark fingerprint).
/// On SQLite one row per statement, prepared once: a first version with 2,000 parameters per statement took 3–7 s a
/// batch, because Microsoft.Data.Sqlite binds every parameter by name (a linear search in the statement).
/// </para>
/// <para>
/// The statements are built from the EF model — table, column and key names, and each value bound through the
/// column's own type mapping — so they store exactly what EF would (SQLite: Guids as upper-case text, decimals as
/// text, periods as yyyymm; SQL Server: native types) and follow the model when a column is added. The only
/// hand-written part is the link from a statement line to its revenue line: a scalar subquery on the revenue line's
/// business key (period, subscription), unique and indexed, so no generated id has to travel back to the client.
/// Both forms are standard SQL that SQLite and SQL Server run alike (SQL Server: at most 1,000 rows per VALUES and
/// 2,100 parameters per command, hence <see cref="MaxParameters"/>). SettlementSqlTests checks every identifier
/// against the model of both providers.
/// </para>
/// </summary>
internal static class SettlementSql
{
    /// <summary>Parameters per command: below SQL Server's 2,100 (SQLite allows 32,766).</summary>
    public const int MaxParameters = 2000;

    /// <summary>Rows per command: SQL Server takes at most 1,000 in one VALUES list.</summary>
    public const int MaxRows = 1000;

    private static readonly ConcurrentDictionary<IModel, Statements> Cache = new();

    /// <summary>One column written from the entity's property.</summary>
    internal sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

    /// <summary>An insert of a table: its columns, the statement's head, and (statement lines) the link expression.</summary>
    internal sealed record Insert(string Head, IReadOnlyList<Column> Columns, string? Link, int ParametersPerRow)
    {
        public int RowsPerCommand => Math.Min(MaxRows, MaxParameters / ParametersPerRow);
    }

    internal sealed record Statements(Insert RevenueLines, Insert StatementLines, Column LinkPeriod, Column LinkSubscription);

    /// <summary>The statements for <paramref name="db"/>'s model and provider (built once per model).</summary>
    internal static Statements For(PortalDbContext db) => Cache.GetOrAdd(db.Model, _ => Build(db));

    /// <summary>
    /// Inserts the batch's revenue lines, then its statement lines, each linked to the revenue line it was computed
    /// from. Runs in the caller's transaction (required): a unique key that exists already fails the statement, and
    /// the caller rolls the whole batch back, as with SaveChanges.
    /// </summary>
    public static async Task InsertLinesAsync(PortalDbContext db, IReadOnlyList<RevenueLineRecord> revenueLines,
        IReadOnlyList<(StatementLineRecord Line, RevenueLineRecord? Revenue)> statementLines, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Settlement lines are written inside the batch's transaction.");
        var statements = For(db);
        await InsertAsync(db, transaction, statements.RevenueLines, revenueLines.Count, (row, bind) =>
        {
            var line = revenueLines[row];
            foreach (var column in statements.RevenueLines.Columns) bind(column, column.Property.GetGetter().GetClrValue(line));
        }, ct);
        await InsertAsync(db, transaction, statements.StatementLines, statementLines.Count, (row, bind) =>
        {
            var (line, revenue) = statementLines[row];
            foreach (var column in statements.StatementLines.Columns) bind(column, column.Property.GetGetter().GetClrValue(line));
            bind(statements.LinkPeriod, revenue?.Period);
            bind(statements.LinkSubscription, revenue?.SubscriptionId);
        }, ct);
    }

    private static async Task InsertAsync(PortalDbContext db, DbTransaction transaction, Insert insert, int count,
        Action<int, Action<Column, object?>> values, CancellationToken ct)
    {
        // SQLite: one row per statement, the same command prepared once and run again (no round trips in-process;
        // Microsoft.Data.Sqlite binds each parameter by name, a linear search, so 2,000 parameters in one statement
        // cost seconds). SQL Server: as many rows per statement as its limits allow (one round trip per statement).
        var sqlite = db.Database.IsSqlite();
        var perCommand = sqlite ? 1 : insert.RowsPerCommand;
        DbCommand? command = null;
        var commandRows = 0;
        try
        {
            for (var start = 0; start < count; start += perCommand)
            {
                var rows = Math.Min(perCommand, count - start);
                if (command is null || rows != commandRows)
                {
                    if (command is not null) await command.DisposeAsync();
                    commandRows = rows;
                    command = transaction.Connection!.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandTimeout = db.Database.GetCommandTimeout() ?? 30;
                    command.CommandText = Text(insert, rows);
                }

                var c = command;
                if (sqlite && c.Parameters.Count > 0)
                {
                    // SQLite's mappings type a parameter by its column alone (Guids and decimals as text …): typed once,
                    // each row sets its values, converted as EF converts them (periods to yyyymm, enums to names).
                    var next = 0;
                    values(start, (column, value) =>
                        c.Parameters[next++].Value = (value is null ? null : column.Mapping.Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value);
                }
                else
                {
                    // SQL Server's mappings also look at the value (a string's parameter size): new parameters per statement.
                    c.Parameters.Clear();
                    for (var row = 0; row < rows; row++)
                    {
                        var r = row;
                        var index = 0;
                        values(start + row, (column, value) =>
                            c.Parameters.Add(column.Mapping.CreateParameter(c, $"@p{r}_{index++}", value, column.Property.IsNullable || value is null)));
                    }
                }

                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    /// <summary>The statement for <paramref name="rows"/> rows; row r's values are <c>@p{r}_0 …</c> in column order, then the link's two.</summary>
    internal static string Text(Insert insert, int rows)
    {
        var sql = new StringBuilder(insert.Head, insert.Head.Length + rows * insert.ParametersPerRow * 10);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < insert.Columns.Count; i++) sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"@p{row}_{i}");
            if (insert.Link is not null)
                sql.Append(", ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert.Link, $"@p{row}_{insert.Columns.Count}", $"@p{row}_{insert.Columns.Count + 1}"));
            sql.Append(')');
        }

        return sql.ToString();
    }

    private static Statements Build(PortalDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var revenue = db.Model.FindEntityType(typeof(RevenueLineRecord))!;
        var statement = db.Model.FindEntityType(typeof(StatementLineRecord))!;
        var revenueTable = StoreObjectIdentifier.Table(revenue.GetTableName()!, revenue.GetSchema());
        var statementTable = StoreObjectIdentifier.Table(statement.GetTableName()!, statement.GetSchema());
        var link = statement.FindProperty(nameof(StatementLineRecord.RevenueLineId))!;

        Column ColumnOf(IProperty p, StoreObjectIdentifier table) => new(p, p.GetColumnName(table)!, (RelationalTypeMapping)p.GetTypeMapping());

        // Every mapped property but the store-generated key (and, for statement lines, the link, written by subquery).
        List<Column> Columns(IEntityType entity, StoreObjectIdentifier table, IProperty? except) =>
            entity.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) && p != except)
                .Select(p => p.IsShadowProperty() ? throw new InvalidOperationException($"{entity.DisplayName()}.{p.Name} is a shadow property") : ColumnOf(p, table))
                .ToList();

        string Head(StoreObjectIdentifier table, IEnumerable<string> columns) =>
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c)))}) VALUES ";

        var revenueColumns = Columns(revenue, revenueTable, null);
        var statementColumns = Columns(statement, statementTable, link);
        var key = revenue.FindPrimaryKey()!.Properties.Single();
        var period = revenue.FindProperty(nameof(RevenueLineRecord.Period))!;
        var subscription = revenue.FindProperty(nameof(RevenueLineRecord.SubscriptionId))!;
        // The revenue line of (period, subscription): its unique business key (RevenueLineConfiguration).
        var linkSql = $"(SELECT {sql.DelimitIdentifier(key.GetColumnName(revenueTable)!)} FROM {sql.DelimitIdentifier(revenueTable.Name, revenueTable.Schema)} " +
                      $"WHERE {sql.DelimitIdentifier(period.GetColumnName(revenueTable)!)} = {{0}} AND {sql.DelimitIdentifier(subscription.GetColumnName(revenueTable)!)} = {{1}})";
        return new Statements(
            new Insert(Head(revenueTable, revenueColumns.Select(c => c.Name)), revenueColumns, null, revenueColumns.Count),
            new Insert(Head(statementTable, statementColumns.Select(c => c.Name).Append(link.GetColumnName(statementTable)!)), statementColumns, linkSql, statementColumns.Count + 2),
            ColumnOf(period, revenueTable), ColumnOf(subscription, revenueTable));
    }
}

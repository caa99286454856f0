using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PartnerPortal.Web.Data;

/// <summary>
/// A save refused by a unique index or key: a racing or repeated create. It is still a <see cref="DbUpdateException"/>
/// (a service that resolves its own race, e.g. an idempotency key answering the first result, keeps catching that),
/// and it names the API field behind the index, so that the API answers 409 naming it instead of a 500
/// (<see cref="Features.Api.ApiExceptionFilter"/>) and a page can show the same text.
/// </summary>
public sealed class UniqueKeyViolationException(string entity, IReadOnlyList<string> fields, DbUpdateException original)
    : DbUpdateException(Describe(entity, fields), original.InnerException ?? original, original.Entries)
{
    /// <summary>The entity whose index refused the row, in words ("plan version").</summary>
    public string Entity { get; } = entity;

    /// <summary>The API fields that collided (<c>number</c>, <c>email</c>); never empty.</summary>
    public IReadOnlyList<string> Fields { get; } = fields;

    private static string Describe(string entity, IReadOnlyList<string> fields) =>
        $"A {entity} with the same {string.Join(" and ", fields)} exists already (another request may have saved it at the same time); " +
        "nothing was saved. Reload and try again.";
}

/// <summary>
/// The one place that recognises a unique-index violation of either provider (SQLite error 19 with extended code
/// 2067 unique / 1555 primary key; SQL Server 2601 / 2627) and finds the index in the EF model, so every create path
/// gets the same answer whichever index refused it. <see cref="PortalDbContext"/> calls it on every failed save.
/// </summary>
public static partial class UniqueKeyViolations
{
    // Storage names that are not what an API client sends: the field the client knows them by.
    private static readonly Dictionary<string, string> ApiNames = new(StringComparer.Ordinal)
    {
        ["NormalizedUserName"] = "email", ["NormalizedEmail"] = "email", ["OpenEmailKey"] = "email", ["NormalizedCode"] = "code",
        ["RequestId"] = "Idempotency-Key", ["RequestKey"] = "Idempotency-Key", ["EventKey"] = "id", ["ContentSha256"] = "file",
        ["ActiveCustomerId"] = "customerId", ["TokenHash"] = "token", ["Hash"] = "key",
    };

    /// <summary>The violation <paramref name="ex"/> is, or null when it is something else (a concurrency token, a check, a foreign key).</summary>
    public static UniqueKeyViolationException? Describe(DbUpdateException ex, IModel model)
    {
        if (ex is UniqueKeyViolationException or DbUpdateConcurrencyException) return null;
        var columns = ex.InnerException switch
        {
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } sqlite => SqliteColumns(sqlite.Message),
            Microsoft.Data.SqlClient.SqlException { Number: 2601 or 2627 } sqlServer => SqlServerIndex(sqlServer.Message),
            _ => null,
        };
        return columns is null ? null : Describe(ex, model, columns.Value);
    }

    /// <summary>
    /// What <see cref="Describe(DbUpdateException, IModel)"/> answers when SQL Server refuses a save with error 2601 or
    /// 2627 and <paramref name="message"/> (a SqlException cannot be made outside SqlClient, and SQL Server does not run
    /// here: the tests give the server's message texts).
    /// </summary>
    internal static UniqueKeyViolationException? DescribeSqlServer(string message, IModel model, DbUpdateException ex) =>
        SqlServerIndex(message) is { } index ? Describe(ex, model, index) : null;

    private static UniqueKeyViolationException Describe(DbUpdateException ex, IModel model, (string? Table, string? Index, IReadOnlyList<string> Columns) key)
    {
        var found = Find(model, key);
        var fields = found is { } f ? ApiFields(f.Properties) : [];
        return new UniqueKeyViolationException(found is { } e ? Words(e.Entity) : "row", fields.Count > 0 ? fields : ["id"], ex);
    }

    /// <summary>The fields a client would name: foreign keys to the parent only when nothing else is in the index.</summary>
    private static List<string> ApiFields(IReadOnlyList<IReadOnlyProperty> properties)
    {
        var own = properties.Where(p => !p.IsForeignKey() || ApiNames.ContainsKey(p.Name)).ToList();
        return (own.Count > 0 ? own : properties).Select(p => ApiNames.GetValueOrDefault(p.Name) ?? JsonName(p.Name)).Distinct().ToList();
    }

    private static (IReadOnlyEntityType Entity, IReadOnlyList<IReadOnlyProperty> Properties)? Find(IModel model, (string? Table, string? Index, IReadOnlyList<string> Columns) key)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || (key.Table is not null && !string.Equals(table, key.Table, StringComparison.OrdinalIgnoreCase))) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            IEnumerable<(string? Name, IReadOnlyList<IReadOnlyProperty> Properties)> candidates =
                entity.GetIndexes().Where(i => i.IsUnique).Select(i => (i.GetDatabaseName(store), (IReadOnlyList<IReadOnlyProperty>)i.Properties))
                    .Concat(entity.GetKeys().Select(k => (k.GetName(store), (IReadOnlyList<IReadOnlyProperty>)k.Properties)));
            foreach (var (name, properties) in candidates)
            {
                var matches = key.Index is not null
                    ? string.Equals(name, key.Index, StringComparison.OrdinalIgnoreCase)
                    : properties.Select(p => p.GetColumnName(store)).SequenceEqual(key.Columns, StringComparer.OrdinalIgnoreCase);
                if (matches) return (entity, properties);
            }
        }
        return null;
    }

    /// <summary><c>UNIQUE constraint failed: PlanVersions.PlanId, PlanVersions.Number</c> (or <c>… failed: index 'IX_…'</c>).</summary>
    private static (string?, string?, IReadOnlyList<string>)? SqliteColumns(string message)
    {
        var at = message.IndexOf("constraint failed: ", StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = message[(at + "constraint failed: ".Length)..].TrimEnd('.', '\'', ' ');
        if (rest.StartsWith("index '", StringComparison.Ordinal)) return (null, rest["index '".Length..].TrimEnd('\''), []);
        var columns = rest.Split(", ").Select(c => c.Split('.')).Where(c => c.Length == 2).ToList();
        if (columns.Count == 0) return null;
        return (columns[0][0], null, columns.Select(c => c[1]).ToList());
    }

    /// <summary><c>… with unique index 'IX_PlanVersions_PlanId_Number'</c>, <c>Violation of PRIMARY KEY constraint 'PK_X'</c>.</summary>
    private static (string?, string?, IReadOnlyList<string>)? SqlServerIndex(string message) =>
        SqlServerName().Match(message) is { Success: true } m ? (null, m.Groups[1].Value, []) : null;

    [GeneratedRegex("(?:unique index|constraint) '([^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex SqlServerName();

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary><c>PlanVersion</c> → "plan version", <c>PartnerImportRecord</c> → "partner import", <c>PortalUser</c> → "user".</summary>
    private static string Words(IReadOnlyEntityType entity)
    {
        var name = entity.ClrType.Name;
        if (name.StartsWith("Portal", StringComparison.Ordinal) && name.Length > 6) name = name[6..];
        if (name.EndsWith("Record", StringComparison.Ordinal) && name.Length > 6) name = name[..^6];
        if (name.StartsWith("Identity", StringComparison.Ordinal)) name = entity.GetTableName() ?? name;
        return Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
    }
}

namespace PartnerPortal.Web.Features.Usage;

/// <summary>
/// The hot path's statements, per provider. Both rely on the unique index on EventKey (<see cref="UsageEventKey"/>) for idempotency:
/// SQLite with <c>ON CONFLICT DO NOTHING</c>, SQL Server with an insert guarded by a key-range lock (UPDLOCK, HOLDLOCK)
/// and the same index as the backstop. A row counts when the statement reports one row changed (SQLite; its id is then
/// the connection's last insert rowid) or returns its id (SQL Server, OUTPUT).
/// <para>
/// Aggregates: SQL Server adds in SQL (exact decimals). SQLite stores decimals as text and would add them as floating
/// point, so <see cref="UsageStore"/> reads the row and writes the sum computed in C# — safe because the single writer
/// holds SQLite's write lock (BEGIN IMMEDIATE) for the whole group.
/// </para>
/// </summary>
public sealed record UsageSql(
    string InsertEvent,
    string InsertUniqueValue,
    string? ReadAggregate,
    string WriteAggregate,
    string? ReadDaily,
    string WriteDaily,
    string InsertRejection,
    string AddCounter,
    string PruneRejections,
    string PruneCounters,
    string SubscriptionEnds)
{
    /// <summary>Records one run of a group's events (see <see cref="UsageEventRunRecord"/>); the same on both providers.</summary>
    public const string InsertRun = "INSERT INTO \"UsageEventRuns\" (\"SubscriptionId\", \"Period\", \"FirstEventId\", \"LastEventId\") VALUES (@sub, @period, @first, @last)";

    private const string EventColumns = "\"IsvPartnerId\", \"EventId\", \"SubscriptionId\", \"Metric\", \"Quantity\", \"BillableQuantity\", \"TimestampUtc\", \"Period\", \"PropertiesJson\", \"ReceivedAtUtc\", \"EventKey\"";
    private const string EventValues = "@isv, @eventId, @sub, @metric, @qty, @billable, @ts, @period, @props, @received, @key";

    public static readonly UsageSql Sqlite = new(
        InsertEvent: $"INSERT INTO \"UsageEvents\" ({EventColumns}) VALUES ({EventValues}) ON CONFLICT (\"EventKey\") DO NOTHING",
        InsertUniqueValue: "INSERT INTO \"UsageUniqueValues\" (\"SubscriptionId\", \"Metric\", \"Period\", \"Value\") VALUES (@sub, @metric, @period, @value) ON CONFLICT DO NOTHING",
        ReadAggregate: "SELECT \"Sum\", \"Count\", \"Max\", \"UniqueCount\" FROM \"UsageAggregates\" WHERE \"SubscriptionId\" = @sub AND \"Metric\" = @metric AND \"Period\" = @period",
        WriteAggregate: "INSERT INTO \"UsageAggregates\" (\"SubscriptionId\", \"Metric\", \"Period\", \"Sum\", \"Count\", \"Max\", \"UniqueCount\", \"UpdatedAtUtc\") " +
                        "VALUES (@sub, @metric, @period, @sum, @count, @max, @unique, @now) ON CONFLICT (\"SubscriptionId\", \"Metric\", \"Period\") DO UPDATE SET " +
                        "\"Sum\" = excluded.\"Sum\", \"Count\" = excluded.\"Count\", \"Max\" = excluded.\"Max\", \"UniqueCount\" = excluded.\"UniqueCount\", \"UpdatedAtUtc\" = excluded.\"UpdatedAtUtc\"",
        ReadDaily: "SELECT \"Quantity\", \"Events\" FROM \"UsageDaily\" WHERE \"SubscriptionId\" = @sub AND \"Metric\" = @metric AND \"Day\" = @day",
        WriteDaily: "INSERT INTO \"UsageDaily\" (\"SubscriptionId\", \"Metric\", \"Day\", \"Quantity\", \"Events\") VALUES (@sub, @metric, @day, @qty, @events) " +
                    "ON CONFLICT (\"SubscriptionId\", \"Metric\", \"Day\") DO UPDATE SET \"Quantity\" = excluded.\"Quantity\", \"Events\" = excluded.\"Events\"",
        InsertRejection: "INSERT INTO \"UsageRejections\" (\"IsvPartnerId\", \"EventId\", \"Index\", \"Code\", \"Error\", \"AtUtc\") VALUES (@isv, @eventId, @index, @code, @error, @at)",
        AddCounter: "INSERT INTO \"UsageIngestCounters\" (\"MinuteUtc\", \"Outcome\", \"Count\") VALUES (@minute, @outcome, @count) " +
                    "ON CONFLICT (\"MinuteUtc\", \"Outcome\") DO UPDATE SET \"Count\" = \"Count\" + excluded.\"Count\"",
        PruneRejections: "DELETE FROM \"UsageRejections\" WHERE \"AtUtc\" < @cutoff",
        PruneCounters: "DELETE FROM \"UsageIngestCounters\" WHERE \"MinuteUtc\" < @cutoff",
        SubscriptionEnds: "SELECT \"Id\", \"EndDate\" FROM \"Subscriptions\" WHERE \"EndDate\" IS NOT NULL AND \"Id\" IN (SELECT value FROM json_each(@ids))");

    public static readonly UsageSql SqlServer = new(
        InsertEvent: $"INSERT INTO [UsageEvents] ({B(EventColumns)}) OUTPUT INSERTED.[Id] SELECT {EventValues} " +
                     "WHERE NOT EXISTS (SELECT 1 FROM [UsageEvents] WITH (UPDLOCK, HOLDLOCK) WHERE [EventKey] = @key)",
        InsertUniqueValue: "INSERT INTO [UsageUniqueValues] ([SubscriptionId], [Metric], [Period], [Value]) SELECT @sub, @metric, @period, @value " +
                           "WHERE NOT EXISTS (SELECT 1 FROM [UsageUniqueValues] WITH (UPDLOCK, HOLDLOCK) WHERE [SubscriptionId] = @sub AND [Metric] = @metric AND [Period] = @period AND [Value] = @value)",
        ReadAggregate: null,
        WriteAggregate: "UPDATE [UsageAggregates] WITH (UPDLOCK, HOLDLOCK) SET [Sum] = [Sum] + @sum, [Count] = [Count] + @count, " +
                        "[Max] = CASE WHEN [Max] > @max THEN [Max] ELSE @max END, [UniqueCount] = [UniqueCount] + @unique, [UpdatedAtUtc] = @now " +
                        "WHERE [SubscriptionId] = @sub AND [Metric] = @metric AND [Period] = @period; " +
                        "IF @@ROWCOUNT = 0 INSERT INTO [UsageAggregates] ([SubscriptionId], [Metric], [Period], [Sum], [Count], [Max], [UniqueCount], [UpdatedAtUtc]) " +
                        "VALUES (@sub, @metric, @period, @sum, @count, @max, @unique, @now);",
        ReadDaily: null,
        WriteDaily: "UPDATE [UsageDaily] WITH (UPDLOCK, HOLDLOCK) SET [Quantity] = [Quantity] + @qty, [Events] = [Events] + @events " +
                    "WHERE [SubscriptionId] = @sub AND [Metric] = @metric AND [Day] = @day; " +
                    "IF @@ROWCOUNT = 0 INSERT INTO [UsageDaily] ([SubscriptionId], [Metric], [Day], [Quantity], [Events]) VALUES (@sub, @metric, @day, @qty, @events);",
        InsertRejection: "INSERT INTO [UsageRejections] ([IsvPartnerId], [EventId], [Index], [Code], [Error], [AtUtc]) VALUES (@isv, @eventId, @index, @code, @error, @at)",
        AddCounter: "UPDATE [UsageIngestCounters] WITH (UPDLOCK, HOLDLOCK) SET [Count] = [Count] + @count WHERE [MinuteUtc] = @minute AND [Outcome] = @outcome; " +
                    "IF @@ROWCOUNT = 0 INSERT INTO [UsageIngestCounters] ([MinuteUtc], [Outcome], [Count]) VALUES (@minute, @outcome, @count);",
        PruneRejections: "DELETE FROM [UsageRejections] WHERE [AtUtc] < @cutoff",
        PruneCounters: "DELETE FROM [UsageIngestCounters] WHERE [MinuteUtc] < @cutoff",
        // HOLDLOCK: a cancel that has updated the row waits for nobody and is waited for; one that has not yet is
        // made to wait until this group commits, and then sees the group's events (see UsageWriter, DESIGN).
        SubscriptionEnds: "SELECT [Id], [EndDate] FROM [Subscriptions] WITH (HOLDLOCK) WHERE [EndDate] IS NOT NULL " +
                          "AND [Id] IN (SELECT CAST(value AS uniqueidentifier) FROM OPENJSON(@ids))");

    private static string B(string quoted) => quoted.Replace("\"", "", StringComparison.Ordinal).Split(", ").Select(c => $"[{c}]").Aggregate((a, b) => a + ", " + b);

    public bool AddsInSql => ReadAggregate is null;
}

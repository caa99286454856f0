using System.Data;
using System.Data.Common;
using System.Globalization;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Web.Features.Usage;

/// <summary>Key of a period aggregate.</summary>
internal readonly record struct AggregateKey(Guid SubscriptionId, string Metric, int Period);

/// <summary>Key of a daily row.</summary>
internal readonly record struct DailyKey(Guid SubscriptionId, string Metric, int Day);

/// <summary>What one group adds to an aggregate: the domain's running <see cref="UsageAggregate"/> and the new distinct values.</summary>
internal sealed class AggregateDelta
{
    public UsageAggregate Aggregate;
    public long Unique;
}

/// <summary>What one group adds to a daily row (its sum and count; the maximum is not kept per day).</summary>
internal sealed class DailyDelta
{
    public UsageAggregate Aggregate;
}

/// <summary>
/// The writer's connection with its prepared commands, reused across rows and groups. Values are bound the way EF Core
/// stores them, so EF reads what this writes: on SQLite Guids as upper-case text, decimals and times as invariant
/// text; on SQL Server as native types.
/// </summary>
internal sealed class UsageStore : IDisposable
{
    private const string SqliteDateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private const string SqliteDecimalFormat = "0.0###########################";

    private readonly DbConnection _connection;
    private readonly UsageSql _sql;
    private readonly bool _sqlite;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;
    private DbCommand? _insertEvent;
    private DbCommand? _insertUniqueValue;

    /// <param name="connection">An open connection (EF opened it, so its per-connection set-up, such as SQLite's foreign keys, is on).</param>
    public UsageStore(DbConnection connection, UsageSql sql, bool sqlite)
    {
        _connection = connection;
        _sql = sql;
        _sqlite = sqlite;
        if (sqlite)
        {
            // A large page cache (256 MB) keeps the unique index's pages in memory: its random writes are the cost of ingest.
            using var pragma = _connection.CreateCommand();
            // The writer inserts only events whose subscription and ISV it has just validated (and subscriptions are
            // never deleted), so SQLite's per-row foreign-key lookups into Subscriptions and Partners buy nothing here.
            // Checkpoints (copying the WAL into the database file) are taken off the writer's thread: UsageWriter runs
            // them on a connection of their own, on the other core, while the writer goes on writing.
            pragma.CommandText = "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF; PRAGMA wal_autocheckpoint = 0;";
            pragma.ExecuteNonQuery();
        }
    }

    public void Begin()
    {
        _transaction = _connection.BeginTransaction(); // SQLite: BEGIN IMMEDIATE — the write lock for the whole group
        foreach (var command in _commands.Values) command.Transaction = _transaction;
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        try { _transaction?.Rollback(); } catch (DbException) { } catch (InvalidOperationException) { }
        _transaction?.Dispose();
        _transaction = null;
    }

    /// <summary>SQLite: copies what is left of the WAL into the database file and empties it (between groups).</summary>
    /// <returns>The frames left in the WAL: 0, or all of them when a reader kept SQLite from finishing (busy).</returns>
    public long TruncateWal()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) != 0 ? reader.GetInt64(1) : 0;
    }

    /// <summary>The new row's id, or null for a duplicate (the unique index already holds its key).</summary>
    public long? InsertEvent(Guid isv, PendingEvent e, DateTime receivedUtc)
    {
        var c = _insertEvent ??= Command(_sql.InsertEvent, "isv", "eventId", "sub", "metric", "qty", "billable", "ts", "period", "props", "received", "key");
        var p = c.Parameters;
        p[0].Value = Cached(isv);
        p[1].Value = e.EventId;
        p[2].Value = Cached(e.SubscriptionId);
        p[3].Value = e.Metric;
        (p[4].Value, p[5].Value, p[6].Value) = e.Stored;
        p[7].Value = e.Period;
        p[8].Value = (object?)e.PropertiesJson ?? DBNull.Value;
        p[9].Value = ReceivedAt(receivedUtc);
        p[10].Value = e.EventKey;
        if (!_sqlite) return c.ExecuteScalar() is long id ? id : null;
        return c.ExecuteNonQuery() == 1 ? SQLitePCL.raw.sqlite3_last_insert_rowid(((Microsoft.Data.Sqlite.SqliteConnection)_connection).Handle) : null;
    }

    public void InsertRun(Guid subscriptionId, int period, long first, long last)
    {
        var c = Command(UsageSql.InsertRun, "sub", "period", "first", "last");
        c.Parameters[0].Value = Cached(subscriptionId);
        c.Parameters[1].Value = period;
        c.Parameters[2].Value = first;
        c.Parameters[3].Value = last;
        c.ExecuteNonQuery();
    }

    /// <summary>
    /// The end dates of those of <paramref name="subscriptionIds"/> that have one, read inside the group's transaction:
    /// one statement per group (the ids travel as one JSON array), never one per event.
    /// </summary>
    public Dictionary<Guid, DateOnly> EndDatesOf(IReadOnlyCollection<Guid> subscriptionIds)
    {
        var ends = new Dictionary<Guid, DateOnly>();
        if (subscriptionIds.Count == 0) return ends;
        var c = Command(_sql.SubscriptionEnds, "ids");
        // SQLite keeps Guids as upper-case text (as EF Core writes them); SQL Server casts the text.
        c.Parameters[0].Value = "[" + string.Join(',', subscriptionIds.Select(id => "\"" + (_sqlite ? id.ToString().ToUpperInvariant() : id.ToString()) + "\"")) + "]";
        using var reader = c.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0));
            ends[id] = reader.GetValue(1) switch
            {
                DateOnly d => d,
                DateTime t => DateOnly.FromDateTime(t),
                var text => DateOnly.ParseExact((string)text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }

        return ends;
    }

    /// <summary>True when the value is new for the subscription × metric × period.</summary>
    public bool InsertUniqueValue(AggregateKey key, string value)
    {
        var c = _insertUniqueValue ??= Command(_sql.InsertUniqueValue, "sub", "metric", "period", "value");
        c.Parameters[0].Value = Cached(key.SubscriptionId);
        c.Parameters[1].Value = key.Metric;
        c.Parameters[2].Value = key.Period;
        c.Parameters[3].Value = value;
        return c.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Adds a group's delta to the stored aggregate. SQLite: the row is read and <see cref="UsageAggregate.Combine"/>
    /// computes the new one. SQL Server: <c>UsageSql.SqlServer.WriteAggregate</c> is the database form of the same
    /// Combine (sum + sum, count + count, the larger max; a delta always holds at least one event), kept in SQL
    /// because it is the measured hot path; UsageAggregateMergeTests hold both to the domain.
    /// </summary>
    public void MergeAggregate(AggregateKey key, AggregateDelta delta, DateTime nowUtc)
    {
        var merged = delta.Aggregate;
        var unique = delta.Unique;
        if (!_sql.AddsInSql)
        {
            var read = Command(_sql.ReadAggregate!, "sub", "metric", "period");
            read.Parameters[0].Value = G(key.SubscriptionId);
            read.Parameters[1].Value = key.Metric;
            read.Parameters[2].Value = key.Period;
            using var reader = read.ExecuteReader();
            if (reader.Read())
            {
                merged = new UsageAggregate(ParseDecimal(reader.GetString(0)), reader.GetInt64(1), ParseDecimal(reader.GetString(2))).Combine(merged);
                unique += reader.GetInt64(3);
            }
        }

        var c = Command(_sql.WriteAggregate, "sub", "metric", "period", "sum", "count", "max", "unique", "now");
        c.Parameters[0].Value = G(key.SubscriptionId);
        c.Parameters[1].Value = key.Metric;
        c.Parameters[2].Value = key.Period;
        c.Parameters[3].Value = D(merged.Sum);
        c.Parameters[4].Value = merged.Count;
        c.Parameters[5].Value = D(merged.Max);
        c.Parameters[6].Value = unique;
        c.Parameters[7].Value = T(nowUtc);
        c.ExecuteNonQuery();
    }

    public void MergeDaily(DailyKey key, DailyDelta delta)
    {
        var merged = delta.Aggregate;
        if (_sql.ReadDaily is not null)
        {
            var read = Command(_sql.ReadDaily, "sub", "metric", "day");
            read.Parameters[0].Value = G(key.SubscriptionId);
            read.Parameters[1].Value = key.Metric;
            read.Parameters[2].Value = key.Day;
            using var reader = read.ExecuteReader();
            if (reader.Read())
                merged = new UsageAggregate(ParseDecimal(reader.GetString(0)), reader.GetInt64(1), 0m).Combine(merged);
        }

        var c = Command(_sql.WriteDaily, "sub", "metric", "day", "qty", "events");
        c.Parameters[0].Value = G(key.SubscriptionId);
        c.Parameters[1].Value = key.Metric;
        c.Parameters[2].Value = key.Day;
        c.Parameters[3].Value = D(merged.Sum);
        c.Parameters[4].Value = merged.Count;
        c.ExecuteNonQuery();
    }

    public void InsertRejection(Guid isv, UsageRejection rejection, DateTime atUtc)
    {
        var c = Command(_sql.InsertRejection, "isv", "eventId", "index", "code", "error", "at");
        c.Parameters[0].Value = G(isv);
        c.Parameters[1].Value = (object?)rejection.Id ?? DBNull.Value;
        c.Parameters[2].Value = rejection.Index;
        c.Parameters[3].Value = rejection.Code;
        c.Parameters[4].Value = rejection.Error.Length > 500 ? rejection.Error[..500] : rejection.Error;
        c.Parameters[5].Value = T(atUtc);
        c.ExecuteNonQuery();
    }

    public void AddCounter(DateTime minuteUtc, string outcome, long count)
    {
        var c = Command(_sql.AddCounter, "minute", "outcome", "count");
        c.Parameters[0].Value = T(minuteUtc);
        c.Parameters[1].Value = outcome;
        c.Parameters[2].Value = count;
        c.ExecuteNonQuery();
    }

    public void Prune(DateTime rejectionsBeforeUtc, DateTime countersBeforeUtc)
    {
        var r = Command(_sql.PruneRejections, "cutoff");
        r.Parameters[0].Value = T(rejectionsBeforeUtc);
        r.ExecuteNonQuery();
        var c = Command(_sql.PruneCounters, "cutoff");
        c.Parameters[0].Value = T(countersBeforeUtc);
        c.ExecuteNonQuery();
    }

    /// <summary>A command for <paramref name="sql"/>, created and prepared once, with its parameters in this order.</summary>
    internal DbCommand Command(string sql, params string[] parameters)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        if (_connection.State == ConnectionState.Open && _sqlite) command.Prepare();
        _commands[sql] = command;
        return command;
    }

    private readonly Dictionary<Guid, object> _guids = [];

    /// <summary><see cref="G"/> for the few ids that recur on every row (ISVs, subscriptions): formatted once.</summary>
    private object Cached(Guid value)
    {
        if (_guids.TryGetValue(value, out var text)) return text;
        if (_guids.Count > 100_000) _guids.Clear();
        return _guids[value] = G(value);
    }

    private object G(Guid value) => _sqlite ? value.ToString().ToUpperInvariant() : value;
    private object D(decimal value) => Decimal(value, _sqlite);
    private object T(DateTime value) => Time(value, _sqlite);

    /// <summary>A decimal as the provider stores it (SQLite: EF Core's invariant text).</summary>
    internal static object Decimal(decimal value, bool sqlite) => sqlite ? value.ToString(SqliteDecimalFormat, CultureInfo.InvariantCulture) : value;

    /// <summary>A UTC time as the provider stores it (SQLite: EF Core's text).</summary>
    internal static object Time(DateTime value, bool sqlite) =>
        sqlite ? DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString(SqliteDateFormat, CultureInfo.InvariantCulture) : value;

    private (DateTime Time, object Value) _receivedAt;

    /// <summary><see cref="T"/> of a batch's arrival, formatted once for all its events.</summary>
    private object ReceivedAt(DateTime value)
    {
        if (_receivedAt.Time != value || _receivedAt.Value is null) _receivedAt = (value, T(value));
        return _receivedAt.Value;
    }
    private static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Rollback();
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        _insertEvent = null;
        _insertUniqueValue = null;
    }
}

using System.Buffers.Binary;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

/// <summary>
/// The single writer of usage (group commit). Requests put their judged batches into a channel; this service takes
/// whatever is waiting — up to <see cref="MaxGroupEvents"/> — and writes it in ONE transaction: each event inserted
/// with a prepared statement that the unique index on its key (<see cref="UsageEventKey"/>) turns into a no-op for a duplicate (also a
/// duplicate inside the group), the period and daily aggregates, distinct values, the rejection log and the
/// per-minute counters. Only after the commit does each request learn its own accepted and duplicate counts.
/// <para>
/// Why: the unique index's random page writes are paid per commit, so a few large transactions are several times
/// faster than one per request, and one writer never waits for SQLite's write lock behind another.
/// </para>
/// </summary>
public sealed class UsageWriter(IServiceScopeFactory scopes, PortalSettings settings, TimeProvider clock, ILogger<UsageWriter> logger) : BackgroundService
{
    /// <summary>A group closes when the queue is empty or it holds this many events.</summary>
    public const int MaxGroupEvents = 50_000;

    private readonly Channel<PendingBatch> _queue = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(256)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private UsageStore? _store;
    private PortalDbContext? _db;
    private IServiceScope? _scope;
    private DateTime _lastPrune = DateTime.MinValue;

    internal async Task<(int Accepted, int Duplicates)> SubmitAsync(PendingBatch batch)
    {
        try
        {
            await _queue.Writer.WriteAsync(batch);
        }
        catch (ChannelClosedException)
        {
            throw new Api.RequestRejectedException(StatusCodes.Status503ServiceUnavailable, "The portal is shutting down; send the batch again.");
        }

        return await batch.Done.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking new batches; the loop drains what is queued, so every waiting request gets its answer.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reader = _queue.Reader;
        var group = new List<PendingBatch>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            var events = 0;
            while (events < MaxGroupEvents && reader.TryRead(out var batch))
            {
                group.Add(batch);
                events += batch.Events.Count + 1;
            }

            if (group.Count > 0) await WriteAsync(group);
        }

        DisposeStore();
    }

    private async Task WriteAsync(List<PendingBatch> group)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = await WriteGroupAsync(group);
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("Wrote {Batches} batches, {Events} events in {Ms:0.0} ms", group.Count, group.Sum(b => b.Events.Count), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
            StartCheckpoint();
        }
        catch (Exception ex) when (group.Count > 1)
        {
            // One bad batch must not fail the others: write them one by one.
            logger.LogWarning(ex, "A usage group of {Batches} batches failed; writing them one by one.", group.Count);
            foreach (var batch in group) await WriteAsync([batch]);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A usage batch of {Events} events failed; nothing of it was stored.", group[0].Events.Count);
            group[0].Done.TrySetException(ex);
        }
    }

    private async Task<(int Accepted, int Duplicates)[]> WriteGroupAsync(List<PendingBatch> group)
    {
        var store = await StoreAsync();
        await TruncateWalIfLongAsync(store);
        var now = clock.GetUtcNow().UtcDateTime;
        var results = new (int Accepted, int Duplicates)[group.Count];
        var aggregates = new Dictionary<AggregateKey, AggregateDelta>();
        var daily = new Dictionary<DailyKey, DailyDelta>();
        var counters = new Dictionary<(DateTime, string), long>();
        try
        {
            store.Begin();
            var accepted = new int[group.Count];
            var duplicates = new int[group.Count];

            // Duplicates inside the group, in request order: the first occurrence of an id is the one that counts. The
            // rest is bucketed by subscription × period and stored bucket by bucket, so each bucket's rows get one
            // contiguous run of ids (UsageEventRuns). Against stored events the order does not matter.
            var seen = new HashSet<UInt128>();
            var buckets = new Dictionary<(Guid, int), List<(int Batch, PendingEvent Event)>>();
            var ends = EndsOf(store, group);
            var late = new List<UsageRejection>?[group.Count];
            for (var b = 0; b < group.Count; b++)
                foreach (var e in group[b].Events)
                {
                    if (ends.Count > 0 && ends.TryGetValue(e.SubscriptionId, out var end) && e.TimestampUtc >= end.Utc)
                    {
                        (late[b] ??= []).Add(new UsageRejection(e.Index, e.EventId,
                            $"timestamp is on or after the subscription's end on {end.Day:yyyy-MM-dd}.", UsageReasons.AfterEnd));
                        continue;
                    }

                    if (!seen.Add(BinaryPrimitives.ReadUInt128LittleEndian(e.EventKey)))
                    {
                        duplicates[b]++;
                        continue;
                    }

                    if (!buckets.TryGetValue((e.SubscriptionId, e.Period), out var bucket)) buckets[(e.SubscriptionId, e.Period)] = bucket = [];
                    bucket.Add((b, e));
                }

            foreach (var ((subscriptionId, period), bucket) in buckets)
            {
                long first = 0, last = 0;
                foreach (var (b, e) in bucket)
                {
                    if (store.InsertEvent(group[b].IsvPartnerId, e, group[b].ReceivedAtUtc) is not { } id)
                    {
                        duplicates[b]++;
                        continue;
                    }

                    if (first == 0) first = id;
                    last = id;
                    accepted[b]++;
                    Aggregate(e);
                }

                if (first != 0) store.InsertRun(subscriptionId, period, first, last);
            }

            void Aggregate(PendingEvent e)
            {
                var key = new AggregateKey(e.SubscriptionId, e.Metric, e.Period);
                if (!aggregates.TryGetValue(key, out var delta)) aggregates[key] = delta = new AggregateDelta();
                delta.Aggregate = delta.Aggregate.Add(e.Billable);
                if (e.UniqueValue is not null && store.InsertUniqueValue(key, e.UniqueValue)) delta.Unique++;
                var dayKey = new DailyKey(e.SubscriptionId, e.Metric, e.Day);
                if (!daily.TryGetValue(dayKey, out var day)) daily[dayKey] = day = new DailyDelta();
                day.Aggregate = day.Aggregate.Add(e.Billable);
            }

            for (var b = 0; b < group.Count; b++)
            {
                var batch = group[b];
                var minute = new DateTime(batch.ReceivedAtUtc.Ticks - batch.ReceivedAtUtc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
                Count(counters, minute, "accepted", accepted[b]);
                Count(counters, minute, "duplicate", duplicates[b]);
                var rejections = late[b] is { } lateOnes ? batch.Rejections.Concat(lateOnes).ToList() : batch.Rejections;
                foreach (var rejection in rejections) Count(counters, minute, rejection.Code, 1);
                foreach (var rejection in rejections.Take(UsageLimits.LoggedRejectionsPerRequest))
                    store.InsertRejection(batch.IsvPartnerId, rejection, batch.ReceivedAtUtc);
                results[b] = (accepted[b], duplicates[b]);
            }

            // Sorted, so two SQL Server nodes take the aggregate rows' locks in the same order.
            foreach (var (key, delta) in aggregates.OrderBy(a => a.Key.SubscriptionId).ThenBy(a => a.Key.Metric, StringComparer.Ordinal).ThenBy(a => a.Key.Period))
                store.MergeAggregate(key, delta, now);
            foreach (var (key, delta) in daily.OrderBy(a => a.Key.SubscriptionId).ThenBy(a => a.Key.Metric, StringComparer.Ordinal).ThenBy(a => a.Key.Day))
                store.MergeDaily(key, delta);
            foreach (var ((minute, outcome), count) in counters.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2, StringComparer.Ordinal))
                store.AddCounter(minute, outcome, count);
            if (now - _lastPrune > TimeSpan.FromMinutes(10))
            {
                store.Prune(now - UsageLimits.RejectionRetention, now - UsageLimits.CounterRetention);
                _lastPrune = now;
            }

            store.Commit();
            // Only now, so that a group written again one batch at a time after a failure does not report them twice.
            for (var b = 0; b < group.Count; b++)
                if (late[b] is { } lateOnes)
                {
                    group[b].Rejections.AddRange(lateOnes);
                    group[b].Rejections.Sort((x, y) => x.Index.CompareTo(y.Index));
                }

            return results;
        }
        catch
        {
            store.Rollback();
            DisposeStore(); // a fresh connection for the next group
            throw;
        }
    }

    /// <summary>
    /// The exclusive end instant of every subscription of the group that has an end date, read in the group's
    /// transaction.
    /// <para>
    /// DESIGN (cancel vs usage): events are judged against <see cref="UsageSubscriptionFacts"/>, cached up to 30 s, so an
    /// event may be judged with an end date that a cancel has just moved. The rule is that a cancel is refused when an
    /// accepted event lies on or after its end day (<c>SubscriptionService.CancelAsync</c>), and this re-check closes
    /// the race from the other side: the cancel updates the subscription row and then looks for events, in one
    /// transaction; the writer reads end dates here in its own. On SQLite both hold the one write lock (BEGIN
    /// IMMEDIATE), so one transaction runs wholly before the other: a cancel committed before this group is seen
    /// here, a group committed before the cancel is seen by the cancel's check. On SQL Server the read takes HOLDLOCK
    /// on the subscription rows, which orders the two the same way across nodes. Cost: one statement per group for
    /// its distinct subscriptions, and a dictionary lookup per event only when one of them has an end date — the
    /// statement reads at most a few hundred primary-key rows per group (benchmark, 20 s, 64 clients, 200 subscriptions,
    /// on a machine at load 9–12: 19,600 events/s, 21,900 events per server CPU-second, CHECK OK). A stale cache entry
    /// therefore costs nothing but an <c>afterEnd</c> rejection coming from the writer instead of the judge.
    /// </para>
    /// </summary>
    private Dictionary<Guid, (DateOnly Day, DateTime Utc)> EndsOf(UsageStore store, List<PendingBatch> group)
    {
        var ids = new HashSet<Guid>();
        foreach (var batch in group)
            foreach (var e in batch.Events)
                ids.Add(e.SubscriptionId);
        var ends = new Dictionary<Guid, (DateOnly, DateTime)>();
        foreach (var (id, day) in store.EndDatesOf(ids))
            ends[id] = (day, Domain.Usage.UsageWindow.StartOfDayUtc(day, settings.TimeZone).UtcDateTime);
        return ends;
    }

    private static void Count(Dictionary<(DateTime, string), long> counters, DateTime minute, string outcome, long count)
    {
        if (count == 0) return;
        counters[(minute, outcome)] = counters.GetValueOrDefault((minute, outcome)) + count;
    }

    private async Task<UsageStore> StoreAsync()
    {
        if (_store is not null) return _store;
        _scope = scopes.CreateScope();
        _db = await _scope.ServiceProvider.GetRequiredService<PortalDbFactory>().CreateForAsync(Tenant.System);
        var sqlite = settings.Provider == DatabaseProvider.Sqlite;
        await _db.Database.OpenConnectionAsync();
        _store = new UsageStore(_db.Database.GetDbConnection(), sqlite ? UsageSql.Sqlite : UsageSql.SqlServer, sqlite);
        return _store;
    }

    private Task _checkpoint = Task.CompletedTask;
    private long _walFrames;

    /// <summary>WAL frames (pages) after which the writer lets the checkpoints catch up and truncates the WAL.</summary>
    internal const long MaxWalFrames = 32_768; // 128 MB of 4 KB pages

    /// <summary>
    /// SQLite only: copies the committed WAL into the database file on another thread (a PASSIVE checkpoint never
    /// blocks the writer), one at a time. The writer's own connection has automatic checkpoints switched off, so its
    /// thread — the one that limits ingest — mostly only appends to the WAL.
    /// </summary>
    private void StartCheckpoint()
    {
        // Past the limit no new one starts: the writer truncates at the next group once the running one has finished.
        if (settings.Provider != DatabaseProvider.Sqlite || !_checkpoint.IsCompleted || Volatile.Read(ref _walFrames) > MaxWalFrames) return;
        _checkpoint = Task.Run(() =>
        {
            try
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection(settings.ConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                using var reader = command.ExecuteReader();
                if (reader.Read()) Volatile.Write(ref _walFrames, reader.GetInt64(1));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                logger.LogWarning(ex, "WAL checkpoint failed; the next group tries again.");
            }
        });
    }

    /// <summary>
    /// A passive checkpoint never catches up with a writer that keeps appending, and SQLite starts the WAL over only
    /// once every frame is back in the database file: left alone the WAL grows without end (1.7 GB in 40 s of the
    /// benchmark) and every page lookup gets slower. So when it holds more than <see cref="MaxWalFrames"/>, the writer
    /// truncates it itself between two groups, copying only what the background checkpoint has not; it waits for a
    /// running background checkpoint only once the WAL is four times that long.
    /// </summary>
    private async Task TruncateWalIfLongAsync(UsageStore store)
    {
        var frames = Volatile.Read(ref _walFrames);
        if (settings.Provider != DatabaseProvider.Sqlite || frames <= MaxWalFrames) return;
        if (!_checkpoint.IsCompleted && frames <= 4 * MaxWalFrames) return;
        await _checkpoint;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // A reader on an old snapshot makes SQLite report the checkpoint busy: the WAL keeps its frames and the
            // next background checkpoint reports them again. Upkeep never fails the group it precedes.
            Volatile.Write(ref _walFrames, store.TruncateWal());
            logger.LogDebug("WAL truncated in {Ms:0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            logger.LogWarning(ex, "Truncating the WAL failed; the next groups try again.");
        }
    }

    private void DisposeStore()
    {
        _store?.Dispose();
        _store = null;
        _db?.Dispose();
        _db = null;
        _scope?.Dispose();
        _scope = null;
    }
}

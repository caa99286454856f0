using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

/// <summary>The billable quantity of one metric of one subscription in a period, and its accepted events.</summary>
public sealed record UsageQuantity(decimal Quantity, long Events);

public sealed record MetricUsageDto(string Metric, decimal Quantity, long Events, string Unit, string Aggregation);

/// <summary>The answer of <c>GET /api/v1/subscriptions/{id}/usage/{period}</c>.</summary>
public sealed record SubscriptionUsageDto(Guid SubscriptionId, string Period, IReadOnlyList<MetricUsageDto> Metrics);

/// <summary>
/// Reads usage from the aggregates (never from raw events): for the API, the pages and — through
/// <see cref="GetQuantitiesAsync(PortalDbContext, IReadOnlyCollection{Guid}, Period, CancellationToken)"/> — the settlement.
/// </summary>
public sealed class UsageReader(PortalDbFactory dbFactory)
{
    /// <summary>
    /// The raw events of a subscription in a period (traceability, a customer's data export), found through their runs
    /// (<see cref="UsageEventRunRecord"/>): an index seek for the runs, then a row-id range per run. The caller's
    /// tenancy filters apply to both tables. Ordered by arrival.
    /// </summary>
    public static IQueryable<UsageEventRecord> RawEvents(PortalDbContext db, Guid subscriptionId, Period period) => RawEvents(db, subscriptionId, PeriodKey.ToInt(period));

    private static IQueryable<UsageEventRecord> RawEvents(PortalDbContext db, Guid subscriptionId, int period) =>
        db.UsageEvents.FromSqlInterpolated($"""
            SELECT e.* FROM "UsageEventRuns" r JOIN "UsageEvents" e ON e."Id" BETWEEN r."FirstEventId" AND r."LastEventId"
            WHERE r."SubscriptionId" = {subscriptionId} AND r."Period" = {period} AND e."SubscriptionId" = {subscriptionId} AND e."Period" = {period}
            """).OrderBy(e => e.Id);

    /// <summary>
    /// The accepted events of <paramref name="subscriptionIds"/> in <paramref name="period"/>, per subscription in time
    /// order — by (timestamp, row id), so events of the same instant keep their arrival order — for the charges that an
    /// aggregate cannot price: a <c>percentage</c> charge's free allowance and per-event minimum and maximum depend on
    /// each event's value in that order (DESIGN §4).
    /// <para>
    /// Each <see cref="UsageEvent"/> carries the REPORTED quantity (not the billable one): <see cref="PricingEngine.Quote"/>
    /// applies the metric's per-event rounding itself when <see cref="QuoteInput.Metrics"/> is given, exactly as the quote
    /// endpoint does with the app's metrics — so pass the app's metrics with these events (rounding twice would be
    /// harmless for <c>ceilPerEvent</c>, but the engine and the API must see the same input). Properties are the event's
    /// string and number values as text, as the ingest read them.
    /// </para>
    /// <para>
    /// Set-based: one query for the whole batch, through the runs (<see cref="UsageEventRunRecord"/>: an index seek per
    /// subscription × period, then a row-id range per run), never a scan of UsageEvents and never a query per
    /// subscription. Subscriptions without events are absent. The caller's context decides what it may see (the
    /// settlement passes the system's).
    /// </para>
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<UsageEvent>>> EventsInOrderAsync(
        PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, Period period, CancellationToken ct = default)
    {
        var ids = subscriptionIds.Distinct().ToList();
        var rows = await (from r in db.UsageEventRuns
                          where r.Period == period && EF.Parameter(ids).Contains(r.SubscriptionId)
                          join e in db.UsageEvents on r.SubscriptionId equals e.SubscriptionId
                          where e.Id >= r.FirstEventId && e.Id <= r.LastEventId && e.Period == period
                          select new { e.Id, e.SubscriptionId, e.Metric, e.Quantity, e.TimestampUtc, e.PropertiesJson })
            .AsNoTracking().ToListAsync(ct);
        // Ordered here rather than in SQL: SQLite keeps times as text, and one rule for both providers is simpler to trust.
        return rows.GroupBy(r => r.SubscriptionId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<UsageEvent>)g.OrderBy(r => r.TimestampUtc).ThenBy(r => r.Id)
                .Select(r => new UsageEvent(r.Metric, r.Quantity, PropertiesOf(r.PropertiesJson))).ToList());
    }

    /// <summary>An event's properties as the pricing functions see them: string values as they are, numbers as written.</summary>
    private static IReadOnlyDictionary<string, string>? PropertiesOf(string? json)
    {
        if (json is null) return null;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
            properties[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        return properties;
    }

    /// <summary>The billable quantity per (subscription, metric) for the caller's visible subscriptions, set-based.</summary>
    public async Task<IReadOnlyDictionary<(Guid SubscriptionId, string Metric), UsageQuantity>> GetQuantitiesAsync(
        IReadOnlyCollection<Guid> subscriptionIds, Period period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        await using var catalog = await dbFactory.CreateForAsync(Tenant.System, ct);
        return await GetQuantitiesAsync(db, catalog, subscriptionIds, period, ct);
    }

    /// <summary>The same on a context the caller owns (the settlement passes its own, as the system).</summary>
    public static Task<IReadOnlyDictionary<(Guid SubscriptionId, string Metric), UsageQuantity>> GetQuantitiesAsync(
        PortalDbContext db, IReadOnlyCollection<Guid> subscriptionIds, Period period, CancellationToken ct = default) =>
        GetQuantitiesAsync(db, db, subscriptionIds, period, ct);

    private static async Task<IReadOnlyDictionary<(Guid SubscriptionId, string Metric), UsageQuantity>> GetQuantitiesAsync(
        PortalDbContext db, PortalDbContext catalog, IReadOnlyCollection<Guid> subscriptionIds, Period period, CancellationToken ct)
    {
        var ids = subscriptionIds.Distinct().ToList();
        var rows = await db.UsageAggregates.AsNoTracking()
            .Where(a => a.Period == period && EF.Parameter(ids).Contains(a.SubscriptionId))
            .Select(a => new { a.SubscriptionId, a.Metric, a.Sum, a.Count, a.Max, a.UniqueCount })
            .ToListAsync(ct);
        var metrics = await MetricsOfAsync(db, catalog, rows.Select(r => r.SubscriptionId).Distinct().ToList(), ct);
        var result = new Dictionary<(Guid, string), UsageQuantity>();
        foreach (var r in rows)
        {
            var aggregation = metrics.GetValueOrDefault(r.SubscriptionId)?.GetValueOrDefault(r.Metric)?.Aggregation ?? MetricAggregation.Sum;
            result[(r.SubscriptionId, r.Metric)] = new UsageQuantity(QuantityOf(aggregation, r.Sum, r.Count, r.Max, r.UniqueCount), r.Count);
        }

        return result;
    }

    /// <summary><c>GET /api/v1/subscriptions/{id}/usage/{period}</c>: every metric of the subscription's app, 0 where nothing was reported.</summary>
    public async Task<SubscriptionUsageDto> GetSubscriptionUsageAsync(Guid subscriptionId, string period, CancellationToken ct = default)
    {
        if (!Period.TryParse(period, out var p)) throw RequestRejectedException.Invalid("period", "period must be yyyy-MM, e.g. 2026-11.");
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Subscriptions.AnyAsync(s => s.Id == subscriptionId, ct)) throw RequestRejectedException.NotFound("The subscription");
        await using var catalog = await dbFactory.CreateForAsync(Tenant.System, ct);
        return await SubscriptionUsageAsync(db, catalog, subscriptionId, p, ct);
    }

    /// <summary>
    /// The same answer on contexts the caller owns: the statements' drill-down passes a system context once it has
    /// proved that the caller's statement carries a line of this subscription and period (the customer may have moved
    /// to another partner since, which hides the subscription from the partner's own context).
    /// </summary>
    public static async Task<SubscriptionUsageDto> SubscriptionUsageAsync(PortalDbContext db, PortalDbContext catalog, Guid subscriptionId, Period p,
        CancellationToken ct = default)
    {
        var rows = await db.UsageAggregates.AsNoTracking().Where(a => a.SubscriptionId == subscriptionId && a.Period == p).ToListAsync(ct);
        var metrics = (await MetricsOfAsync(db, catalog, [subscriptionId], ct)).GetValueOrDefault(subscriptionId) ?? new Dictionary<string, UsageMetric>();
        var list = new List<MetricUsageDto>();
        foreach (var metric in metrics.Values.OrderBy(m => m.Code, StringComparer.Ordinal))
        {
            var row = rows.FirstOrDefault(r => r.Metric == metric.Code);
            list.Add(new MetricUsageDto(metric.Code, row is null ? 0 : QuantityOf(metric.Aggregation, row.Sum, row.Count, row.Max, row.UniqueCount),
                row?.Count ?? 0, metric.Unit, ApiName(metric.Aggregation)));
        }

        // A metric the app no longer defines still shows what was counted.
        foreach (var row in rows.Where(r => !metrics.ContainsKey(r.Metric)))
            list.Add(new MetricUsageDto(row.Metric, row.Sum, row.Count, "", "sum"));
        return new SubscriptionUsageDto(subscriptionId, p.ToString(), list);
    }

    /// <summary>The billable quantity of a stored aggregate row: the domain's <see cref="UsageAggregate.QuantityFor(MetricAggregation, long)"/>.</summary>
    public static decimal QuantityOf(MetricAggregation aggregation, decimal sum, long count, decimal max, long uniqueCount) =>
        new UsageAggregate(sum, count, max).QuantityFor(aggregation, uniqueCount);

    public static string ApiName(MetricAggregation aggregation) => aggregation switch
    {
        MetricAggregation.Count => "count",
        MetricAggregation.Max => "max",
        MetricAggregation.UniqueCount => "uniqueCount",
        _ => "sum",
    };

    /// <summary>
    /// Metric definitions per subscription visible in <paramref name="visible"/>, read from <paramref name="catalog"/> (a
    /// system context): the caller may see a subscription whose app is no longer live and so hidden from it in the
    /// catalog, and a metric's definition is no secret once its usage is visible.
    /// </summary>
    internal static async Task<Dictionary<Guid, Dictionary<string, UsageMetric>>> MetricsOfAsync(PortalDbContext visible, PortalDbContext catalog, List<Guid> subscriptionIds, CancellationToken ct)
    {
        var apps = await visible.Subscriptions.AsNoTracking().Where(s => EF.Parameter(subscriptionIds).Contains(s.Id) && s.AppId != null)
            .Select(s => new { s.Id, AppId = s.AppId!.Value }).ToListAsync(ct);
        var appIds = apps.Select(a => a.AppId).Distinct().ToList();
        var definitions = (await catalog.Apps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => a.Metrics.ToDictionary(m => m.Code, m => m.ToUsageMetric(), StringComparer.Ordinal));
        return apps.ToDictionary(a => a.Id, a => definitions.GetValueOrDefault(a.AppId) ?? new Dictionary<string, UsageMetric>(StringComparer.Ordinal));
    }
}

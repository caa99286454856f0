using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

public sealed record AppMetricsView(Guid AppId, string AppName, IReadOnlyList<UsageMetric> Metrics);

public sealed record DailyUsagePoint(DateOnly Day, decimal Quantity, long Events);

public sealed record SubscriptionMetricRow(Guid SubscriptionId, string CustomerName, decimal Quantity, long Events);

public sealed record RejectionRow(DateTime AtUtc, string? EventId, int Index, string Code, string Error);

public sealed record CustomerSubscriptionUsageRow(Guid SubscriptionId, string CustomerName, string AppName, DateOnly StartDate, DateOnly? EndDate,
    IReadOnlyList<MetricUsageDto> Metrics);

public sealed record IngestMinute(DateTime MinuteUtc, long Accepted, long Duplicates, long Rejected);

public sealed record IngestHealthView(IReadOnlyList<IngestMinute> LastHour, IReadOnlyDictionary<string, long> RejectionsByReason24h,
    long Accepted24h, long Duplicates24h, long Rejected24h);

/// <summary>The usage pages' queries: aggregates and daily rows only, scoped to the caller by the query filters.</summary>
public sealed class UsagePages(PortalDbFactory dbFactory, PortalSettings settings, TimeProvider clock)
{
    public Period CurrentPeriod => Period.Of(clock.GetUtcNow(), settings.TimeZone);

    public TimeZoneInfo TimeZone => settings.TimeZone;

    /// <summary>The signed-in ISV's apps and their metrics.</summary>
    public async Task<IReadOnlyList<AppMetricsView>> IsvAppsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var isv = db.Tenant.PartnerId ?? Guid.Empty;
        var apps = await db.Apps.AsNoTracking().Where(a => a.IsvPartnerId == isv).OrderBy(a => a.Name).ToListAsync(ct);
        return apps.Select(a => new AppMetricsView(a.Id, a.Name, a.Metrics.Select(m => m.ToUsageMetric()).OrderBy(m => m.Code, StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>Per local day of <paramref name="period"/>: the billable quantity (sum of rounded quantities) and events of a metric over the app's subscriptions.</summary>
    public async Task<IReadOnlyList<DailyUsagePoint>> DailyAsync(Guid appId, string metric, Period period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var (from, to) = UsageWindow.DayKeys(period); // [first day, first day of the next period)
        var isv = db.Tenant.PartnerId ?? Guid.Empty;
        // Daily rows of the app's subscriptions (at most days × subscriptions); decimals are summed here because SQLite stores them as text.
        var rows = await db.UsageDaily.AsNoTracking()
            .Where(d => d.Metric == metric && d.Day >= from && d.Day < to
                        && db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.AppId == appId && s.ContractPartnerId == isv))
            .Select(d => new { d.Day, d.Quantity, d.Events })
            .ToListAsync(ct);
        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => (Quantity: g.Sum(r => r.Quantity), Events: g.Sum(r => r.Events)));
        return Enumerable.Range(1, period.DaysInPeriod)
            .Select(day => byDay.TryGetValue(from + day - 1, out var v) ? new DailyUsagePoint(period.FirstDay.AddDays(day - 1), v.Quantity, v.Events) : new DailyUsagePoint(period.FirstDay.AddDays(day - 1), 0, 0))
            .ToList();
    }

    /// <summary>The app's subscriptions with usage of <paramref name="metric"/> in the period, biggest first, paged.</summary>
    public async Task<Paged<SubscriptionMetricRow>> SubscriptionsAsync(Guid appId, UsageMetric metric, Period period, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var isv = db.Tenant.PartnerId ?? Guid.Empty;
        var query = from a in db.UsageAggregates.AsNoTracking()
                    where a.Metric == metric.Code && a.Period == period
                    join s in db.Subscriptions on a.SubscriptionId equals s.Id
                    where s.AppId == appId && s.ContractPartnerId == isv
                    join c in db.Customers on s.CustomerId equals c.Id
                    select new { a.SubscriptionId, c.Name, a.Sum, a.Count, a.Max, a.UniqueCount };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Count).ThenBy(r => r.Name).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<SubscriptionMetricRow>(rows.Select(r => new SubscriptionMetricRow(r.SubscriptionId, r.Name,
            UsageReader.QuantityOf(metric.Aggregation, r.Sum, r.Count, r.Max, r.UniqueCount), r.Count)).ToList(), page + 1, pageSize, total);
    }

    /// <summary>The billable quantity of <paramref name="metric"/> in the period over all the app's subscriptions (from the aggregates).</summary>
    public async Task<decimal> PeriodQuantityAsync(Guid appId, UsageMetric metric, Period period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var isv = db.Tenant.PartnerId ?? Guid.Empty;
        var rows = await db.UsageAggregates.AsNoTracking()
            .Where(a => a.Metric == metric.Code && a.Period == period && db.Subscriptions.Any(s => s.Id == a.SubscriptionId && s.AppId == appId && s.ContractPartnerId == isv))
            .Select(a => new { a.Sum, a.Count, a.Max, a.UniqueCount })
            .ToListAsync(ct);
        var quantities = rows.Select(r => UsageReader.QuantityOf(metric.Aggregation, r.Sum, r.Count, r.Max, r.UniqueCount)).ToList();
        // The app's total: sums add up across subscriptions; a maximum is the largest of them.
        return metric.Aggregation == MetricAggregation.Max ? quantities.DefaultIfEmpty(0).Max() : quantities.Sum();
    }

    /// <summary>The signed-in ISV's rejection log, newest first, paged (page counts from 0, as MudDataGrid does).</summary>
    public async Task<Paged<RejectionRow>> RejectionsAsync(int page, int pageSize, string? code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.UsageRejections.AsNoTracking();
        if (!string.IsNullOrEmpty(code)) query = query.Where(r => r.Code == code);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Id).Skip(page * pageSize).Take(pageSize)
            .Select(r => new RejectionRow(r.AtUtc, r.EventId, r.Index, r.Code, r.Error)).ToListAsync(ct);
        return new Paged<RejectionRow>(rows, page + 1, pageSize, total);
    }

    /// <summary>A reseller's (or distributor's) customers' app subscriptions with their month-to-date usage, paged.</summary>
    public async Task<Paged<CustomerSubscriptionUsageRow>> CustomerUsageAsync(Period period, int page, int pageSize, string? search, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var start = period.FirstDay;
        var end = period.EndExclusive;
        var query = from s in db.Subscriptions.AsNoTracking()
                    where s.AppId != null && s.StartDate < end && (s.EndDate == null || s.EndDate > start)
                    join c in db.Customers on s.CustomerId equals c.Id
                    select new { s.Id, Customer = c.Name, s.AppId, s.StartDate, s.EndDate };
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(r => r.Customer.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.Customer).ThenBy(r => r.StartDate).ThenBy(r => r.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);

        await using var catalog = await dbFactory.CreateForAsync(Tenant.System, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var appIds = rows.Select(r => r.AppId!.Value).Distinct().ToList();
        var apps = await catalog.Apps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToListAsync(ct);
        var aggregates = await db.UsageAggregates.AsNoTracking().Where(a => a.Period == period && ids.Contains(a.SubscriptionId)).ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var app = apps.FirstOrDefault(a => a.Id == r.AppId);
            var metrics = (app?.Metrics ?? []).OrderBy(m => m.Code, StringComparer.Ordinal).Select(m =>
            {
                var a = aggregates.FirstOrDefault(x => x.SubscriptionId == r.Id && x.Metric == m.Code);
                return new MetricUsageDto(m.Code, a is null ? 0 : UsageReader.QuantityOf(m.Aggregation, a.Sum, a.Count, a.Max, a.UniqueCount), a?.Count ?? 0, m.Unit, UsageReader.ApiName(m.Aggregation));
            }).ToList();
            return new CustomerSubscriptionUsageRow(r.Id, r.Customer, app?.Name ?? "–", r.StartDate, r.EndDate, metrics);
        }).ToList();
        return new Paged<CustomerSubscriptionUsageRow>(items, page + 1, pageSize, total);
    }

    /// <summary>The operator's ingest health: events per minute over the last hour, and the last 24 hours by outcome.</summary>
    public async Task<IngestHealthView> IngestHealthAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        if (!db.Tenant.SeesAll) throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator sees the ingest health.");
        var now = clock.GetUtcNow().UtcDateTime;
        var thisMinute = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var dayAgo = thisMinute.AddHours(-24);
        var counters = await db.UsageIngestCounters.AsNoTracking().Where(c => c.MinuteUtc >= dayAgo).ToListAsync(ct);
        var hourAgo = thisMinute.AddMinutes(-59);
        var byMinute = counters.Where(c => c.MinuteUtc >= hourAgo).GroupBy(c => c.MinuteUtc).ToDictionary(g => g.Key, g => g.ToList());
        var lastHour = Enumerable.Range(0, 60).Select(i => hourAgo.AddMinutes(i)).Select(m =>
        {
            var list = byMinute.GetValueOrDefault(m) ?? [];
            return new IngestMinute(m, list.Where(c => c.Outcome == "accepted").Sum(c => c.Count), list.Where(c => c.Outcome == "duplicate").Sum(c => c.Count),
                list.Where(c => c.Outcome is not ("accepted" or "duplicate")).Sum(c => c.Count));
        }).ToList();
        var rejections = counters.Where(c => c.Outcome is not ("accepted" or "duplicate")).GroupBy(c => c.Outcome)
            .OrderByDescending(g => g.Sum(c => c.Count)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return new IngestHealthView(lastHour, rejections, counters.Where(c => c.Outcome == "accepted").Sum(c => c.Count),
            counters.Where(c => c.Outcome == "duplicate").Sum(c => c.Count), rejections.Values.Sum());
    }
}

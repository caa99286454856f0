using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>A subscription as the settlement reads it.</summary>
internal sealed record SubscriptionRow(Guid Id, Guid CustomerId, Guid PlanVersionId, Guid? AppId, Guid? PartnerServiceId, Guid ContractPartnerId,
    DateOnly StartDate, DateOnly? EndDate, List<SeatSpan> Seats);

/// <summary>A subscription's period, rated: the quote, its app (null for a partner service), quantities and accepted events.</summary>
internal sealed record RatedRow(SubscriptionRow Row, RatedSubscription Rated, App? App, IReadOnlyDictionary<string, decimal> Quantities, long Events);

/// <summary>
/// Loads what rating needs for a set of subscriptions — plan versions, apps and metrics, quantities from the usage
/// aggregates, and for percentage charges the events in time order — in a handful of set-based queries, and rates each
/// with <see cref="SettlementEngine.Rate"/>. The batch and the adjustments of approved periods both rate through here.
/// </summary>
internal static class SettlementInputs
{
    public static async Task<List<RatedRow>> RateAsync(PortalDbContext db, Period period, IQueryable<Domain.Subscriptions.Subscription> subscriptions, CancellationToken ct)
    {
        var rows = (await subscriptions.AsNoTracking()
                .Select(s => new { s.Id, s.CustomerId, s.PlanVersionId, s.AppId, s.PartnerServiceId, s.ContractPartnerId, s.StartDate, s.EndDate, s.SeatChanges })
                .ToListAsync(ct))
            .Select(s => new SubscriptionRow(s.Id, s.CustomerId, s.PlanVersionId, s.AppId, s.PartnerServiceId, s.ContractPartnerId, s.StartDate, s.EndDate,
                s.SeatChanges.Select(c => new SeatSpan(c.From, c.Seats)).ToList()))
            .ToList();
        var subscriptionIds = rows.Select(r => r.Id).ToList();

        var versionIds = rows.Select(r => r.PlanVersionId).Distinct().ToList();
        var versions = await (from v in db.PlanVersions.AsNoTracking()
                              where versionIds.Contains(v.Id)
                              join p in db.Plans on v.PlanId equals p.Id
                              select new { v.Id, v.Charges, v.MinimumCommitment, p.Currency }).ToDictionaryAsync(v => v.Id, ct);
        var appIds = rows.Where(r => r.AppId != null).Select(r => r.AppId!.Value).Distinct().ToList();
        var apps = (await db.Apps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToListAsync(ct)).ToDictionary(a => a.Id);

        // Billable quantities from the aggregates (never raw events), through the usage feature's one reader.
        var usage = (await UsageReader.GetQuantitiesAsync(db, subscriptionIds, period, ct))
            .GroupBy(q => q.Key.SubscriptionId).ToDictionary(g => g.Key, g => g.ToList());

        // Percentage charges price each event in time order: read the events of just those subscriptions.
        var needsEvents = rows.Where(r => versions.TryGetValue(r.PlanVersionId, out var v)
                && v.Charges.Any(c => c.GetChargeType() == ChargeType.Usage && c.GetModel() == ChargeModel.Percentage))
            .Select(r => r.Id).ToList();
        var events = needsEvents.Count == 0
            ? new Dictionary<Guid, IReadOnlyList<UsageEvent>>()
            : await UsageReader.EventsInOrderAsync(db, needsEvents, period, ct);

        var result = new List<RatedRow>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.Id))
        {
            var version = versions[row.PlanVersionId];
            var app = row.AppId is { } appId ? apps.GetValueOrDefault(appId) : null;
            var ownUsage = usage.GetValueOrDefault(row.Id) ?? [];
            var quantities = ownUsage.ToDictionary(q => q.Key.Metric, q => q.Value.Quantity, StringComparer.Ordinal);
            var rated = SettlementEngine.Rate(new SubscriptionPeriodInput
            {
                SubscriptionId = row.Id, Charges = version.Charges, MinimumCommitment = version.MinimumCommitment, Currency = version.Currency,
                StartDate = row.StartDate, EndDate = row.EndDate, Seats = row.Seats, Quantities = quantities,
                Events = events.GetValueOrDefault(row.Id), Metrics = app?.Metrics.Select(m => m.ToUsageMetric()).ToList() ?? [],
            }, period);
            if (rated is not null) result.Add(new RatedRow(row, rated, app, quantities, ownUsage.Sum(q => q.Value.Events)));
        }

        return result;
    }
}

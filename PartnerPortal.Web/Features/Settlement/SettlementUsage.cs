using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The events a percentage charge prices, in (timestamp, id) order, found through the usage runs (no scan of the
/// events table). Only subscriptions whose plan has a percentage charge are read.
/// </summary>
public static class SettlementUsage
{
    public static async Task<Dictionary<Guid, IReadOnlyList<UsageEvent>>> EventsInOrderAsync(PortalDbContext db, IReadOnlyList<Guid> subscriptionIds, Period period, CancellationToken ct)
    {
        var result = new Dictionary<Guid, IReadOnlyList<UsageEvent>>();
        var key = PeriodConverter.ToKey(period);
        foreach (var id in subscriptionIds)
        {
            var rows = await UsageReader.RawEvents(db, id, key).AsNoTracking()
                .Select(e => new { e.Id, e.Metric, e.Quantity, e.TimestampUtc }).ToListAsync(ct);
            result[id] = rows.OrderBy(e => e.TimestampUtc).ThenBy(e => e.Id).Select(e => new UsageEvent(e.Metric, e.Quantity)).ToList();
        }

        return result;
    }
}

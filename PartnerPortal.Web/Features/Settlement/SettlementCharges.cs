using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Integration;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The store's own charges in a settlement run (<see cref="CustomerChargeRecord"/>): every integration request closed as
/// Done with a charge before the period's end whose charge no period has billed yet is billed to its customer in this
/// period. So a charge lands in the period containing its Done date — or, when that period was settled (and approved)
/// before the request was closed, in the next period settled — and never twice: the unique request id of the charge
/// lines, and re-runs of a draft delete its lines first (<see cref="SettlementRunner"/>). Operator revenue: no
/// commission, no override, no payout, so no statement line; the run's totals count it as <c>operatorCharges</c>.
/// </summary>
internal static class SettlementCharges
{
    public static async Task AddAsync(PortalDbContext db, Period period, TimeZoneInfo zone, CancellationToken ct)
    {
        var endUtc = period.EndExclusiveUtc(zone).UtcDateTime;
        var due = await db.IntegrationRequests.AsNoTracking()
            .Where(r => r.Status == IntegrationRequestStatus.Done && r.ChargeCents > 0 && r.ClosedAtUtc < endUtc
                && !db.CustomerCharges.Any(c => c.IntegrationRequestId == r.Id))
            .OrderBy(r => r.ClosedAtUtc).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.CustomerId, r.RequestingPartnerId, r.Currency, r.ChargeCents, r.ClosedAtUtc })
            .ToListAsync(ct);
        foreach (var r in due)
            db.CustomerCharges.Add(new CustomerChargeRecord
            {
                Period = period, CustomerId = r.CustomerId, IntegrationRequestId = r.Id, RequestingPartnerId = r.RequestingPartnerId, Currency = r.Currency,
                AmountCents = r.ChargeCents!.Value,
                Description = $"Integration service {IntegrationRequest.NumberOf(r.Id)} (done {r.ClosedAtUtc:yyyy-MM-dd})",
            });
    }
}

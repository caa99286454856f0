using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The last approved period, which decides which dates are open (<see cref="Domain.Subscriptions.OpenPeriods"/>). Runs
/// are the operator's data, so this reads them with a system context: the answer (a period) tells a partner nothing
/// it may not know — the portal says it in every refusal anyway.
/// </summary>
public sealed class OpenDates(PortalDbFactory factory)
{
    public async Task<Period?> LastApprovedAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateForAsync(Tenant.System, ct);
        return await LastApprovedAsync(db, ct);
    }

    public static async Task<Period?> LastApprovedAsync(PortalDbContext db, CancellationToken ct) =>
        await db.SettlementRuns.Where(r => r.Status == SettlementStatus.Approved)
            .OrderByDescending(r => r.Period).Select(r => (Period?)r.Period).FirstOrDefaultAsync(ct);
}

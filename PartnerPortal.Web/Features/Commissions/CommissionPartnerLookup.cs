using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.Commissions;

public sealed record CommissionPartnerOption(Guid Id, string Name, PartnerKind Kind);

/// <summary>
/// The partners a commission plan can be assigned to, for the operator's picker: active resellers, system integrators
/// and distributors (ISVs earn no commission). One small projection; the query filters decide what the caller sees.
/// </summary>
public sealed class CommissionPartnerLookup(PortalDbFactory dbFactory)
{
    public async Task<IReadOnlyList<CommissionPartnerOption>> ActiveAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.Partners.AsNoTracking()
            .Where(p => p.Status == PartnerStatus.Active && p.Kind != PartnerKind.Isv)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new CommissionPartnerOption(p.Id, p.Name, p.Kind))
            .ToListAsync(ct);
    }
}

using MudBlazor;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Audit;

public sealed class AuditFeature : IPortalFeature
{
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/operator/audit", "Nav.Audit", Icons.Material.Filled.History, [PortalRoles.Operator], 810),
        new("/hangfire", "Nav.Jobs", Icons.Material.Filled.Schedule, [PortalRoles.Operator], 820, NewTab: true),
    ];
}

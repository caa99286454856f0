using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Integration;

public sealed class IntegrationFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<IntegrationService>();

    public void MapApi(RouteGroupBuilder api) => api.MapIntegrationEndpoints();

    /// <summary>The partners' list next to their customers (200); the operator's queue after the settlement pages (310).</summary>
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/integration-requests", "Nav.IntegrationRequests", Icons.Material.Filled.Handyman, [PortalRoles.Distributor, PortalRoles.Reseller], 210),
        new("/operator/integration-requests", "Nav.IntegrationQueue", Icons.Material.Filled.Handyman, [PortalRoles.Operator], 320),
    ];
}

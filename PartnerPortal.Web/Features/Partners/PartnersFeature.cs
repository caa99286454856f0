using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Partners;

public sealed class PartnersFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<PartnerService>();

    public void MapApi(RouteGroupBuilder api) => api.MapPartnerEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/partners", "Nav.Partners", Icons.Material.Filled.Handshake, [PortalRoles.Operator, PortalRoles.Distributor], 100)];
}

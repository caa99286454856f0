using MudBlazor;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Web.Features.Home;

public sealed class HomeFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<HomeService>();

    public IEnumerable<NavEntry> Navigation =>
    [
        new("/", "Nav.Home", Icons.Material.Filled.Dashboard, [], 0),
        new("/api/docs/", "Nav.ApiDocs", Icons.Material.Filled.Api, [], 1000, NewTab: true),
    ];
}

using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Catalog;

public sealed class CatalogFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<CatalogService>();

    public void MapApi(RouteGroupBuilder api) => api.MapCatalogEndpoints();

    public IEnumerable<NavEntry> Navigation =>
    [
        new("/catalog/apps", "Nav.MyApps", Icons.Material.Filled.Apps, [PortalRoles.Isv], 200),
        new("/catalog/review", "Nav.AppReview", Icons.Material.Filled.FactCheck, [PortalRoles.Operator], 210),
        new("/catalog", "Nav.Catalog", Icons.Material.Filled.Storefront, [PortalRoles.Operator, PortalRoles.Distributor, PortalRoles.Reseller], 220),
        new("/catalog/services", "Nav.MyServices", Icons.Material.Filled.Handyman, [PortalRoles.Reseller], 230),
    ];
}

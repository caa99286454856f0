using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>The store's app categories: the operator's page and <c>/api/v1/app-categories</c>.</summary>
public sealed class AppCategoriesFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<AppCategoryService>();

    public void MapApi(RouteGroupBuilder api) => api.MapAppCategoryEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/catalog/categories", "Nav.AppCategories", Icons.Material.Filled.Category, [PortalRoles.Operator], 215)];
}

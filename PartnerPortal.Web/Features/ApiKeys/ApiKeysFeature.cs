using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.ApiKeys;

public sealed class ApiKeysFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<ApiKeyService>();

    public void MapApi(RouteGroupBuilder api) => api.MapApiKeyEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/api-keys", "Nav.ApiKeys", Icons.Material.Filled.Key, [PortalRoles.Distributor, PortalRoles.Reseller, PortalRoles.Isv], 900)];
}

using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Subscriptions;

public sealed class SubscriptionsFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<SubscriptionService>();

    public void MapApi(RouteGroupBuilder api) => api.MapSubscriptionEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/my/subscriptions", "Nav.MySubscriptions", Icons.Material.Filled.Receipt, [PortalRoles.Customer], 200)];
}

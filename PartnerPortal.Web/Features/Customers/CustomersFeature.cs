using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Customers;

public sealed class CustomersFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) => services.AddScoped<CustomerService>().AddScoped<CustomerUserService>();

    public void MapApi(RouteGroupBuilder api) => api.MapCustomerEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/customers", "Nav.Customers", Icons.Material.Filled.Storefront, [PortalRoles.Operator, PortalRoles.Distributor, PortalRoles.Reseller, PortalRoles.Isv], 200)];
}

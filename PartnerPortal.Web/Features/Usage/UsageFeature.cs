using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

public sealed class UsageFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings)
    {
        services.AddSingleton<UsageSubscriptionFacts>();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageWriter>());
        services.AddSingleton<UsageIngestService>();
        services.AddScoped<UsageReader>();
        services.AddScoped<UsagePages>();
    }

    public void MapApi(RouteGroupBuilder api) => api.MapUsageEndpoints();

    public IEnumerable<NavEntry> Navigation =>
    [
        new("/usage", "Nav.Usage", Icons.Material.Filled.QueryStats, [PortalRoles.Isv], 400),
        new("/usage/rejections", "Nav.UsageRejections", Icons.Material.Filled.ReportProblem, [PortalRoles.Isv], 410),
        new("/usage/customers", "Nav.CustomerUsage", Icons.Material.Filled.QueryStats, [PortalRoles.Reseller, PortalRoles.Distributor], 400),
        new("/usage/ingest", "Nav.IngestHealth", Icons.Material.Filled.MonitorHeart, [PortalRoles.Operator], 800),
    ];
}

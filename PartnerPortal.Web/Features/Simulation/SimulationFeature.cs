using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Simulation;

/// <summary>Pilot programs (issue 10): simulations of candidate commission plans, pilot partners' view and feedback, publishing.</summary>
public sealed class SimulationFeature : IPortalFeature
{
    /// <summary>A role claim signed-in users of pilot partners carry (menu only; the data layer decides what they see).</summary>
    public const string PilotRole = "PilotPartner";

    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddScoped<SimulationService>().AddScoped<PilotService>();

    public void MapApi(RouteGroupBuilder api) => api.MapSimulationEndpoints();

    /// <summary>Beside the commission plans (300) and settlements (310).</summary>
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/operator/simulations", "Nav.Simulations", Icons.Material.Filled.QueryStats, [PortalRoles.Operator], 305),
        new("/pilot", "Nav.Pilot", Icons.Material.Filled.Science, [PilotRole], 120),
    ];
}

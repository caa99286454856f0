namespace PartnerPortal.Web.Features.Simulation;

public static class SimulationEndpoints
{
    public static RouteGroupBuilder MapSimulationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/simulations", async (SimulationRequest request, SimulationService service, CancellationToken ct) =>
            {
                // Checked before the first byte is written (a bad request is a problem, not half a body); rows then stream.
                var scope = await service.ScopeAsync(request, ct);
                return TypedResults.Ok(new SimulationResponse(service.RowsAsync(scope, ct)));
            })
            .WithTags("Simulation")
            .WithSummary("Operator: replays settled periods under a candidate plan (Draft or Pilot) → {rows:[{partnerId, period, current, simulated, " +
                         "platformMarginCurrent, platformMarginSimulated}]}. Nothing is written.");
        return api;
    }
}

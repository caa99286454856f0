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

        var plans = api.MapGroup("/commission-plans/{id:guid}").WithTags("Simulation");
        plans.MapPost("/pilot-share", async (Guid id, PilotService service, CancellationToken ct) => TypedResults.Ok(await service.ShareAsync(id, ct)))
            .WithSummary("Operator: shares a Draft or Pilot candidate with the pilot partners (a draft becomes Pilot).");
        plans.MapGet("/pilot-view", async (Guid id, PilotService service, CancellationToken ct) => TypedResults.Ok(await service.ViewAsync(id, ct)))
            .WithSummary("A pilot partner: the shared candidate over its own last settled months, next to what it earned.");
        plans.MapPost("/feedback", async (Guid id, FeedbackRequest request, PilotService service, CancellationToken ct) =>
            {
                var feedback = await service.FeedbackAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/commission-plans/{id}/feedback", feedback);
            })
            .WithSummary("A pilot partner shown the candidate: {rating: 1..5, comment} → feedback (201). Others: 403/404.");
        plans.MapGet("/feedback", async (Guid id, int? page, int? pageSize, PilotService service, CancellationToken ct) =>
                TypedResults.Ok(await service.FeedbackListAsync(id, page, pageSize, ct)))
            .WithSummary("The feedback on a plan: all of it for the operator, its own for a pilot partner.");
        plans.MapPost("/publish", async (Guid id, PublishRequest request, PilotService service, CancellationToken ct) =>
                TypedResults.Ok(await service.PublishAsync(id, request, ct)))
            .WithSummary("Operator: {effectiveFrom, partnerIds} → the candidate Published and assigned to those partners in one step; each gets an e-mail.");
        api.MapGet("/pilot-candidates", async (PilotService service, CancellationToken ct) => TypedResults.Ok(await service.SharedAsync(ct)))
            .WithTags("Simulation").WithSummary("The candidates shared with pilot partners (a pilot partner's own view; nobody else's partners see any).");
        return api;
    }
}

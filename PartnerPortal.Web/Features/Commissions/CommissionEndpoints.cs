namespace PartnerPortal.Web.Features.Commissions;

public static class CommissionEndpoints
{
    public static RouteGroupBuilder MapCommissionEndpoints(this RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/commission-plans").WithTags("Commissions");
        plans.MapPost("", async (CommissionPlanRequest request, CommissionPlanService service, CancellationToken ct) =>
        {
            var plan = await service.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/commission-plans/{plan.Id}", plan);
        }).WithSummary("Operator: creates a commission plan {name, baseRate, categoryRates?, tiers?, durationMonths?, overrideRate?, serviceFeeRate?, minimumPayout?, status}.");
        plans.MapGet("", async (int? page, int? pageSize, CommissionPlanService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(page, pageSize, ct)))
            .WithSummary("The commission plans the caller may see (the operator: all; a partner: those assigned to it).");
        plans.MapGet("/{id:guid}", async (Guid id, CommissionPlanService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One commission plan with its current terms.");
        plans.MapPost("/{id:guid}/versions", async (Guid id, CommissionPlanRequest request, CommissionPlanService service, CancellationToken ct) =>
        {
            var plan = await service.AddVersionAsync(id, request, ct);
            return TypedResults.Created($"/api/v1/commission-plans/{plan.Id}", plan);
        }).WithSummary("Operator: new terms as a new version; assignments keep their version until assigned again.");
        plans.MapPost("/{id:guid}/status", async (Guid id, CommissionPlanStatusRequest request, CommissionPlanService service, CancellationToken ct) =>
            TypedResults.Ok(await service.MoveAsync(id, request.Status, ct)))
            .WithSummary("Operator: Draft → Pilot → Published → Retired.");

        api.MapPut("/partners/{id:guid}/commission-plan", async (Guid id, AssignCommissionPlanRequest request, CommissionPlanService service, CancellationToken ct) =>
                TypedResults.Ok(await service.AssignAsync(id, request, ct)))
            .WithTags("Commissions").WithSummary("Operator: assigns a published plan to a partner from effectiveFrom (half-open, like attributions).");
        api.MapGet("/partners/{id:guid}/commission-plan", async (Guid id, CommissionPlanService service, CancellationToken ct) =>
                TypedResults.Ok(await service.AssignmentsAsync(id, ct)))
            .WithTags("Commissions").WithSummary("The partner's commission plan now and its assignment history.");
        return api;
    }
}

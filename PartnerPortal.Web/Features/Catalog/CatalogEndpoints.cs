namespace PartnerPortal.Web.Features.Catalog;

public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var apps = api.MapGroup("/apps").WithTags("Catalog");
        apps.MapPost("", async (CreateAppRequest request, CatalogService catalog, CancellationToken ct) =>
        {
            var app = await catalog.CreateAppAsync(request, ct);
            return TypedResults.Created($"/api/v1/apps/{app.Id}", app);
        }).WithSummary("Creates a draft app (an ISV key: for itself; the operator: for any ISV).");
        apps.MapGet("", async (int? page, int? pageSize, string? search, string? category, string? status, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListAppsAsync(new AppQuery(page, pageSize, search, category, status), ct)))
            .WithSummary("The apps the caller may see: every live app and its own drafts; all for the operator.");
        apps.MapGet("/{id:guid}", async (Guid id, CatalogService catalog, CancellationToken ct) => TypedResults.Ok(await catalog.GetAppAsync(id, ct)))
            .WithSummary("One app the caller may see.");
        apps.MapPost("/{id:guid}/publish", async (Guid id, PublishAppRequest? request, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.PublishAsync(id, request?.PlatformFeeRate, ct)))
            .WithSummary("Operator key: the app goes Live (optional {platformFeeRate}). ISV key: the draft is submitted for review (Submitted).");
        apps.MapPost("/{id:guid}/approve", async (Guid id, ApproveAppRequest request, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ApproveAsync(id, request.PlatformFeeRate, ct)))
            .WithSummary("Operator: approves a submitted app with a platform fee rate (0..1); it goes Live.");
        apps.MapPost("/{id:guid}/reject", async (Guid id, RejectAppRequest request, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.RejectAsync(id, request.Reason, ct)))
            .WithSummary("Operator: rejects a submitted app with a reason; it returns to Draft.");
        apps.MapPost("/{id:guid}/retire", async (Guid id, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.RetireAsync(id, ct)))
            .WithSummary("Operator or the app's ISV: a live app is Retired: no new subscriptions, running ones continue; the catalog shows it as retired.");
        apps.MapPost("/{id:guid}/plans", async (Guid id, CreatePlanRequest request, CatalogService catalog, CancellationToken ct) =>
        {
            var version = await catalog.CreateAppPlanAsync(id, request, ct);
            return TypedResults.Created($"/api/v1/plan-versions/{version.Id}", version);
        }).WithSummary("Creates a plan with its first version; the answer's id is the plan version's (what subscriptions reference as planId).");
        apps.MapGet("/{id:guid}/plans", async (Guid id, int? page, int? pageSize, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListAppPlansAsync(id, page, pageSize, ct)))
            .WithSummary("The current version of each of the app's plans.");

        var plans = api.MapGroup("/plans").WithTags("Catalog");
        plans.MapGet("/{planId:guid}", async (Guid planId, CatalogService catalog, CancellationToken ct) => TypedResults.Ok(await catalog.GetPlanAsync(planId, ct)))
            .WithSummary("A plan with all its versions, newest first.");
        plans.MapPost("/{planId:guid}/versions", async (Guid planId, AddPlanVersionRequest request, CatalogService catalog, CancellationToken ct) =>
        {
            var version = await catalog.AddVersionAsync(planId, request, ct);
            return TypedResults.Created($"/api/v1/plan-versions/{version.Id}", version);
        }).WithSummary("Changes a plan: a new version, current for new subscriptions; running subscriptions keep theirs.");
        api.MapGet("/plan-versions/{id:guid}", async (Guid id, CatalogService catalog, CancellationToken ct) => TypedResults.Ok(await catalog.GetVersionAsync(id, ct)))
            .WithTags("Catalog").WithSummary("One plan version (the id subscriptions reference as planId).");

        var services = api.MapGroup("/partner-services").WithTags("Catalog");
        services.MapPost("", async (CreatePartnerServiceRequest request, CatalogService catalog, CancellationToken ct) =>
        {
            var version = await catalog.CreateServiceAsync(request, ct);
            return TypedResults.Created($"/api/v1/partner-services/{version.PartnerServiceId}", version);
        }).WithSummary("A reseller's or system integrator's own service with its plan; the answer is the plan version (id) of the service (partnerServiceId).");
        services.MapGet("", async (int? page, int? pageSize, string? search, CatalogService catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListServicesAsync(page, pageSize, search, ct)))
            .WithSummary("The partner services the caller may see.");
        services.MapGet("/{id:guid}", async (Guid id, CatalogService catalog, CancellationToken ct) => TypedResults.Ok(await catalog.GetServiceAsync(id, ct)))
            .WithSummary("One partner service with the current versions of its plans.");

        api.MapPost("/pricing/quote", (QuoteRequest request) => TypedResults.Ok(PricingQuotes.Quote(request)))
            .WithTags("Pricing").WithSummary("Prices charges for one period: {lines:[{charge, amount}], total}, amounts rounded to cents. Writes nothing.");
        return api;
    }
}

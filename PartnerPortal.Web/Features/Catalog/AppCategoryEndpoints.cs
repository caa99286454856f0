namespace PartnerPortal.Web.Features.Catalog;

public static class AppCategoryEndpoints
{
    public static RouteGroupBuilder MapAppCategoryEndpoints(this RouteGroupBuilder api)
    {
        var categories = api.MapGroup("/app-categories").WithTags("Catalog");
        categories.MapGet("", async (int? page, int? pageSize, AppCategoryService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(page, pageSize, ct)))
            .WithSummary("The store's app categories, by code (every signed-in organisation).");
        categories.MapGet("/{code}", async (string code, AppCategoryService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetAsync(code, ct)))
            .WithSummary("One app category; the code in any case.");
        categories.MapPost("", async (CreateAppCategoryRequest request, AppCategoryService service, CancellationToken ct) =>
        {
            var category = await service.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/app-categories/{category.Code}", category);
        }).WithSummary("Operator: adds a category {code, name}; code 2–32 letters or digits, unique in any case (409 otherwise).");
        return api;
    }
}

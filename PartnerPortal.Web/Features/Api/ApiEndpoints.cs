using PartnerPortal.Web.Features.ApiKeys;

namespace PartnerPortal.Web.Features.Api;

public static class ApiEndpoints
{
    public const string Policy = "api";

    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddProblemDetails();
        // Enums travel as their names ("Active", "Live"), as DESIGN §8 writes them; never as numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o =>
        {
            // The document describes the public API only, not the account pages' form posts.
            o.ShouldInclude = d => d.RelativePath is { } path && (path.StartsWith("api/v1", StringComparison.Ordinal) || path == "health");
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "PartnerPortal API";
                doc.Info.Description = "Automation for partners, ISVs and the operator. Authenticate with 'Authorization: Bearer <api key>'.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The <c>/api/v1</c> group: API keys only (no cookies, so no CSRF), problem details for every error.</summary>
    public static RouteGroupBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(Policy)
            .AddEndpointFilter<ApiExceptionFilter>()
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        PortalFeatures.MapFeatureApis(api);
        return api;
    }
}

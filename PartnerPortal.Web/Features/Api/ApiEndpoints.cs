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
        // A body or parameter that cannot be read throws (in every environment, not only Development), so that
        // UsePortalBadRequests can answer a problem naming the field; otherwise it is a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
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

    /// <summary>
    /// A request that cannot be read (malformed JSON, a query value of the wrong type) answers 400: on the API a problem
    /// whose <c>errors</c> name the field (<c>charges[0].amount</c>) and whose detail gives line and position; elsewhere
    /// the status alone, for the status-code pages. Before this, Production answered a bare 400.
    /// </summary>
    public static IApplicationBuilder UsePortalBadRequests(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
            if (!context.Request.Path.StartsWithSegments("/api")) return;
            var (field, detail) = Describe(ex);
            await ApiProblems.From(new RequestRejectedException(ex.StatusCode, detail, field is null ? null : [new FieldError(field, detail)]))
                .ExecuteAsync(context);
        }
    });

    private static (string? Field, string Detail) Describe(BadHttpRequestException ex)
    {
        if (ex.InnerException is not System.Text.Json.JsonException json) return (null, ex.Message);
        var field = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
        var reason = json.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0].TrimEnd(' ', '|');
        var position = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : "";
        return (field, $"The body is not valid JSON at {field}{position}: {reason}");
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

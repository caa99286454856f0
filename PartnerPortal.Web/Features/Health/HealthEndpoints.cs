using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.Health;

public static class HealthEndpoints
{
    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return services;
    }

    /// <summary><c>GET /health</c>: 200 with <c>{status, checks}</c> when the app and its database are up, 503 otherwise.</summary>
    public static IEndpointConventionBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                });
            },
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
}

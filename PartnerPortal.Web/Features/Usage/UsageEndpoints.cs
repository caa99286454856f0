using Microsoft.AspNetCore.Http.Features;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

public static class UsageEndpoints
{
    public static RouteGroupBuilder MapUsageEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/usage", async (HttpContext http, CurrentTenant currentTenant, UsageIngestService ingest) =>
            {
                if (http.Request.ContentLength > UsageLimits.MaxBodyBytes)
                    throw RequestRejectedException.Invalid("body", $"The body may hold at most {UsageLimits.MaxBodyBytes / 1024 / 1024} MB.");
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = UsageLimits.MaxBodyBytes;
                var tenant = await currentTenant.GetAsync();
                // Not the request's token: once handed to the writer, the events are stored whether or not the client waits.
                return TypedResults.Ok(await ingest.IngestAsync(tenant, http.Request.Body, http.RequestAborted));
            })
            .Accepts<UsageBatchRequest>("application/json")
            .Produces<UsageIngestResult>()
            .WithTags("Usage")
            .WithSummary("Reports up to 1,000 usage events (ISV keys). Each event is judged on its own; good events are kept, duplicates (same id) counted once.");

        api.MapGet("/subscriptions/{id:guid}/usage/{period}", async (Guid id, string period, UsageReader reader, CancellationToken ct) =>
                TypedResults.Ok(await reader.GetSubscriptionUsageAsync(id, period, ct)))
            .WithTags("Usage")
            .WithSummary("The billable quantity of each metric of a subscription in a period (yyyy-MM), from the aggregates.");
        return api;
    }
}

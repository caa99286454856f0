using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerPortal.Web.Features.Customers;

namespace PartnerPortal.Web.Features.Subscriptions;

public static class SubscriptionEndpoints
{
    public static RouteGroupBuilder MapSubscriptionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/subscriptions").WithTags("Subscriptions");
        group.MapPost("", async Task<Results<Created<SubscriptionDto>, Ok<SubscriptionDto>>> (CreateSubscriptionRequest request,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, SubscriptionService service, CancellationToken ct) =>
        {
            var (subscription, created) = await service.CreateAsync(request, IdempotencyKey.Parse(idempotencyKey), ct);
            return created ? TypedResults.Created($"/api/v1/subscriptions/{subscription.Id}", subscription) : TypedResults.Ok(subscription);
        }).WithSummary("Subscribes a customer to a plan version (planId) from startDate (today, earlier in an open period, or up to a year ahead). " +
                       "An Idempotency-Key header (a UUID) makes a repeated request answer the first subscription (200).");
        group.MapGet("/{id:guid}", async (Guid id, SubscriptionService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One subscription with its seat changes.");
        group.MapGet("", async (Guid? customerId, int? page, int? pageSize, SubscriptionService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(customerId, page, pageSize, ct)))
            .WithSummary("The subscriptions the caller may see, optionally of one customer.");
        group.MapPost("/{id:guid}/cancel", async (Guid id, CancelSubscriptionRequest request, SubscriptionService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CancelAsync(id, request, ct)))
            .WithSummary("Ends the subscription: endDate is the first day NOT counted (proration counts the start day, not the end day).");
        group.MapPost("/{id:guid}/seats", async (Guid id, ChangeSeatsRequest request, SubscriptionService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ChangeSeatsAsync(id, request, ct)))
            .WithSummary("From 'from' on (counted), the subscription has 'seats' seats.");
        return api;
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerPortal.Web.Features.Customers;

namespace PartnerPortal.Web.Features.Integration;

public static class IntegrationEndpoints
{
    public static RouteGroupBuilder MapIntegrationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integration-requests").WithTags("Integration service");
        group.MapPost("", async Task<Results<Created<IntegrationRequestDto>, Ok<IntegrationRequestDto>>> (CreateIntegrationRequest request,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, IntegrationService service, CancellationToken ct) =>
        {
            var (created, isNew) = await service.CreateAsync(request, IdempotencyKey.Parse(idempotencyKey), ct);
            return isNew ? TypedResults.Created($"/api/v1/integration-requests/{created.Id}", created) : TypedResults.Ok(created);
        }).WithSummary("A customer's reseller or system integrator (or the operator) asks the store to integrate a live app: {customerId, appId, description, " +
                       "desiredDate?, contact} → the request, Open (201). An Idempotency-Key header makes a repeat answer the first request (200).");
        group.MapGet("", async (int? page, int? pageSize, string? status, Guid? customerId, string? assignedTo, IntegrationService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(page, pageSize, status, customerId, assignedTo, ct)))
            .WithSummary("The requests the caller may see (the requesting partner and its distributor, the customer, the operator), newest first; " +
                         "filters: status (or 'active'), customerId, assignedTo (a user id, 'me' or 'none').");
        group.MapGet("/{id:guid}", async (Guid id, IntegrationService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One request with its history.");
        group.MapPost("/{id:guid}/status", async (Guid id, ChangeIntegrationStatusRequest request, IntegrationService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ChangeStatusAsync(id, request, ct)))
            .WithSummary("Operator: {status: Scheduled|InProgress|Done|Declined, note?, scheduledFor?, charge?}. Open → Scheduled → InProgress → Done, any open " +
                         "state → Declined (a note is required); closed requests are final. A charge (EUR, only on Done) is billed once to the customer in the next settlement.");
        group.MapPut("/{id:guid}/assignee", async (Guid id, AssignIntegrationRequest request, IntegrationService service, CancellationToken ct) =>
                TypedResults.Ok(await service.AssignAsync(id, request, ct)))
            .WithSummary("Operator: gives the request to an operator user {userId} (null: to nobody).");
        group.MapPost("/{id:guid}/comments", async (Guid id, CommentIntegrationRequest request, IntegrationService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CommentAsync(id, request, ct)))
            .WithSummary("Operator: adds a comment {note} to the request's history; the partner gets it by e-mail.");
        return api;
    }
}

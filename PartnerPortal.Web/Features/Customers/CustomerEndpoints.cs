using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Customers;

public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/customers").WithTags("Customers");

        group.MapPost("", async Task<Results<Created<CustomerDto>, Ok<CustomerDto>, ProblemHttpResult>> (
            CreateCustomerRequest request, bool? confirmDuplicate, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            CustomerService service, CancellationToken ct) =>
        {
            try
            {
                var (customer, created) = await service.CreateAsync(request, confirmDuplicate ?? false, IdempotencyKey.Parse(idempotencyKey), ct);
                return created ? TypedResults.Created($"/api/v1/customers/{customer.Id}", customer) : TypedResults.Ok(customer);
            }
            catch (DuplicateCustomerException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message,
                    extensions: new Dictionary<string, object?>
                    {
                        ["existingCustomerId"] = ex.ExistingCustomerId,
                        ["errors"] = new Dictionary<string, string[]> { [ex.Field] = [ex.Message] },
                    });
            }
        }).WithSummary("Registers a customer. A likely duplicate (same VAT ID, or same name and postcode) answers 409 with existingCustomerId " +
                       "unless ?confirmDuplicate=true. An Idempotency-Key header (a UUID) makes a repeated request answer the first customer (200).");

        group.MapGet("/{id:guid}", async (Guid id, CustomerService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One customer with its attribution history.");

        group.MapGet("", async (int? page, int? pageSize, string? search, CustomerService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(page, pageSize, search, ct)))
            .WithSummary("The customers the caller may see (search: name, postcode prefix or VAT ID).");

        group.MapPut("/{id:guid}/attribution", async (Guid id, MoveAttributionRequest request, CustomerService service, CancellationToken ct) =>
                TypedResults.Ok(await service.MoveAsync(id, request, ct)))
            .WithSummary("Moves the customer to another partner from a date; the old attribution ends that day (operator, or the partner's distributor).");

        group.MapGet("/{id:guid}/users", async (Guid id, CustomerUserService service, CancellationToken ct) => TypedResults.Ok(await service.UsersAsync(id, ct)))
            .WithSummary("The customer's users (the attributed partner and the operator).");

        group.MapPost("/{id:guid}/users", async (Guid id, InviteCustomerUserRequest request, CustomerUserService service, CancellationToken ct) =>
            {
                var user = await service.InviteUserAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/customers/{id}/users", user);
            })
            .WithSummary("Invites a customer admin by e-mail (a link to set a password).");
        return api;
    }
}

/// <summary>The API's <c>Idempotency-Key</c> header: a UUID the client makes per logical request.</summary>
public static class IdempotencyKey
{
    public static Guid? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        return Guid.TryParse(header, out var key) && key != Guid.Empty
            ? key
            : throw RequestRejectedException.Invalid("Idempotency-Key", "The Idempotency-Key header must be a UUID.");
    }
}

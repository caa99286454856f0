using Microsoft.AspNetCore.Http.HttpResults;

namespace PartnerPortal.Web.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name);

public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/partners/{partnerId:guid}/api-keys").WithTags("API keys");

        group.MapPost("", async Task<Created<CreatedApiKey>> (Guid partnerId, CreateApiKeyRequest request, ApiKeyService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(partnerId, request.Name, ct);
            return TypedResults.Created($"/api/v1/partners/{partnerId}/api-keys/{created.Id}", created);
        }).WithSummary("Creates an API key for the partner; the key is in the answer and shown only this once.");

        group.MapGet("", async (Guid partnerId, ApiKeyService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(partnerId, ct)))
            .WithSummary("Lists the partner's API keys (hints only, never the keys).");

        group.MapDelete("/{keyId:guid}", async (Guid partnerId, Guid keyId, ApiKeyService service, CancellationToken ct) =>
        {
            await service.RevokeAsync(partnerId, keyId, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revokes an API key; requests with it fail from now on.");

        return api;
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Web.Features.Onboarding;

public static class OnboardingEndpoints
{
    public static RouteGroupBuilder MapOnboardingEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/partners").WithTags("Onboarding");

        group.MapPost("/invitations", async Task<Created<InvitationDto>> (InvitePartnerRequest request, OnboardingService service, CancellationToken ct) =>
        {
            var invitation = await service.InviteAsync(request, ct);
            return TypedResults.Created($"/api/v1/partners/invitations/{invitation.Id}", invitation);
        }).WithSummary("Invites a partner by e-mail (a single-use link valid 14 days). Distributors invite resellers and system integrators under themselves.");

        group.MapGet("/invitations", async (int? page, int? pageSize, string? state, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListInvitationsAsync(page, pageSize, state, ct)))
            .WithSummary("The invitations the caller may see (the operator: all; a distributor: its downline's), newest first; state = Open, Used, Expired, Withdrawn.");

        group.MapGet("/invitations/{id:guid}", async (Guid id, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetInvitationAsync(id, ct)))
            .WithSummary("One invitation.");

        group.MapPost("/{id:guid}/approve", async (Guid id, PortalSettings settings, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ApproveAsync(id, settings.PublicUrl.AbsoluteUri, ct)))
            .WithSummary("Approves a registered partner (PendingApproval → Active): the operator, or the partner's distributor.");

        group.MapPost("/{id:guid}/reject", async (Guid id, RejectPartnerRequest request, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.RejectAsync(id, request.Reason, ct)))
            .WithSummary("Rejects a registration or withdraws an invitation with a reason (→ Terminated); the invitee is told by e-mail.");

        group.MapPost("/{id:guid}/suspend", async (Guid id, RejectPartnerRequest request, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SuspendAsync(id, request.Reason, ct)))
            .WithSummary("Suspends an active partner with a reason (operator).");

        group.MapPost("/{id:guid}/reactivate", async (Guid id, OnboardingService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ReactivateAsync(id, ct)))
            .WithSummary("Reactivates a suspended partner (operator).");

        group.MapPartnerImportEndpoints();

        return api;
    }
}

using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Onboarding;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Email;

/// <summary>What a mail's secret link is for; the link itself is issued on delivery (<see cref="MailLinks"/>).</summary>
public sealed record MailLink(string Kind, string Subject)
{
    public const string InvitationKind = "invitation";
    public const string PasswordResetKind = "reset";
    public const string ConfirmEmailKind = "confirm";
    public const string ChangeEmailKind = "change-email";

    public static MailLink Invitation(Guid invitationId) => new(InvitationKind, invitationId.ToString());
    /// <summary>A password reset; also how an invited customer user sets a first password.</summary>
    public static MailLink PasswordReset(string userId) => new(PasswordResetKind, userId);
    public static MailLink ConfirmEmail(string userId) => new(ConfirmEmailKind, userId);
    /// <summary>Confirms the change of the user's address to the mail's recipient.</summary>
    public static MailLink ChangeEmail(string userId) => new(ChangeEmailKind, userId);
}

/// <summary>
/// Issues the secret link of a mail at the moment it is delivered, so the outbox never holds one: a copy of the
/// database lets nobody register or reset a password (the reason invitation tokens are stored hashed). An invitation
/// gets a new token (the previous one stops working); Identity's tokens are made afresh. A link that can no longer be
/// issued (invitation used, withdrawn or expired; user gone) points to the portal's start page.
/// </summary>
public sealed class MailLinks(PortalDbFactory dbFactory, UserManager<PortalUser> users, PortalSettings settings, TimeProvider clock)
{
    /// <summary>The body as the recipient gets it.</summary>
    public async Task<string> RenderAsync(OutboxMessage message, CancellationToken ct = default)
    {
        if (message.LinkKind is null) return message.HtmlBody;
        var link = await IssueAsync(message, ct) ?? settings.Link("");
        return message.HtmlBody.Replace(Mailer.LinkPlaceholder, Mailer.Encode(link), StringComparison.Ordinal);
    }

    /// <summary>A fresh link for the mail, or null when there is none to issue.</summary>
    public async Task<string?> IssueAsync(OutboxMessage message, CancellationToken ct = default)
    {
        if (message.LinkKind is null || message.LinkSubject is null) return null;
        if (message.LinkKind == MailLink.InvitationKind)
        {
            if (!Guid.TryParse(message.LinkSubject, out var invitationId)) return null;
            await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var invitation = await db.PartnerInvitations.SingleOrDefaultAsync(i => i.Id == invitationId, ct);
            if (invitation is null || invitation.StateAt(now) != InvitationState.Open) return null;
            var token = invitation.RenewToken(now);
            await db.SaveChangesAsync(ct);
            return settings.Link(OnboardingService.RegistrationPath(token));
        }

        var user = await users.FindByIdAsync(message.LinkSubject);
        if (user is null) return null;
        var userId = Uri.EscapeDataString(user.Id);
        switch (message.LinkKind)
        {
            case MailLink.PasswordResetKind:
                return settings.Link($"Account/ResetPassword?code={Encode(await users.GeneratePasswordResetTokenAsync(user))}");
            case MailLink.ConfirmEmailKind:
                return settings.Link($"Account/ConfirmEmail?userId={userId}&code={Encode(await users.GenerateEmailConfirmationTokenAsync(user))}");
            case MailLink.ChangeEmailKind:
                var code = Encode(await users.GenerateChangeEmailTokenAsync(user, message.To));
                return settings.Link($"Account/ConfirmEmailChange?userId={userId}&email={Uri.EscapeDataString(message.To)}&code={code}");
            default:
                return null;
        }
    }

    private static string Encode(string identityToken) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(identityToken));
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Onboarding;

/// <summary>
/// The invitee's side: reading an invitation by its token and registering. Anonymous callers; the token is their
/// authority, so the contexts act as the system and read exactly the one invitation the token's hash names.
/// </summary>
public sealed class PartnerRegistrationService(PortalDbFactory dbFactory, TimeProvider clock, UserManager<PortalUser> userManager, ILogger<PartnerRegistrationService> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<RegistrationInfo?> GetRegistrationAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200) return null;
        var hash = PartnerInvitation.HashToken(token);
        // The token is the caller's authority: the context acts as the system, and reads exactly the one invitation.
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var row = await db.PartnerInvitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Join(db.Partners, i => i.PartnerId, p => p.Id, (i, p) => new { i, p }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var state = row.i.StateAt(Now);
        if (state == InvitationState.Open && row.p.Status != PartnerStatus.Invited) state = InvitationState.Used;
        return new RegistrationInfo(state, row.p.Id, row.p.Name, row.p.Kind.ToString(), row.i.Email, row.p.Country, row.i.ExpiresAtUtc);
    }

    /// <summary>
    /// Registers the invitee: validates everything first (company data, VAT ID, IBAN, terms, password), then in one
    /// SaveChanges uses the link up, completes the partner (→ PendingApproval) and creates its admin user. A second
    /// submit finds the link used (or hits the unique user name) and creates nothing.
    /// </summary>
    public async Task<IReadOnlyList<FieldProblem>> RegisterAsync(string token, RegistrationInput input, CancellationToken ct = default)
    {
        var hash = PartnerInvitation.HashToken(token);
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var invitation = await db.PartnerInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) return [new("token", "This invitation link is not valid.")];
        var partner = await db.Partners.SingleAsync(p => p.Id == invitation.PartnerId, ct);
        var now = Now;
        if (invitation.StateAt(now) != InvitationState.Open || partner.Status != PartnerStatus.Invited)
            return [new("token", invitation.StateAt(now) == InvitationState.Expired ? "This invitation link has expired." : "This invitation link has already been used.")];

        var problems = input.Registration.Validate(partner.Kind).ToList();
        if (string.IsNullOrWhiteSpace(input.DisplayName)) problems.Add(new("displayName", "Your name is required."));
        var user = new PortalUser
        {
            UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, // the link in the mail proved the address
            DisplayName = (input.DisplayName ?? "").Trim(), OrganisationKind = OrganisationKind.Partner, PartnerId = partner.Id,
            SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)), ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        user.NormalizedEmail = userManager.NormalizeEmail(user.Email);
        user.NormalizedUserName = userManager.NormalizeName(user.UserName);
        if (string.IsNullOrEmpty(input.Password)) problems.Add(new("password", "A password is required."));
        else
            foreach (var validator in userManager.PasswordValidators)
            {
                var result = await validator.ValidateAsync(userManager, user, input.Password);
                problems.AddRange(result.Errors.Select(e => new FieldProblem("password", e.Description)));
            }
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == user.NormalizedUserName || u.NormalizedEmail == user.NormalizedEmail, ct))
            problems.Add(new("email", "A user with this e-mail address exists already."));
        if (problems.Count > 0) return problems;

        user.PasswordHash = userManager.PasswordHasher.HashPassword(user, input.Password);
        invitation.Redeem(now);
        partner.Register(input.Registration, user.Id, now);
        db.Users.Add(user);
        var roleName = PortalRoles.For(OrganisationKind.Partner, partner.Kind);
        var roleId = await db.Roles.Where(r => r.Name == roleName).Select(r => r.Id).SingleAsync(ct);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        var actor = Tenant.ForPartner(partner.Id, partner.Kind, user.Id, user.DisplayName);
        Audit.Audit.Record(db, actor, now, "partner.registered", $"{partner.Kind} {partner.Name}", partner.Id, "terms accepted");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Registration of partner {PartnerId} lost a race; nothing was saved", partner.Id);
            return [new("token", "This invitation link has already been used.")];
        }
        return [];
    }

}

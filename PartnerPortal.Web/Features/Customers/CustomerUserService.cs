using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Customers;

/// <summary>Users of a customer (role Customer), invited by the customer's partner.</summary>
public sealed class CustomerUserService(PortalDbFactory dbFactory, TimeProvider clock, UserManager<PortalUser> users)
{
    /// <summary>The customer's users (role Customer); the attributed partner and the operator see them.</summary>
    public async Task<IReadOnlyList<CustomerUserDto>> UsersAsync(Guid customerId, CancellationToken ct = default)
    {
        await EnsureMayManageUsersAsync(customerId, ct);
        // A context scoped to the customer itself sees exactly its users.
        await using var customerDb = await dbFactory.CreateForAsync(Tenant.ForCustomer(customerId), ct);
        return await customerDb.Users.AsNoTracking().Where(u => u.CustomerId == customerId).OrderBy(u => u.Email)
            .Select(u => new CustomerUserDto(u.Id, u.Email!, u.DisplayName, u.PasswordHash != null)).ToListAsync(ct);
    }

    /// <summary>
    /// Invites a customer admin: a user of role Customer without a password, and a mail with a link to set one
    /// (Identity's password-reset token). Inviting an address that is already this customer's user sends a new link.
    /// </summary>
    public async Task<CustomerUserDto> InviteUserAsync(Guid customerId, InviteCustomerUserRequest request, CancellationToken ct = default)
    {
        var customerName = await EnsureMayManageUsersAsync(customerId, ct);
        var email = request.Email?.Trim();
        if (string.IsNullOrWhiteSpace(email) || email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
            throw RequestRejectedException.Invalid("email", "email must be an e-mail address.");
        if (request.DisplayName is { Length: > 200 }) throw RequestRejectedException.Invalid("displayName", "displayName has at most 200 characters.");

        var user = await users.FindByEmailAsync(email);
        if (user is not null && user.CustomerId != customerId)
            throw RequestRejectedException.Conflict("This e-mail address already belongs to another account.", "email");
        if (user is null)
        {
            // Confirmed at once: the only way in is the link sent to this address, which proves the mailbox.
            user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim(),
                OrganisationKind = OrganisationKind.Customer, CustomerId = customerId,
            };
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user);
            }
            catch (UniqueKeyViolationException)
            {
                created = IdentityResult.Failed(new IdentityError { Code = nameof(IdentityErrorDescriber.DuplicateUserName) });
            }
            if (created.Succeeded)
                await users.AddToRoleAsync(user, PortalRoles.Customer);
            else if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
            {
                // The same address invited at the same time (a double submit, a retry): the first request's user is
                // the answer, as for an invitation one after the other; another account's address stays a conflict.
                user = await FirstUserAsync(email, ct) is { } first && first.CustomerId == customerId
                    ? first
                    : throw RequestRejectedException.Conflict("This e-mail address already belongs to another account.", "email");
            }
            else throw RequestRejectedException.Invalid("email", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        // The set-password link (a password-reset token) is issued when the mail is delivered (MailLinks).
        const string link = Mailer.LinkPlaceholder;
        await using var db = await dbFactory.CreateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Mailer.Enqueue(db, email, "Your PartnerPortal access / Ihr Zugang zum PartnerPortal",
            $"<p>{Mailer.Encode(db.Tenant.Name ?? "Your partner")} invites you to PartnerPortal for {Mailer.Encode(customerName)}. " +
            $"<a href='{link}'>Set your password</a> (use this e-mail address to sign in).</p>" +
            $"<p>Sie wurden für {Mailer.Encode(customerName)} zum PartnerPortal eingeladen. <a href='{link}'>Passwort festlegen</a>.</p>", now,
            MailLink.PasswordReset(user.Id));
        Audit.Audit.Record(db, db.Tenant, now, "customer.user.invited", customerName, db.Tenant.PartnerId, $"customer {customerId}, {email}");
        await db.SaveChangesAsync(ct);
        return new CustomerUserDto(user.Id, email, user.DisplayName, user.PasswordHash != null);
    }

    /// <summary>The user of this address as stored, read apart from the request's Identity context (which still holds the refused row).</summary>
    private async Task<PortalUser?> FirstUserAsync(string email, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var normalized = users.NormalizeEmail(email);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
    }

    private async Task<string> EnsureMayManageUsersAsync(Guid customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        var customer = await CustomerService.Query(db, db.Customers.Where(c => c.Id == customerId)).SingleOrDefaultAsync(ct)
                       ?? throw RequestRejectedException.NotFound("The customer");
        if (!tenant.SeesAll && customer.PartnerId != tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the customer's partner invites its users.");
        return customer.Name;
    }
}

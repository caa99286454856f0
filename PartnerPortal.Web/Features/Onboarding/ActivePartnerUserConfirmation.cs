using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Onboarding;

/// <summary>
/// Identity asks this before every sign-in (<c>RequireConfirmedAccount</c> is on): the e-mail must be confirmed and,
/// for a partner's user, the partner must be <c>Active</c>. So a registered partner's admin cannot sign in before its
/// approval, nor after a suspension — for password and passkey sign-in alike, without touching the sign-in page's logic.
/// </summary>
internal sealed class ActivePartnerUserConfirmation(PortalDbFactory dbFactory) : IUserConfirmation<PortalUser>
{
    public async Task<bool> IsConfirmedAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        if (!await manager.IsEmailConfirmedAsync(user)) return false;
        if (user.PartnerId is not { } partnerId) return true;
        await using var db = await dbFactory.CreateForAsync(Tenant.System);
        return await db.Partners.AnyAsync(p => p.Id == partnerId && p.Status == PartnerStatus.Active);
    }
}

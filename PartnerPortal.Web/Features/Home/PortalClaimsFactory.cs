using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Home;

/// <summary>Puts the user's organisation on the sign-in cookie, where <see cref="Tenant.FromPrincipal"/> reads it.</summary>
internal sealed class PortalClaimsFactory(
    UserManager<PortalUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options, PortalDbContext db)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.OrganisationKind, user.OrganisationKind.ToString()));
        identity.AddClaim(new Claim(PortalClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if (user.PartnerId is { } partnerId)
        {
            var partner = await db.Partners.Where(p => p.Id == partnerId).Select(p => new { p.Kind, p.Pilot }).SingleAsync();
            identity.AddClaim(new Claim(PortalClaims.PartnerId, partnerId.ToString()));
            identity.AddClaim(new Claim(PortalClaims.PartnerKind, partner.Kind.ToString()));
            if (partner.Pilot) identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, Simulation.SimulationFeature.PilotRole));
        }
        if (user.CustomerId is { } customerId)
            identity.AddClaim(new Claim(PortalClaims.CustomerId, customerId.ToString()));
        if (!string.IsNullOrEmpty(user.Culture))
            identity.AddClaim(new Claim(ClaimTypes.Locality, user.Culture));
        return identity;
    }
}

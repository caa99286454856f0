using Microsoft.AspNetCore.Identity;
using MudBlazor;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Onboarding;

public sealed class OnboardingFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings)
    {
        services.AddScoped<OnboardingService>();
        services.AddScoped<PartnerRegistrationService>();
        // Registered after Identity's default: a partner's user signs in only while its partner is active.
        services.AddScoped<IUserConfirmation<PortalUser>, ActivePartnerUserConfirmation>();
    }

    public void MapApi(RouteGroupBuilder api) => api.MapOnboardingEndpoints();

    public IEnumerable<NavEntry> Navigation =>
    [
        new("/onboarding", "Nav.Onboarding", Icons.Material.Filled.PersonAddAlt1, [PortalRoles.Operator, PortalRoles.Distributor], 110),
        new("/onboarding/import", "Nav.OnboardingImport", Icons.Material.Filled.UploadFile, [PortalRoles.Distributor], 120),
    ];
}

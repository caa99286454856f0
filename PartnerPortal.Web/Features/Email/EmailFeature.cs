using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Email;

public sealed class EmailFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings)
    {
        services.AddTransient<MailDeliveryJob>();
        services.AddScoped<MailLinks>();
    }

    public IEnumerable<NavEntry> Navigation =>
        [new("/operator/outbox", "Nav.Outbox", Icons.Material.Filled.Mail, [PortalRoles.Operator], 800)];
}

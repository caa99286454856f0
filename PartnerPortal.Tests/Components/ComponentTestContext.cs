using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// bUnit with the portal's real services on the real SQLite database of a <see cref="PortalFactory"/>; only the
/// signed-in user is bUnit's. No fakes of the data layer: a component test also proves its tenancy.
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext(PortalFactory app)
    {
        App = app;
        app.CreateClient().Dispose(); // starts the app: migrations and demo data
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<PortalSettings>());
        Services.AddSingleton(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()); // Portal:Payouts:* for the payouts
        Services.AddSingleton<TimeProvider>(app.Clock);
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        Services.AddScoped<CurrentTenant>();
        Services.AddScoped<PortalDbFactory>();
        Services.AddPortalFeatures(app.Services.GetRequiredService<PortalSettings>());
    }

    protected PortalFactory App { get; }

    private (CultureInfo Culture, CultureInfo UiCulture)? _cultureBefore;

    /// <summary>Runs the test in the culture <paramref name="name"/> (formats and portal texts, as the page's
    /// language would); the culture before is back when the context is disposed.</summary>
    protected void UseCulture(string name)
    {
        _cultureBefore ??= (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }

    private void RestoreCulture()
    {
        if (_cultureBefore is not { } before) return;
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        _cultureBefore = null;
    }

    protected override void Dispose(bool disposing)
    {
        RestoreCulture();
        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        RestoreCulture();
        return base.DisposeAsyncCore();
    }

    /// <summary>Signs the test in as an operator user (sees everything; the name is what history entries show).</summary>
    protected void SignInAsOperator(string displayName = "Operator Test")
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("operator-test");
        auth.SetRoles(PortalRoles.Operator);
        auth.SetClaims(new Claim(PortalClaims.OrganisationKind, nameof(OrganisationKind.Operator)), new Claim(PortalClaims.DisplayName, displayName));
    }

    protected async Task<Partner> SignInAsPartnerAsync(string partnerName, string role)
    {
        var partner = await Demo.PartnerAsync(App, partnerName);
        var auth = AddAuthorization();
        auth.SetAuthorized("test-user");
        auth.SetRoles(role);
        auth.SetClaims(
            new Claim(PortalClaims.OrganisationKind, nameof(OrganisationKind.Partner)),
            new Claim(PortalClaims.PartnerId, partner.Id.ToString()),
            new Claim(PortalClaims.PartnerKind, partner.Kind.ToString()),
            new Claim(PortalClaims.DisplayName, "Test User"));
        return partner;
    }
}

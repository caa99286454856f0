using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

/// <summary>Sign-in sessions through the real sign-in form and cookie, over the HTTP pipeline.</summary>
public sealed partial class SessionTests
{
    private const string Password = "Session-Test-2026";

    [Fact]
    public async Task SuspendingAPartner_EndsItsUsersOpenSessions_AtTheirNextRequest_AndNoOneElses()
    {
        // An own portal: the sign-in cookie is checked once time has passed since it was issued, so this test moves the clock.
        await using var app = new CustomPortalFactory([]);
        var (suspendedId, suspendedEmail) = await PartnerWithUserAsync(app);
        var (_, otherEmail) = await PartnerWithUserAsync(app);
        using var suspended = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }); // keeps cookies
        using var other = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInAsync(suspended, suspendedEmail);
        await SignInAsync(other, otherEmail);
        Assert.Equal(HttpStatusCode.OK, (await suspended.GetAsync("/customers")).StatusCode);

        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/partners/{suspendedId}/suspend", new { reason = "Offene Rechnungen" })).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        var after = await suspended.GetAsync("/customers");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/customers")).StatusCode);
    }

    private static async Task<(Guid PartnerId, string Email)> PartnerWithUserAsync(PortalFactory app)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var partner = Partner.Create(PartnerKind.Reseller, "Sitzungstest " + tag, "DE", $"admin-{tag}@session.example", now, PartnerStatus.Active);
        await using (var db = await app.DbAsync())
        {
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
        }

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser
        {
            UserName = partner.Email, Email = partner.Email, EmailConfirmed = true, DisplayName = "Sabine Sitzung",
            OrganisationKind = OrganisationKind.Partner, PartnerId = partner.Id,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Reseller)).Succeeded);
        return (partner.Id, partner.Email);
    }

    /// <summary>Posts the static sign-in form with its hidden fields (antiforgery token, form name), as a browser does.</summary>
    private static async Task SignInAsync(HttpClient browser, string email)
    {
        var form = await browser.GetStringAsync("/Account/Login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Email"] = email;
        fields["Input.Password"] = Password;
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.Headers.Location!.ToString());
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}

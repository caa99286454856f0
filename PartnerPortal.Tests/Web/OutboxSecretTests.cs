using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PartnerPortal.Tests.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Features.Onboarding;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 2: the outbox never stores a usable secret. Invitation tokens, reset codes and confirmation links
/// are issued when the mail is delivered; a copy of the database lets nobody register or reset a password.
/// </summary>
public sealed partial class OutboxSecretTests : IDisposable
{
    private readonly FakeSmtpServer _smtp = new();
    private readonly CustomPortalFactory _app;

    public OutboxSecretTests() => _app = new CustomPortalFactory(new()
    {
        ["Portal:Smtp:Host"] = "127.0.0.1",
        ["Portal:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Smtp:From"] = "portal@partnerportal.test",
    });

    [Fact]
    public async Task StoredMail_HoldsNoToken_AndTheDeliveredMail_StillWorksEndToEnd()
    {
        // A partner invitation, a customer-user invitation and a password reset (the page's form).
        using var op = _app.ApiClient();
        var partnerEmail = $"neu-{Guid.NewGuid():N}@partner.example";
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/partners/invitations",
            new { kind = "Reseller", name = "Systemhaus Geheim GmbH", email = partnerEmail, country = "DE" })).StatusCode);
        using var rheinland = _app.ApiClient(await Demo.KeyForAsync(_app, Demo.Rheinland));
        var created = await rheinland.PostAsJsonAsync("/api/v1/customers", new { name = "Geheim KG " + Guid.NewGuid().ToString("N")[..6], country = "DE" });
        var customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var customerEmail = $"admin-{Guid.NewGuid():N}@kunde.example";
        Assert.Equal(HttpStatusCode.Created, (await rheinland.PostAsJsonAsync($"/api/v1/customers/{customerId}/users", new { email = customerEmail })).StatusCode);
        const string operatorEmail = "operator@demo.partnerportal.test";
        using (var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            var form = await browser.GetStringAsync("/Account/ForgotPassword");
            var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
            fields["Input.Email"] = operatorEmail;
            var posted = await browser.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent(fields));
            Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{posted.StatusCode}: {string.Join("\n", _app.Errors)}");
        }

        string[] recipients = [partnerEmail, customerEmail, operatorEmail];
        async Task AssertNothingSecretStoredAsync()
        {
            await using var db = await _app.DbAsync();
            var stored = await db.OutboxMessages.Where(m => recipients.Contains(m.To)).Select(m => m.HtmlBody).ToListAsync();
            Assert.Equal(3, stored.Count);
            Assert.All(stored, body => Assert.DoesNotMatch(SecretInLink(), body));
        }
        await AssertNothingSecretStoredAsync();

        // Delivery issues the links: the mails that reach the SMTP server carry working ones.
        using (var scope = _app.Services.CreateScope())
            Assert.True(await ActivatorUtilities.CreateInstance<MailDeliveryJob>(scope.ServiceProvider).RunAsync(CancellationToken.None) >= 3);
        await AssertNothingSecretStoredAsync();

        var token = Uri.UnescapeDataString(InvitationToken().Match(Delivered(partnerEmail)).Groups[1].Value);
        using (var scope = _app.Services.CreateScope())
        {
            var problems = await scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>().RegisterAsync(token,
                new RegistrationInput(PartnerLifecycleTests.GoodRegistration with { CompanyName = "Systemhaus Geheim GmbH" }, "Geheim", "Sicher-2026-Passwort"));
            Assert.Empty(problems);
        }
        foreach (var email in new[] { customerEmail, operatorEmail })
        {
            var code = WebUtility.HtmlDecode(ResetCode().Match(Delivered(email)).Groups[1].Value);
            using var scope = _app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var reset = await users.ResetPasswordAsync(user, Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Uri.UnescapeDataString(code))), "Neues-2026-Passwort");
            Assert.True(reset.Succeeded, string.Join(" ", reset.Errors.Select(e => e.Description)));
        }
    }

    private string Delivered(string to)
    {
        lock (_smtp.Messages)
        {
            var raw = _smtp.Messages.Last(m => m.Contains(to, StringComparison.Ordinal));
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
            return MimeMessage.Load(stream).HtmlBody ?? "";
        }
    }

    [Fact]
    public void TheOutboxPage_MasksSecretsInMailsStoredBeforeThisRule()
    {
        var legacy = "<a href='https://p.example/onboarding/register?token=abc_DEF-123'>x</a> <a href='https://p.example/Account/ResetPassword?code=Q2ZE&amp;x=1'>y</a>";
        var masked = OutboxView.Masked(legacy);
        Assert.DoesNotContain("abc_DEF-123", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("Q2ZE", masked, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretInLink(), masked);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    /// <summary>A token or code with a value in a link: what a copy of the database must not hold.</summary>
    [GeneratedRegex(@"(token|code)=[A-Za-z0-9_\-%]{6,}")]
    private static partial Regex SecretInLink();

    [GeneratedRegex(@"/onboarding/register\?token=([^'""&]+)")]
    private static partial Regex InvitationToken();

    [GeneratedRegex(@"/Account/ResetPassword\?code=([^'""&]+)")]
    private static partial Regex ResetCode();

    public void Dispose()
    {
        _app.Dispose();
        _smtp.Dispose();
    }
}

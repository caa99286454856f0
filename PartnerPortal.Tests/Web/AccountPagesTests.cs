using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The Identity account pages (sign-in helpers and "manage your account") speak the portal's languages: under de-DE
/// every page reads German, headings, labels, validation and Identity's own messages included.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccountPagesTests(PortalFactory app)
{
    private const string Password = "Konto-Test-2026";

    // Each page a signed-in user reaches from the manage menu (and from its pages) by a GET that changes nothing
    // it would not change anyway (EnableAuthenticator creates the key it shows), with its German heading.
    private static readonly (string Path, string Heading)[] ManagePages =
    [
        ("/Account/Manage", "Profil"),
        ("/Account/Manage/Email", "E-Mail-Adresse"),
        ("/Account/Manage/ChangePassword", "Passwort ändern"),
        ("/Account/Manage/TwoFactorAuthentication", "Zwei-Faktor-Authentifizierung"),
        ("/Account/Manage/Passkeys", "Passkeys verwalten"),
        ("/Account/Manage/PersonalData", "Persönliche Daten"),
        ("/Account/Manage/DeletePersonalData", "Persönliche Daten löschen"),
        ("/Account/Manage/EnableAuthenticator", "Authenticator-App einrichten"),
        ("/Account/Manage/ResetAuthenticator", "Authenticator-Schlüssel zurücksetzen"),
    ];

    private static readonly (string Path, string Heading)[] PublicPages =
    [
        ("/Account/Login", "Anmelden"),
        ("/Account/ForgotPassword", "Passwort vergessen?"),
        ("/Account/ForgotPasswordConfirmation", "Bitte prüfen Sie Ihr Postfach"),
        ("/Account/ResendEmailConfirmation", "Bestätigungs-E-Mail erneut senden"),
        ("/Account/ResetPassword?code=YWJj", "Passwort zurücksetzen"),
        ("/Account/ResetPasswordConfirmation", "Passwort zurückgesetzt"),
        ("/Account/InvalidPasswordReset", "Ungültiger Link"),
        ("/Account/Lockout", "Konto gesperrt"),
        ("/Account/AccessDenied", "Zugriff verweigert"),
        ("/Account/InvalidUser", "Unbekannter Benutzer"),
    ];

    [Fact]
    public async Task EveryAccountPage_UnderGerman_HasItsGermanHeading_AndNoEnglishText()
    {
        using var browser = await SignedInAsync("de-DE");
        using var anonymous = Browser("de-DE");
        var problems = new List<string>();
        foreach (var (client, pages) in new[] { (browser, ManagePages), (anonymous, PublicPages) })
        {
            foreach (var (path, heading) in pages)
            {
                var response = await client.GetAsync(path);
                var html = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK) { problems.Add($"{path}: {(int)response.StatusCode}"); continue; }
                var headings = HeadingTexts(html);
                if (!headings.Contains(heading)) problems.Add($"{path}: no heading \"{heading}\" among [{string.Join(" | ", headings)}]");
                if (path.StartsWith("/Account/Manage", StringComparison.Ordinal) && !headings.Contains("Konto verwalten"))
                    problems.Add($"{path}: the manage layout is not German [{string.Join(" | ", headings)}]");
                var english = EnglishWords(StaticForms.VisibleText(html));
                if (english.Count > 0) problems.Add($"{path}: English words {string.Join(", ", english)}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ChangePassword_UnderGerman_ValidatesAndReportsInGerman()
    {
        using var browser = await SignedInAsync("de-DE");
        const string path = "/Account/Manage/ChangePassword";

        var empty = await TextAfterPostAsync(browser, path, new() { ["Input.OldPassword"] = "", ["Input.NewPassword"] = "", ["Input.ConfirmPassword"] = "" });
        Assert.Contains("Bitte füllen Sie das Feld „Aktuelles Passwort“ aus.", empty);
        Assert.Contains("Bitte füllen Sie das Feld „Neues Passwort“ aus.", empty);

        var mismatch = await TextAfterPostAsync(browser, path, new() { ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "Neu-2026-Passwort", ["Input.ConfirmPassword"] = "anders" });
        Assert.Contains("Die Passwörter stimmen nicht überein.", mismatch);

        // Identity's own checks: the current password, the configured length (10).
        var wrongCurrent = await TextAfterPostAsync(browser, path, new() { ["Input.OldPassword"] = "falsch-falsch", ["Input.NewPassword"] = "Neu-2026-Passwort", ["Input.ConfirmPassword"] = "Neu-2026-Passwort" });
        Assert.Contains("Das Passwort ist nicht korrekt.", wrongCurrent);
        var tooShort = await TextAfterPostAsync(browser, path, new() { ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "Kurz-26", ["Input.ConfirmPassword"] = "Kurz-26" });
        Assert.Contains("Das Passwort muss mindestens 10 Zeichen lang sein.", tooShort);
        Assert.Empty(EnglishWords(tooShort));

        var changed = await StaticForms.PostAsync(browser, path, new() { ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "Neu-2026-Passwort", ["Input.ConfirmPassword"] = "Neu-2026-Passwort" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = StaticForms.VisibleText(await browser.GetStringAsync(changed.Headers.Location!.ToString()));
        Assert.Contains("Ihr Passwort wurde geändert.", after); // the status message travels in a cookie: umlauts intact
    }

    [Fact]
    public async Task TheManagePages_UnderEnglish_StayEnglish()
    {
        using var browser = await SignedInAsync("en-US");
        var html = await browser.GetStringAsync("/Account/Manage/ChangePassword");
        Assert.Contains("Manage your account", HeadingTexts(html));
        Assert.Contains("Change password", HeadingTexts(html));
        var text = await TextAfterPostAsync(browser, "/Account/Manage/ChangePassword", new() { ["Input.OldPassword"] = "" });
        Assert.Contains("Please fill in “Current password”.", text);
    }

    /// <summary>
    /// The pages for turning two-factor off and for new recovery codes, opened while it is off (nothing links there then;
    /// the template threw, a 500): back to the two-factor page, which says why in the user's language.
    /// </summary>
    [Theory]
    [InlineData("/Account/Manage/Disable2fa")]
    [InlineData("/Account/Manage/GenerateRecoveryCodes")]
    public async Task TwoFactorPages_WhileItIsOff_SendBackToTheTwoFactorPage_WithAWord(string path)
    {
        using var browser = await SignedInAsync("de-DE");
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = response.Headers.Location!.ToString();
        Assert.EndsWith("Account/Manage/TwoFactorAuthentication", target);
        var text = StaticForms.VisibleText(await browser.GetStringAsync(target));
        Assert.Contains("Die Zwei-Faktor-Authentifizierung ist für Ihr Konto nicht eingeschaltet.", text);
    }

    private static async Task<string> TextAfterPostAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var response = await StaticForms.PostAsync(browser, path, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return StaticForms.VisibleText(await response.Content.ReadAsStringAsync());
    }

    private HttpClient Browser(string culture)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }); // keeps cookies
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        return client;
    }

    /// <summary>A user of its own (operator organisation, no role: the account pages need only a signed-in user).</summary>
    private async Task<HttpClient> SignedInAsync(string culture)
    {
        var email = $"konto-{Guid.NewGuid():N}@konto.example";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Karla Konto", OrganisationKind = OrganisationKind.Operator };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var browser = Browser(culture);
        await StaticForms.SignInAsync(browser, email, Password);
        return browser;
    }

    private static List<string> HeadingTexts(string html) =>
        Heading().Matches(html).Select(m => StaticForms.VisibleText(m.Groups[1].Value)).ToList();

    /// <summary>Words that German pages never contain but the template's English ones always did.</summary>
    private static List<string> EnglishWords(string text) =>
        EnglishWord().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    [GeneratedRegex("<h[1-4][^>]*>(.*?)</h[1-4]>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("\\b(the|your|you|and|with|account|password|manage|change|delete|download|save|profile|sign in|log in|recovery|enter|reset|personal|Email)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWord();
}

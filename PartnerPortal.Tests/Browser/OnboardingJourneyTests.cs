using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// An app and browser of their own: these journeys approve partners, which would change the counts the shared
/// browser app's home-page tests read.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OnboardingBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "onboarding-browser";
}

[Collection(OnboardingBrowserCollection.Name)]
public sealed partial class OnboardingJourneyTests(BrowserFixture browser)
{
    private const string Distributor = "distributor@demo.partnerportal.test";

    /// <summary>Chooses the file; again if the circuit was not up yet the first time (a static input has no handler).</summary>
    private static async Task ChooseFileAsync(IPage page, byte[] csv)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.SetInputFilesAsync("[data-testid=import-file]", new FilePayload { Name = "partner-export.csv", MimeType = "text/csv", Buffer = csv });
            try
            {
                await page.Locator("[data-testid=import-preview]").WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }
    }

    [GeneratedRegex(@"/onboarding/register\?token=([^'""&]+)")]
    private static partial Regex TokenInLink();

    [Fact]
    public async Task DistributorInvites_InviteeRegisters_DistributorApproves_NewAdminSignsIn()
    {
        var email = $"chefin-{Guid.NewGuid():N}@kuestennetz.example";
        var name = "Küstennetz Systemhaus GmbH " + Guid.NewGuid().ToString("N")[..4];

        // 1. The distributor invites.
        var distributor = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(distributor, Distributor);
        await BrowserFixture.OpenAsync(distributor, "/onboarding");
        // The grid loads its rows only once the circuit is up: after this, typing reaches the component.
        await Expect(distributor.Locator("[data-testid=queue-grid]")).ToContainTextAsync("Harz Netzwerke UG");
        await distributor.FillAsync("input[data-testid=invite-name], [data-testid=invite-name] input", name);
        await distributor.FillAsync("input[data-testid=invite-email], [data-testid=invite-email] input", email);
        await distributor.ClickAsync("[data-testid=invite-submit]");
        await Expect(distributor.Locator("[data-testid=invite-done]")).ToContainTextAsync(email);
        await Expect(distributor.Locator("[data-testid=queue-grid]")).ToContainTextAsync(name);

        // 2. The invitee gets the link by e-mail (issued as the mail is delivered; the outbox stores none).
        var token = Uri.UnescapeDataString(TokenInLink().Match(await browser.App.DeliveredBodyAsync(email)).Groups[1].Value);

        // 3. The invitee registers; a wrong IBAN is shown at its field and nothing is saved.
        var invitee = await browser.NewPageAsync("de-DE");
        await invitee.GotoAsync("/onboarding/register?token=" + Uri.EscapeDataString(token));
        await Expect(invitee.Locator("h1")).ToHaveTextAsync("Als Partner registrieren");
        await Expect(invitee.Locator("#Input\\.CompanyName")).ToHaveValueAsync(name);
        await invitee.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "onboarding-register-de.png"), FullPage = true });
        await invitee.FillAsync("#Input\\.Street", "Am Deich 7");
        await invitee.FillAsync("#Input\\.Postcode", "26382");
        await invitee.FillAsync("#Input\\.City", "Wilhelmshaven");
        await invitee.FillAsync("#Input\\.VatId", "DE 136 695 976");
        await invitee.FillAsync("#Input\\.Iban", "DE89 3704 0044 0532 0130 01");
        await invitee.FillAsync("#Input\\.ContactName", "Frauke Janssen");
        await invitee.FillAsync("#Input\\.DisplayName", "Frauke Janssen");
        await invitee.FillAsync("#Input\\.Password", "Kuestennetz-2026!");
        await invitee.FillAsync("#Input\\.ConfirmPassword", "Kuestennetz-2026!");
        await invitee.CheckAsync("#Input\\.AcceptTerms");
        await invitee.ClickAsync("#register-submit");
        await Expect(invitee.Locator("[data-testid=error-iban]")).ToContainTextAsync("Keine gültige IBAN");
        await Expect(invitee.Locator("[data-testid=register-errors]")).ToBeVisibleAsync();
        await invitee.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "onboarding-register-error-de.png"), FullPage = true });
        await using (var db = await browser.App.DbAsync())
            Assert.Equal(PartnerStatus.Invited, (await db.Partners.SingleAsync(p => p.Email == email)).Status);

        // The form keeps what was typed, except the passwords (as browsers expect of password fields they re-render).
        await Expect(invitee.Locator("#Input\\.City")).ToHaveValueAsync("Wilhelmshaven");
        await invitee.FillAsync("#Input\\.Iban", "DE89 3704 0044 0532 0130 00");
        await invitee.FillAsync("#Input\\.Password", "Kuestennetz-2026!");
        await invitee.FillAsync("#Input\\.ConfirmPassword", "Kuestennetz-2026!");
        await invitee.ClickAsync("#register-submit");
        await Expect(invitee.Locator("[data-testid=register-done]")).ToBeVisibleAsync();

        // The link works once.
        await invitee.GotoAsync("/onboarding/register?token=" + Uri.EscapeDataString(token));
        await Expect(invitee.Locator("[data-testid=register-used]")).ToBeVisibleAsync();

        // 4. Before the approval the new admin cannot sign in, and is told why.
        await invitee.GotoAsync("/Account/Login");
        await invitee.FillAsync("#Input\\.Email", email);
        await invitee.FillAsync("#Input\\.Password", "Kuestennetz-2026!");
        await invitee.ClickAsync("#login-submit");
        await Expect(invitee.GetByText("wartet auf Freigabe", new() { Exact = false })).ToBeVisibleAsync();

        // 5. The distributor approves in its onboarding queue.
        Guid partnerId;
        await using (var db = await browser.App.DbAsync())
            partnerId = (await db.Partners.SingleAsync(p => p.Email == email)).Id;
        await BrowserFixture.OpenAsync(distributor, "/onboarding");
        await distributor.ClickAsync($"[data-testid=approve-{partnerId}]"); // the button exists only once the grid has loaded
        await Expect(distributor.Locator("[data-testid=queue-message]")).ToContainTextAsync("ist freigegeben");
        await distributor.Context.CloseAsync();

        // 6. The new partner's admin signs in and sees its home page.
        await BrowserFixture.SignInAsync(invitee, email, "Kuestennetz-2026!");
        await Expect(invitee.Locator("[data-testid=home-title]")).ToContainTextAsync(name);
        await invitee.Context.CloseAsync();
    }

    [Fact]
    public async Task Distributor_ImportsAGermanExcelCsv_SeesTheRowReport_ThenInvitesTheValidRows()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var csv = Encoding.GetEncoding(1252).GetBytes(
            "Firma;E-Mail;Art;Land;USt-IdNr.\r\n" +
            $"Müller & Söhne IT GmbH;info-{tag}@mueller.example;Systemhaus;DE;DE136695976\r\n" +
            $"Bäcker Netzwerk KG;kontakt-{tag}@baecker.example;Reseller;Deutschland;\r\n" +
            $"Falsche Art GmbH;falsch-{tag}@art.example;Großhändler;DE;\r\n" +
            $"Ohne Mail AG;;Reseller;DE;\r\n" +
            $"Prüfziffer GmbH;pz-{tag}@pz.example;Reseller;DE;DE136695977\r\n");

        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, Distributor);
        await BrowserFixture.OpenAsync(page, "/onboarding/import");
        await ChooseFileAsync(page, csv);

        await Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("5 Zeilen: 2 können eingeladen werden, 3 haben Fehler");
        var problems = page.Locator("[data-testid=import-problems]");
        await Expect(problems).ToContainTextAsync("„Großhändler“ ist weder Reseller noch Systemhaus");
        await Expect(problems).ToContainTextAsync("USt-IdNr.");
        await Expect(page.Locator("[data-testid=import-rows]")).ToContainTextAsync("Müller & Söhne IT GmbH");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "onboarding-csv-preview-de.png"), FullPage = true });
        await using (var db = await browser.App.DbAsync())
            Assert.False(await db.Partners.AnyAsync(p => p.Email == $"info-{tag}@mueller.example"));

        await page.ClickAsync("[data-testid=import-confirm]");
        await Expect(page.Locator("[data-testid=import-outcome]")).ToContainTextAsync("2 Partner eingeladen, 3 Zeilen übersprungen");

        // The same file again: the check says so, and nothing can be confirmed.
        await ChooseFileAsync(page, csv);
        await Expect(page.Locator("[data-testid=import-already]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=import-confirm]")).ToBeDisabledAsync();
        await using (var db = await browser.App.DbAsync())
            Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == $"info-{tag}@mueller.example"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnboardingQueue_InANarrowWindow_InEnglish()
    {
        var page = await browser.NewPageAsync("en-US", width: 390, height: 844);
        await page.GotoAsync("/culture?culture=en-US&redirectUri=/Account/Login");
        await BrowserFixture.SignInAsync(page, "operator@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/onboarding");
        // The demo world has one invited and one registered partner under Nordlicht.
        await Expect(page.Locator("[data-testid=queue-grid]")).ToContainTextAsync("Ostsee Digital GmbH");
        await Expect(page.Locator("[data-testid=queue-grid]")).ToContainTextAsync("Waiting for approval");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "onboarding-queue-narrow-en.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Distributor_PartnerList_ShowsCustomerCounts_AndTheApprovalOfItsDownline()
    {
        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, Distributor);
        await BrowserFixture.OpenAsync(page, "/partners");
        var grid = page.Locator("[data-testid=partners-grid]");
        await Expect(grid).ToContainTextAsync("Systemhaus Weser GmbH");
        await Expect(grid).ToContainTextAsync("Endkunden");
        Guid ostsee;
        await using (var db = await browser.App.DbAsync())
            ostsee = (await db.Partners.SingleAsync(p => p.Name == "Ostsee Digital GmbH")).Id;
        await Expect(page.Locator($"[data-testid=approve-{ostsee}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid^=suspend-]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "onboarding-partners-distributor-de.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownLink_ShowsAClearPage()
    {
        var page = await browser.NewPageAsync("de-DE");
        await page.GotoAsync("/onboarding/register?token=abc");
        await Expect(page.Locator("[data-testid=register-invalid]")).ToContainTextAsync("ungültig");
        await page.Context.CloseAsync();
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task DemoReseller_SignsIn_AndSeesItsHomePage_WithItsOwnNumbers()
    {
        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, "reseller@demo.partnerportal.test");

        await Expect(page.Locator("[data-testid=home-title]")).ToContainTextAsync("Systemhaus Weser GmbH");
        await Expect(page.Locator("[data-testid='Home.MyCustomers']")).ToHaveTextAsync("4");
        await Expect(page.GetByText("Bäckerei Hansen GmbH")).ToBeVisibleAsync();
        // Only its own customers, also in the recent list: another reseller's never shows.
        await Expect(page.GetByText("Kölner Stahlbau GmbH")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Rheinland IT-Service KG")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Bavaria Systemintegration AG")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Ihre Endkunden")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "reseller-home-de.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WrongPassword_IsRefused_WithAClearMessage()
    {
        var page = await browser.NewPageAsync("en-US");
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", "reseller@demo.partnerportal.test");
        await page.FillAsync("#Input\\.Password", "wrong-password-123");
        await page.ClickAsync("#login-submit");
        await Expect(page.GetByText("Wrong e-mail or password.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login-error-en.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_InANarrowWindow_InEnglish_SeesTheOperatorHome()
    {
        var page = await browser.NewPageAsync("en-US", width: 390, height: 844);
        await page.GotoAsync("/culture?culture=en-US&redirectUri=/Account/Login");
        await BrowserFixture.SignInAsync(page, "operator@demo.partnerportal.test");
        await Expect(page.Locator("[data-testid='Home.ActivePartners']")).ToHaveTextAsync("7");
        await Expect(page.GetByText("Waiting for approval").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "operator-home-narrow-en.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AccountPages_KeepThePortalsLook_AndTheLanguageSwitchWorks()
    {
        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, "isv@demo.partnerportal.test");
        await page.GotoAsync("/Account/Manage/TwoFactorAuthentication");
        await Expect(page.Locator(".account-brand")).ToContainTextAsync("PartnerPortal");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "account-2fa.png"), FullPage = true });

        await page.GotoAsync("/");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=language-menu] button, button[data-testid=language-menu]").First.ClickAsync();
        await page.GetByText("English").ClickAsync();
        await Expect(page.Locator("[data-testid=home-title]")).ToContainTextAsync("Welcome, ZeitWerk Software GmbH");
        await page.Context.CloseAsync();
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The commission cockpit in Chromium on a phone-sized window (390 px), German and English: the demo reseller goes from
/// its home to its commission home and sees November's estimate with the time it was computed and the statements chart;
/// the distributor sees its downline; the customer sees its contracts' charges so far. Reads only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CockpitJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("de-DE", "November 2026 bisher", "Berechnet")]
    [InlineData("en-US", "November 2026 so far", "Computed")]
    public async Task TheReseller_SeesItsEstimateAndChart_FromItsHome(string locale, string estimateLabel, string computed)
    {
        var page = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, "reseller@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/");
        await page.Locator("[data-testid=home-commission]").ClickAsync();

        var estimate = page.Locator("[data-testid=commission-estimate]");
        await Expect(estimate).ToContainTextAsync(estimateLabel);
        await Expect(page.Locator("[data-testid=commission-estimate-computed]")).ToContainTextAsync(computed);
        await Expect(page.Locator("[data-testid=commission-estimate-amount]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
        await Expect(page.Locator("[data-testid=commission-chart] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=commission-top] tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"cockpit-commission-{locale}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("en-US")]
    public async Task TheDistributorAndTheCustomer_SeeTheirMoney(string locale)
    {
        var page = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, "distributor@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/commission/downline");
        await Expect(page.Locator("[data-testid=downline-partners]")).ToContainTextAsync("Systemhaus Weser GmbH");
        await Expect(page.Locator("[data-testid=downline-statements]")).ToContainTextAsync("PP-202610-");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"cockpit-downline-{locale}.png"), FullPage = true });
        await page.Context.CloseAsync();

        page = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, "customer@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/my/subscriptions");
        // Other journeys share the demo portal and may have added a subscription after the day's estimate (it shows "–"):
        // at least one of the customer's subscriptions shows its charges so far.
        await Expect(page.Locator("[data-testid^=so-far-]").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"\d+[.,]\d{2}") }).First)
            .ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"cockpit-my-subscriptions-{locale}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

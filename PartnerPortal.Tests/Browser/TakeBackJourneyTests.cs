using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The customer takes its data back on a phone (390 px): requests an export on "My data", watches it become ready and
/// finds the download link, records its notice to leave and sees the timeline; its partner sees the same on the
/// customer's page. Screenshots in German and English land in the test output's screenshots folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TakeBackJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task CustomerExportsItsData_AndGivesNotice_PartnerSeesTheTimeline()
    {
        Guid customerId;
        await using (var db = await browser.App.DbAsync())
            customerId = await db.Customers.Where(c => c.Name == "Bäckerei Hansen GmbH").Select(c => c.Id).SingleAsync();

        var page = await browser.NewPageAsync("de-DE", width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, "customer@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/my/data");
        await page.Locator("[data-testid=takeback-export-request]").ClickAsync();
        await Expect(page.Locator("[data-testid=takeback-export-status]").First).ToContainTextAsync("Warteschlange");

        Guid exportId;
        await using (var db = await browser.App.DbAsync())
            exportId = await db.CustomerExports.Where(x => x.CustomerId == customerId && x.ActiveCustomerId != null).Select(x => x.Id).SingleAsync();
        await TakeBackWorld.RunExportAsync(browser.App, exportId); // the Hangfire job, in this process
        await Expect(page.Locator("[data-testid=takeback-export-download]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal($"/takeback/exports/{exportId}", await page.Locator("[data-testid=takeback-export-download]").First.GetAttributeAsync("href"));

        // The download link answers the zip to the signed-in customer.
        var download = await page.APIRequest.GetAsync($"/takeback/exports/{exportId}");
        Assert.Equal(200, download.Status);
        Assert.Equal("application/zip", download.Headers["content-type"]);

        await page.Locator("[data-testid=takeback-notice-give]").ClickAsync();
        await Expect(page.Locator("[data-testid=takeback-retrieval]")).ToHaveTextAsync("26.12.2026 – 24.01.2027");
        await Expect(page.Locator("[data-testid=takeback-anonymise]")).ToHaveTextAsync("25.01.2027");
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "takeback-customer-de.png"), FullPage = true });

        var english = await browser.NewPageAsync("en-US", width: 390, height: 844);
        await BrowserFixture.SignInAsync(english, "customer@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(english, "/my/data");
        await Expect(english.Locator("[data-testid=takeback-switching-status]")).ToContainTextAsync("transitional");
        await english.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "takeback-customer-en.png"), FullPage = true });

        // The partner sees the timeline on the customer's page, and withdraws the notice for the customer.
        var partner = await browser.NewPageAsync("de-DE", width: 390, height: 844);
        await BrowserFixture.SignInAsync(partner, "reseller@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(partner, $"/customers/{customerId}");
        await Expect(partner.Locator("[data-testid=takeback-notice-date]")).ToContainTextAsync("26.11.2026");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "takeback-partner-de.png"), FullPage = true });
        await partner.Locator("[data-testid=takeback-notice-withdraw]").ClickAsync();
        await Expect(partner.Locator("[data-testid=takeback-switching-withdrawn]")).ToBeVisibleAsync();

        // A distributor sees the customer but not the take-back panel.
        var distributor = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(distributor, "distributor@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(distributor, $"/customers/{customerId}");
        await Expect(distributor.Locator("[data-testid=customer-title]")).ToBeVisibleAsync();
        await Expect(distributor.Locator("[data-testid=takeback-exports]")).ToHaveCountAsync(0);
    }
}

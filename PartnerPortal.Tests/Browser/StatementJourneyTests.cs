using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The statements in Chromium: the demo reseller opens its October statement (the demo drafts October at first start),
/// follows a line to the usage behind it and downloads the PDF; the ISV sees its apps' used/unused subscriptions. Phone
/// width (390 px) in German and English, with screenshots for a human to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementJourneyTests(BrowserFixture browser)
{
    private const string Reseller = "reseller@demo.partnerportal.test";
    private const string Isv = "isv@demo.partnerportal.test";

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Theory]
    [InlineData("de-DE", "Oktober 2026", "Provision")]
    [InlineData("en-US", "October 2026", "Commission")]
    public async Task TheReseller_OpensItsOctoberStatement_FollowsALineToItsUsage_AndDownloadsThePdf(string locale, string month, string commission)
    {
        var language = locale[..2];
        var page = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, Reseller);
        await BrowserFixture.OpenAsync(page, "/statements");
        var october = page.Locator("[data-testid=statement-2026-10]");
        await Expect(october).ToHaveTextAsync(month);
        await page.ScreenshotAsync(new() { Path = Shot($"statements-list-{language}.png"), FullPage = true });

        await october.ClickAsync();
        await Expect(page.Locator("[data-testid=statement-title]")).ToHaveTextAsync(month);
        await Expect(page.Locator("[data-testid=statement-partner]")).ToHaveTextAsync("Systemhaus Weser GmbH");
        var total = (await page.Locator("[data-testid=statement-total]").InnerTextAsync()).Trim();
        Assert.Equal(total, (await page.Locator("[data-testid=lines-total]").InnerTextAsync()).Trim());
        await page.ScreenshotAsync(new() { Path = Shot($"statement-detail-{language}.png"), FullPage = true });

        // A commission line, one click further: the revenue line, the aggregates and the raw events behind it. Other
        // browser tests share the demo portal, so the first commission line may be a flat fee without events: follow the
        // commission lines until one has usage events behind it.
        var statementUrl = page.Url;
        var commissionLines = page.Locator("tr", new() { Has = page.Locator("[data-testid=line-kind][data-kind=commission]") });
        var count = await commissionLines.CountAsync();
        Assert.True(count > 0, "the reseller's October statement has no commission line");
        var found = false;
        for (var i = 0; i < count && !found; i++)
        {
            if (i > 0)
            {
                await BrowserFixture.OpenAsync(page, new Uri(statementUrl).PathAndQuery);
                await Expect(page.Locator("[data-testid=statement-title]")).ToHaveTextAsync(month);
            }

            var line = commissionLines.Nth(i);
            await Expect(line.Locator("[data-testid=line-kind]")).ToHaveTextAsync(commission);
            var amount = (await line.Locator("[data-testid=line-amount]").InnerTextAsync()).Trim();
            await line.Locator("[data-testid=line-usage]").ClickAsync();
            await Expect(page.Locator("[data-testid=chain-line-amount]")).ToHaveTextAsync(amount);
            await Expect(page.Locator("[data-testid=chain-revenue]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=chain-events-total]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9.,]+$"));
            if ((await page.Locator("[data-testid=chain-events-total]").InnerTextAsync()).Trim() == "0") continue;
            await Expect(page.Locator("[data-testid=chain-metric]").First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=chain-event]").First).ToBeVisibleAsync();
            found = true;
        }

        Assert.True(found, "no commission line of the October statement leads to usage events");
        await page.ScreenshotAsync(new() { Path = Shot($"statement-line-{language}.png"), FullPage = true });

        // Back on the statement, the PDF in the page's language.
        await page.GoBackAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid=download-pdf-{language}]").ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("en-US")]
    public async Task TheIsv_SeesWhichSubscriptionsWereUsed_AndItsRevenuePerApp(string locale)
    {
        var language = locale[..2];
        var page = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, Isv);
        await BrowserFixture.OpenAsync(page, "/statements");
        await Expect(page.Locator("[data-testid=isv-apps]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot($"statements-isv-list-{language}.png"), FullPage = true });

        await page.Locator("[data-testid=statement-2026-10]").ClickAsync();
        var app = page.Locator("[data-testid=isv-period-app]").First;
        await Expect(app).ToBeVisibleAsync();
        await app.Locator("[data-testid=isv-period-app-title]").ClickAsync();
        await Expect(page.Locator("[data-testid=isv-used][data-used=true]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot($"statement-isv-detail-{language}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

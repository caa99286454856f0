using Microsoft.Playwright;
using PartnerPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class UsageJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheDemoIsv_ExploresItsUsage_InANarrowWindow()
    {
        var app = browser.App;
        var isv = await Demo.PartnerAsync(app, Demo.ZeitWerk);
        var (appId, planId, versionId) = await UsageArrange.AppAsync(app, isv.Id, "0000 Telefonie " + Guid.NewGuid().ToString("N")[..4]);
        var customerId = await UsageArrange.CustomerAsync(app);
        var subscription = await UsageArrange.SubscriptionAsync(app, isv.Id, appId, planId, versionId, customerId, new DateOnly(2026, 10, 1));
        string customerName;
        await using (var db = await app.DbAsync()) customerName = db.Customers.Single(c => c.Id == customerId).Name;
        // The app runs on real Kestrel here: talk to it over the socket.
        using var operatorClient = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        operatorClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PortalFactory.OperatorKey);
        var created = await (await operatorClient.PostAsJsonAsync($"/api/v1/partners/{isv.Id}/api-keys", new { name = "browser meter" })).Content.ReadFromJsonAsync<JsonElement>();
        using var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        var events = Enumerable.Range(0, 40).Select(i => UsageArrange.Event(Guid.NewGuid().ToString("N"), subscription, "active_users", 1,
            new DateTime(2026, 11, 1 + i % 25, 9, 0, 0, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ"), new { userId = "u" + i % 7 })).ToArray();
        await UsageArrange.PostAsync(client, events);

        var page = await browser.NewPageAsync("de-DE", width: 390, height: 844);
        await BrowserFixture.SignInAsync(page, "isv@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/usage");
        await Expect(page.Locator("[data-testid=usage-chart]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=usage-total-events]")).ToHaveTextAsync("40");
        await Expect(page.Locator("[data-testid=usage-total-quantity]")).ToContainTextAsync("7,00"); // 7 distinct users
        await Expect(page.Locator("[data-testid=usage-subscriptions]")).ToContainTextAsync(customerName);
        await Expect(page.GetByText("Abrechenbare Menge").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "usage-explorer-narrow-de.png"), FullPage = true });

        await BrowserFixture.OpenAsync(page, "/usage/rejections");
        await Expect(page.Locator("[data-testid=usage-rejections]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "usage-rejections-narrow-de.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOperator_WatchesTheIngest_InEnglish()
    {
        var page = await browser.NewPageAsync("en-US");
        await page.GotoAsync("/culture?culture=en-US&redirectUri=/Account/Login");
        await BrowserFixture.SignInAsync(page, "operator@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/usage/ingest");
        await Expect(page.GetByText("Events per minute (last hour)")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "usage-ingest-en.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

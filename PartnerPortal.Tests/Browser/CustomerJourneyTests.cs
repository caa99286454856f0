using Microsoft.Playwright;
using PartnerPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomerJourneyTests(BrowserFixture browser)
{
    /// <summary>Opens a MudSelect and picks an option. A page reached by GotoAsync is prerendered first; until its circuit
    /// is interactive a click does nothing, so the click is repeated until the list opens.</summary>
    internal static async Task PickAsync(IPage page, string testId, string optionText)
    {
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = optionText }).First;
        for (var attempt = 0; ; attempt++)
        {
            await page.Locator($"[data-testid={testId}]").ClickAsync();
            try
            {
                await option.WaitForAsync(new() { Timeout = 2000 });
                break;
            }
            catch (TimeoutException) when (attempt < 8)
            {
            }
        }
        await option.ClickAsync();
    }

    /// <summary>Waits until the element is rendered by the interactive circuit (Blazor marks captured element references
    /// with a _bl_ attribute), so typing is not lost when the prerendered page is replaced.</summary>
    private static Task InteractiveAsync(IPage page, string testId) =>
        page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid={testId}], [data-testid={testId}] input')].some(e => [...e.attributes].some(a => a.name.startsWith('_bl_')))",
            null, new() { PollingInterval = 100 });

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [Fact]
    public async Task ResellerRegistersAndSubscribes_DistributorMovesTheCustomer_HistoryShowsBoth()
    {
        var offer = await CatalogArrange.LiveAppAsync(browser.App, Demo.Belegfix, "Belegfix Kassenbuch " + Guid.NewGuid().ToString("N")[..4]);
        var name = "Autohaus Lindner " + Guid.NewGuid().ToString("N")[..4];

        // The reseller registers its customer and subscribes it to the ISV's plan.
        var reseller = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(reseller, "reseller2@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(reseller, "/customers");
        await reseller.Locator("[data-testid=customers-new]").ClickAsync();
        await reseller.WaitForURLAsync("**/customers/new");
        await InteractiveAsync(reseller, "customer-name");
        await reseller.Locator("input[data-testid=customer-name], [data-testid=customer-name] input").First.FillAsync(name);
        await reseller.Locator("input[data-testid=customer-postcode], [data-testid=customer-postcode] input").First.FillAsync("50667");
        // Registered from the 1st (an open period): a move needs a later day than the attribution's start.
        await Input(reseller, "customer-from").FillAsync("02.11.2026");
        await Input(reseller, "customer-from").PressAsync("Tab");
        await reseller.Locator("[data-testid=customer-submit]").ClickAsync();
        await Expect(reseller.Locator("[data-testid=customer-title]")).ToHaveTextAsync(name);
        var customerUrl = reseller.Url;
        await Expect(reseller.Locator("[data-testid=subscriptions-app-empty]")).ToBeVisibleAsync();

        await PickAsync(reseller, "subscribe-plan", offer.ProductName);
        await Expect(reseller.Locator("[data-testid=subscribe-contract-partner]")).ToContainTextAsync(Demo.Belegfix);
        await reseller.Locator("input[data-testid=subscribe-seats], [data-testid=subscribe-seats] input").First.FillAsync("12");
        await reseller.Locator("[data-testid=subscribe-submit]").ClickAsync();
        var row = reseller.Locator("[data-testid=subscriptions-app] tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(offer.ProductName);
        await Expect(row).ToContainTextAsync(Demo.Belegfix);
        await Expect(row).ToContainTextAsync("12");
        await reseller.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "customer-page-reseller-de-1280.png"), FullPage = true });
        await reseller.Context.CloseAsync();

        // The distributor moves the customer to another reseller of its downline; the history keeps both.
        var distributor = await browser.NewPageAsync("de-DE", width: 390, height: 844);
        await BrowserFixture.SignInAsync(distributor, "distributor@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(distributor, customerUrl);
        await Expect(distributor.Locator("[data-testid=customer-title]")).ToHaveTextAsync(name);
        await InteractiveAsync(distributor, "move-reason");
        await PickAsync(distributor, "move-partner", Demo.Weser);
        await distributor.Locator("input[data-testid=move-reason], [data-testid=move-reason] input").First.FillAsync("Betreuerwechsel auf Kundenwunsch");
        await distributor.Locator("[data-testid=move-submit]").ClickAsync();
        await Expect(distributor.Locator("[data-testid=customer-partner-name]")).ToHaveTextAsync(Demo.Weser);
        var history = distributor.Locator("[data-testid=attribution-history] tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync(Demo.Weser);
        await Expect(history.Nth(0)).ToContainTextAsync("Betreuerwechsel auf Kundenwunsch");
        await Expect(history.Nth(1)).ToContainTextAsync(Demo.Rheinland);
        await distributor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "customer-page-distributor-de-390.png"), FullPage = true });
        await distributor.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class CustomerSelfServiceTests(BrowserFixture browser)
{
    [Fact]
    public async Task CustomerAdmin_InEnglish_InANarrowWindow_SeesItsSubscriptions_AndItsPartnerSeesTheCustomerList()
    {
        // Bäckerei Hansen GmbH (the demo customer login) gets a contract of a ZeitWerk app through Systemhaus Weser.
        var offer = await CatalogArrange.LiveAppAsync(browser.App, Demo.ZeitWerk, "ZeitWerk Stempeluhr " + Guid.NewGuid().ToString("N")[..4]);
        await using (var db = await browser.App.DbAsync())
        {
            var customer = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Customers, c => c.Name == "Bäckerei Hansen GmbH");
            var zeitwerk = await Demo.PartnerAsync(browser.App, Demo.ZeitWerk);
            db.Subscriptions.Add(PartnerPortal.Domain.Subscriptions.Subscription.Create(customer.Id, offer.PlanId, offer.VersionId, offer.ProductId, null,
                zeitwerk.Id, new DateOnly(2026, 11, 1), 7, "test", browser.App.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync("en-US", width: 390, height: 844);
        await page.GotoAsync("/culture?culture=en-US&redirectUri=/Account/Login");
        await BrowserFixture.SignInAsync(page, "customer@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/my/subscriptions");
        var rows = page.Locator("[data-testid=my-subscriptions] tbody tr", new() { HasTextString = offer.ProductName });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(Demo.ZeitWerk);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "my-subscriptions-en-390.png"), FullPage = true });
        await page.Context.CloseAsync();

        var partner = await browser.NewPageAsync("en-US", width: 390, height: 844);
        await partner.GotoAsync("/culture?culture=en-US&redirectUri=/Account/Login");
        await BrowserFixture.SignInAsync(partner, "reseller@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(partner, "/customers");
        await Expect(partner.Locator("[data-testid=customer-link]", new() { HasTextString = "Bäckerei Hansen GmbH" })).ToBeVisibleAsync();
        await Expect(partner.Locator("[data-testid=customer-link]", new() { HasTextString = "Kölner Stahlbau GmbH" })).ToHaveCountAsync(0);
        await partner.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "customers-en-390.png"), FullPage = true });
        await partner.Context.CloseAsync();
    }
}

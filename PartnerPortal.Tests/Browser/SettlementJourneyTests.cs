using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The operator's settlement and commission pages in Chromium. Approving a period closes its dates for every later
/// change, so these journeys have a portal of their own and run alone (the other journeys date things in October).
/// </summary>
[Collection(SettlementBrowserCollection.Name)]
public sealed class SettlementJourneyTests(BrowserFixture browser)
{
    private const string Operator = "operator@demo.partnerportal.test";

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    [Fact]
    public async Task TheOperator_ApprovesTheDraftedMonth_AfterSeeingItsTotals()
    {
        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, Operator);
        await BrowserFixture.OpenAsync(page, "/operator/settlements");

        var status = page.Locator("[data-testid=run-status-2026-10]");
        await Expect(status).ToHaveAttributeAsync("data-status", "Draft");
        await Expect(status).ToHaveTextAsync("Entwurf");
        var revenue = (await page.Locator("[data-testid=run-revenue-2026-10]").InnerTextAsync()).Trim();
        Assert.Matches(@"^\d{1,3}(\.\d{3})*,\d{2} €$", revenue); // de-DE money: 1.234,56 €

        await page.Locator("[data-testid=run-approve-2026-10]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog.Locator("[data-testid=approve-revenue]")).ToHaveTextAsync(revenue);
        await Expect(dialog).ToContainTextAsync("Oktober 2026 freigeben?");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "settlement-approve-dialog-de.png") });
        await dialog.Locator("[data-testid=approve-confirm]").ClickAsync();

        await Expect(status).ToHaveAttributeAsync("data-status", "Approved");
        await Expect(status).ToHaveTextAsync("Freigegeben");
        await Expect(page.Locator("[data-testid=run-approve-2026-10]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=run-approved-2026-10]")).ToBeVisibleAsync();

        // Approved stays approved when the page is opened again.
        await BrowserFixture.OpenAsync(page, "/operator/settlements");
        await Expect(page.Locator("[data-testid=run-status-2026-10]")).ToHaveAttributeAsync("data-status", "Approved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "settlement-runs-approved-de.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOperator_CreatesAPlan_InGermanPercent()
    {
        var name = "Provision Test " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(page, Operator);
        await BrowserFixture.OpenAsync(page, "/operator/commission-plans");
        await Expect(page.Locator("[data-testid=plans-grid]")).ToContainTextAsync("Standard-Provision 2026");

        await page.Locator("[data-testid=plan-new]").ClickAsync();
        await Input(page, "plan-name").FillAsync(name);
        await Input(page, "plan-base").FillAsync("12,5");
        await Input(page, "plan-minpayout").FillAsync("25");
        await page.Locator("[data-testid=plan-save]").ClickAsync();

        var row = page.Locator("tr", new() { Has = page.GetByText(name, new() { Exact = true }) });
        await Expect(row.Locator("[data-testid=plan-row-base]")).ToHaveTextAsync("12,5 %");
        await Expect(row.Locator("[data-testid=plan-status-chip]")).ToHaveAttributeAsync("data-status", "Draft");
        await page.Context.CloseAsync();
    }
}

/// <summary>A browser portal of its own for the settlement journeys, run when no other collection runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SettlementBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "settlement-browser";
}

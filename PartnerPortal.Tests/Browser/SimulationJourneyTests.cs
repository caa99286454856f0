using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// Pilot programs in Chromium on the demo portal: the demo pilot partner (Elbe Cloud Partner) sees the shared candidate
/// "Provision 2027 (Pilot)" on its pilot page and rates it with a comment of this test's own; the operator then finds
/// that comment beside the simulation, simulates the candidate for all partners over the settled months, sees the
/// totals, chart and table, and downloads the CSV. Writes only its own feedback; the demo's plans and runs stay as they are.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulationJourneyTests(BrowserFixture browser)
{
    private const string Candidate = "Provision 2027 (Pilot)";

    [Theory]
    [InlineData("de-DE", "Partner")]
    [InlineData("en-US", "Partner")]
    public async Task APilotRatesTheCandidate_TheOperatorSimulatesIt_SeesTheFeedback_AndDownloadsTheCsv(string locale, string partnerHeader)
    {
        var comment = $"Browser {locale} {Guid.NewGuid():N}"[..30];

        var pilot = await browser.NewPageAsync(locale, width: 390, height: 844);
        await BrowserFixture.SignInAsync(pilot, "pilot@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(pilot, "/pilot");
        await Expect(pilot.Locator("[data-testid=pilot-plan]", new() { HasTextString = Candidate })).ToBeVisibleAsync();
        var card = pilot.Locator("[data-testid=pilot-card]", new() { Has = pilot.Locator("[data-testid=pilot-plan]", new() { HasTextString = Candidate }) });
        await Expect(card.Locator("[data-testid=pilot-month]").First).ToBeVisibleAsync();
        await card.Locator("[data-testid=pilot-rating] .mud-rating-item").Nth(3).ClickAsync();
        await card.Locator("textarea[data-testid=pilot-comment], [data-testid=pilot-comment] textarea").First.FillAsync(comment);
        await card.Locator("[data-testid=pilot-send]").ClickAsync();
        await Expect(card.Locator("[data-testid=pilot-thanks]")).ToBeVisibleAsync();
        await pilot.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"simulation-pilot-{locale}.png"), FullPage = true });
        await pilot.Context.CloseAsync();

        var page = await browser.NewPageAsync(locale);
        await BrowserFixture.SignInAsync(page, "operator@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/operator/simulations");
        await Expect(page.Locator("[data-testid=sim-form]")).ToBeVisibleAsync();
        await CustomerJourneyTests.PickAsync(page, "sim-candidate", Candidate);
        // The pilot's feedback on the chosen candidate, beside the simulation.
        await Expect(page.Locator("[data-testid=sim-feedback-item]", new() { HasTextString = comment })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=sim-shared]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=sim-mode-all]").ClickAsync();
        await page.Locator("[data-testid=sim-run]").ClickAsync();
        var results = page.Locator("[data-testid=sim-results]");
        await Expect(results.Locator("[data-testid=sim-table]")).ToContainTextAsync("Systemhaus Weser GmbH");
        await Expect(results.Locator("[data-testid=sim-chart] svg").First).ToBeVisibleAsync();
        await Expect(results.Locator("[data-testid=sim-total-simulated]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"simulation-operator-{locale}.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => results.Locator("[data-testid=sim-csv]").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path, Encoding.UTF8);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(partnerHeader, lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Systemhaus Weser GmbH", StringComparison.Ordinal) && l.Contains("2026-10", StringComparison.Ordinal));

        // The publish dialog on a phone-sized window proposes the pilot partners; cancelled, nothing is published.
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-testid=sim-publish]").ClickAsync();
        var dialog = page.Locator(".mud-dialog", new() { Has = page.Locator("[data-testid=publish-confirm]") });
        await Expect(page.Locator("[data-testid=publish-confirm]")).ToBeVisibleAsync();
        await Expect(page.Locator("input[data-testid=publish-partners], [data-testid=publish-partners] input").First)
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Elbe Cloud Partner GmbH"));
        // The effective date in the page's language (a native date input followed the browser's locale).
        await Expect(page.Locator("input[data-testid=publish-from], [data-testid=publish-from] input").First)
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex(locale == "de-DE" ? @"^\d{2}\.\d{2}\.\d{4}$" : @"^\d{1,2}/\d{1,2}/\d{4}$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"simulation-publish-{locale}.png") });
        await page.Locator("[data-testid=publish-cancel]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("[data-testid=sim-shared]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// Issue 12, item 4: the portal serves everything itself. The API reference used to fetch its fonts from
/// fonts.scalar.com (an intranet install breaks; in Germany a foreign font host is a known GDPR complaint).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ThirdPartyRequestTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheApiReference_RequestsNothingFromAnotherHost_AndLogsNoConsoleError()
    {
        var page = await browser.NewPageAsync("en-US");
        var portalHost = new Uri(browser.BaseUrl).Authority;
        var foreign = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Authority != portalHost)
                lock (foreign) foreign.Add(request.Url);
        };
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };

        await page.GotoAsync("/api/docs/");
        await Expect(page.GetByText("PartnerPortal API").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (foreign) Assert.Empty(foreign);
        lock (errors) Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The portal on real Kestrel (a random loopback port) and Debian's Chromium driven by Playwright. Playwright never
/// downloads a browser here: it is pointed at <c>/usr/bin/chromium</c> (override with PP_CHROMIUM).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public PortalFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? _playwright;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
        // Expect(…) waits 5 s by default, independent of the context's timeout: on a loaded CI machine a rerender after a
        // server round trip can take longer, so assertions wait as long as actions do.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task<IPage> NewPageAsync(string locale = "de-DE", int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real (static SSR) sign-in form and waits for the interactive home page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = PartnerPortal.Web.Features.Demo.PortalSeeder.DemoPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-testid=home-title]");
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Opens an interactive page and waits for its circuit. A link or button clicked on the prerendered page
    /// while the circuit is still starting can be lost (CI once saw an enhanced navigation in that window leave the next
    /// page static), so every journey opens pages through here before it touches them.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Waits until the Blazor circuit runs the page (clicks on a prerendered page do nothing).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-interactive=true]", new() { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

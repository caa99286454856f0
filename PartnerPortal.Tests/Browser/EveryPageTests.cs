using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using PartnerPortal.Web.Features.Demo;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// Issue 12's "done when": a pass over every page of every demo login shows no console error, no server error and no
/// request to another host. The pages come from the portal itself: the links its navigation drawer (and the account
/// menu) renders for the signed-in role, then every link on those pages that leads to a page route not visited yet
/// (one customer, one app, one statement, …), until no new route turns up. A new page is covered once it is linked.
/// Only GETs: nothing is clicked or submitted, so the shared demo world stays as it is.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryPageTests(BrowserFixture browser, Xunit.Abstractions.ITestOutputHelper output)
{
    // Same role and kind of partner as reseller@ and isv@ (the same pages with other data): left out to keep the pass fast.
    private static readonly string[] SamePagesAsAnother = ["reseller2@demo.partnerportal.test", "isv2@demo.partnerportal.test"];

    public static TheoryData<string> Logins => new(PortalSeeder.DemoLogins.Select(l => l.Email).Except(SamePagesAsAnother));

    /// <summary>Every routable page: its template as a pattern (<c>/customers/{Id:guid}</c> → <c>^/customers/</c> and a GUID),
    /// literal templates first, as the router matches them: <c>/customers/new</c> is a page of its own, not a customer.</summary>
    private static readonly (string Template, Regex Pattern)[] PageRoutes = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template).Distinct()
        .OrderBy(t => t.Count(c => c == '{'))
        .Select(t => (t, new Regex("^" + Regex.Replace(Regex.Replace(Regex.Escape(t), @"\\\{[^}:]+:guid}", "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), @"\\\{[^}]+}", "[^/]+") + "/?$", RegexOptions.IgnoreCase)))
        .ToArray();

    private static string? RouteOf(string path) => PageRoutes.FirstOrDefault(r => r.Pattern.IsMatch(path.Split('?')[0])).Template;

    [Theory]
    [MemberData(nameof(Logins))]
    public async Task EveryPageOfTheLogin_RendersWithoutConsoleErrors_ServerErrors_OrForeignRequests(string email)
    {
        var page = await browser.NewPageAsync("de-DE");
        var portal = new Uri(browser.BaseUrl);
        var current = "/Account/Login";
        var problems = new List<string>();
        void Problem(string what) { lock (problems) problems.Add($"{current}: {what}"); }
        page.Console += (_, message) => { if (message.Type == "error") Problem("console error: " + message.Text); };
        page.PageError += (_, error) => Problem("uncaught: " + error);
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "ws" or "wss"
                && url.Authority != portal.Authority)
                Problem("request to another host: " + request.Url);
        };
        page.Response += (_, response) => { if (response.Status >= 500) Problem($"{response.Status} from {response.Url}"); };
        var serverErrorsBefore = browser.App.Errors.Count;

        await BrowserFixture.SignInAsync(page, email);
        var navigation = await LinksAsync(page, ".mud-navmenu a[href], .mud-appbar a[href]", portal);
        var queue = new Queue<string>(navigation);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visited = new List<string>();
        var rowLinks = new List<(string Page, string Route)>(); // the pages the rows of a data grid link to
        while (queue.TryDequeue(out var path))
        {
            var route = RouteOf(path);
            if (route is null && !navigation.Contains(path)) continue; // a download or the language switch, not a page
            if (!seen.Add(route ?? path)) continue;
            current = path;
            visited.Add(path);
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                foreach (var link in await VisitAsync(page, path, route, portal, Problem)) queue.Enqueue(link);
                if (route is not null && !route.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
                    rowLinks.AddRange((await LinksAsync(page, ".mud-data-grid[data-loaded=true] tbody a[href]", portal))
                        .Select(RouteOf).OfType<string>().Distinct().Select(r => (path, r)));
            }
            catch (TimeoutException e)
            {
                Problem("did not finish rendering: " + e.Message.Split('\n')[0]);
            }
            output.WriteLine($"{started.ElapsedMilliseconds,6} ms {path}");
        }

        Assert.True(visited.Count >= 4, $"{email} reached only {string.Join(", ", visited)}");
        // A list's rows are there before its links are collected, so the pass reaches a detail page of every list that
        // shows some (one customer, one app, one request), in every run; every demo login that sees customers has some.
        var unreached = rowLinks.Where(l => !visited.Any(v => RouteOf(v) == l.Route)).Select(l => $"{l.Page} → {l.Route}").ToList();
        Assert.True(unreached.Count == 0, $"{email} did not reach the rows' pages {string.Join(", ", unreached)}");
        if (visited.Contains("/customers"))
            Assert.Contains(visited, v => RouteOf(v) == "/customers/{Id:guid}");
        problems.AddRange(browser.App.Errors.Skip(serverErrorsBefore).Select(e => "server logged: " + e));
        Assert.True(problems.Count == 0, $"{email} visited {string.Join(", ", visited)}\n" + string.Join("\n", problems.Distinct()));
        await page.Context.CloseAsync();
    }

    /// <summary>Opens the page, waits until it is rendered and answers the links to follow from it.</summary>
    private static async Task<IReadOnlyList<string>> VisitAsync(IPage page, string path, string? route, Uri portal, Action<string> problem)
    {
        if (route is null)
        {
            // A navigation entry outside the Blazor pages (the API reference, the jobs dashboard): it loads and settles.
            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            if (response is null || !response.Ok) problem($"answered {response?.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            return [];
        }
        await page.GotoAsync(path);
        if (!route.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase) && new Uri(page.Url).AbsolutePath.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            problem("a link leads to a page this login may not open (it is sent to sign-in)");
            return [];
        }
        if (route.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
        {
            // Static account pages: the manage menu is their navigation.
            await page.WaitForSelectorAsync(".account-main");
            return await LinksAsync(page, "[data-testid=manage-nav] a[href]", portal);
        }
        await RenderedAsync(page);
        if (await page.Locator("#blazor-error-ui").IsVisibleAsync()) problem("the page shows Blazor's error bar");
        if (await page.Locator(".mud-main-content").GetByText(ErrorBoundaryText).CountAsync() > 0) problem("the page shows the error boundary");
        return await LinksAsync(page, "a[href]", portal);
    }

    private const string ErrorBoundaryText = "Etwas ist schiefgegangen. Ihre Daten sind sicher; bitte versuchen Sie es erneut.";

    /// <summary>The circuit runs the page and nothing on it is loading any more: the pages show an indeterminate
    /// progress bar while they load, and every data grid has its first rows (a server-paged grid starts loading only
    /// after the first interactive render, so before <c>data-loaded</c> it shows neither rows nor a loading bar).</summary>
    private static Task RenderedAsync(IPage page) =>
        page.WaitForFunctionAsync(
            "() => document.querySelector('[data-interactive=true]') && !document.querySelector('.mud-progress-indeterminate, .mud-table-loading, [data-loaded=false]')",
            null, new() { PollingInterval = 50 });

    /// <summary>The portal-local paths (with query) of the matching links, in page order.</summary>
    private static async Task<IReadOnlyList<string>> LinksAsync(IPage page, string selector, Uri portal)
    {
        var hrefs = await page.Locator(selector).EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        return hrefs
            .Select(h => Uri.TryCreate(h, UriKind.Absolute, out var u) ? u : null)
            .Where(u => u is not null && u.Authority == portal.Authority && u.Scheme == portal.Scheme)
            .Select(u => u!.PathAndQuery)
            .ToList();
    }
}

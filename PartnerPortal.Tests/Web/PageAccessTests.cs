using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Every page of the portal, found by its <c>@page</c> route: it requires a signed-in user (and, where it is a role's
/// page, that role) unless it is one of the few public pages. Pages get their data through tenant-scoped services, so
/// what a signed-in user sees is decided by the same filters the API tests prove.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PageAccessTests(PortalFactory app)
{
    // Public by design: signing in and its helpers, the invitee's registration, the error and not-found pages.
    private static readonly string[] PublicPrefixes =
        ["/Account/", "/onboarding/register", "/not-found", "/Error"];

    private static IEnumerable<(Type Page, string Route)> Pages() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (t, r.Template)));

    [Fact]
    public void EveryNonPublicPage_RequiresAuthorization()
    {
        var pages = Pages().ToList();
        Assert.True(pages.Count > 20, $"only {pages.Count} pages found");
        var open = pages
            .Where(p => !PublicPrefixes.Any(prefix => p.Route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Where(p => p.Page.GetCustomAttribute<AuthorizeAttribute>(inherit: true) is null)
            .Select(p => $"{p.Route} ({p.Page.Name})").ToList();
        Assert.Empty(open);
    }

    [Fact]
    public async Task EveryNonPublicPage_SendsAnonymousVisitorsToSignIn()
    {
        using var client = app.ApiClient(key: null);
        var routes = Pages().Select(p => p.Route)
            .Where(r => !PublicPrefixes.Any(prefix => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(r => System.Text.RegularExpressions.Regex.Replace(r, "\\{[^}]+\\}", Guid.NewGuid().ToString()))
            .Distinct().ToList();
        foreach (var route in routes)
        {
            var response = await client.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/Login"),
                $"{route}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }
}

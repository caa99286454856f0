using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<SharedResource> L)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        navigationManager.NavigateTo(Safe(uri ?? ""));
    }

    /// <summary>
    /// Prevents open redirects: a target off this portal (<c>//evil</c>, <c>/\evil</c>, <c>https://evil…</c>) goes home
    /// instead (it used to throw in <c>ToBaseRelativePath</c>, a 500 after a successful sign-in).
    /// </summary>
    private string Safe(string uri)
    {
        if (uri.StartsWith('/') || uri.StartsWith('\\')) return LocalUrl.IsLocal(uri) ? uri : "";
        if (uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)) return navigationManager.ToBaseRelativePath(uri);
        var schemeEnd = uri.IndexOf(':');
        var pathStart = uri.IndexOfAny(['/', '?', '#']);
        var hasScheme = schemeEnd >= 0 && (pathStart < 0 || schemeEnd < pathStart);
        return !hasScheme && !uri.Contains('\\') && Uri.IsWellFormedUriString(uri, UriKind.Relative) ? uri : "";
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<PortalUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Error: " + L["Account.InvalidUser.Text"], context);
}

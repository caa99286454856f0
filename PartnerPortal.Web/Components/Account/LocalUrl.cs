namespace PartnerPortal.Web.Components.Account;

/// <summary>
/// Which redirect targets stay on this portal: the rule of ASP.NET Core's <c>IsLocalUrl</c>, written once so that every
/// redirect taken from a request (a sign-in's ReturnUrl, the culture switch's redirectUri, sign-out) can check it first
/// and go home instead: <c>LocalRedirect</c> throws on anything else, which answered 500.
/// </summary>
public static class LocalUrl
{
    /// <summary>True for <c>/path</c> and <c>~/path</c>; false for <c>//host</c>, <c>/\host</c>, absolute URLs and control characters.</summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url)) return false;
        var rest = url[0] == '/' ? url.AsSpan(1) : url.StartsWith("~/", StringComparison.Ordinal) ? url.AsSpan(2) : default;
        if (url[0] != '/' && !url.StartsWith("~/", StringComparison.Ordinal)) return false;
        if (rest.Length > 0 && rest[0] is '/' or '\\') return false;
        foreach (var c in rest)
        {
            if (char.IsControl(c)) return false;
        }

        return true;
    }
}

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
        ReadOnlySpan<char> rest;
        if (url is null) return false;
        if (url.StartsWith('/')) rest = url.AsSpan(1);
        else if (url.StartsWith("~/", StringComparison.Ordinal)) rest = url.AsSpan(2);
        else return false;
        if (rest.Length > 0 && rest[0] is '/' or '\\') return false;
        foreach (var c in rest)
        {
            if (char.IsControl(c)) return false;
        }

        return true;
    }
}

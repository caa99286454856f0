using System.Text.RegularExpressions;

namespace PartnerPortal.Tests.Support;

/// <summary>
/// The static (SSR) forms of the account pages, used as a browser uses them: the hidden fields a form renders
/// (antiforgery token, form name) are posted back with the visible ones, and the client keeps the cookies.
/// </summary>
public static partial class StaticForms
{
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    /// <summary>GETs <paramref name="path"/>, fills in <paramref name="fields"/> and posts the form back to it.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var form = HiddenFields(await browser.GetStringAsync(path));
        Assert.Contains("__RequestVerificationToken", form.Keys);
        foreach (var (name, value) in fields) form[name] = value;
        return await browser.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Signs in through the real sign-in form; the client keeps the cookie.</summary>
    public static async Task SignInAsync(HttpClient browser, string email, string password)
    {
        var response = await PostAsync(browser, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.Headers.Location!.ToString());
    }

    /// <summary>What a reader sees of a page: its text without markup, scripts or styles, entities decoded, spaces collapsed.</summary>
    public static string VisibleText(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(ScriptsAndStyles().Replace(html, " "), " ")), " ").Trim();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}

using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace PartnerPortal.Web.Localization;

/// <summary>
/// German (default, <c>de-DE</c>) and English (<c>en-US</c>). The choice is a culture cookie set by
/// <c>/culture?culture=…&amp;redirectUri=…</c>; without it the browser's Accept-Language decides.
/// </summary>
public static class PortalLocalization
{
    public static readonly string[] Cultures = ["de-DE", "en-US"];

    /// <summary>The link that switches to <paramref name="culture"/> and comes back to the current page.</summary>
    public static string SwitchHref(Microsoft.AspNetCore.Components.NavigationManager navigation, string culture) =>
        $"/culture?culture={culture}&redirectUri={Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri))}";

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        return services;
    }

    public static IApplicationBuilder UsePortalLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    public static IEndpointConventionBuilder MapPortalLocalizationEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture", (string? culture, string? redirectUri, HttpContext http) =>
        {
            if (culture is null || !Cultures.Contains(culture)) culture = Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            // Only local redirects: an open redirect would let a link send users elsewhere.
            var target = PartnerPortal.Web.Components.Account.LocalUrl.IsLocal(redirectUri) ? redirectUri! : "/";
            return TypedResults.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
}

/// <summary>Money and dates as people read them in the current culture (de-DE: <c>1.234,56 €</c>, <c>26.11.2026</c>).</summary>
public static class Format
{
    public static string Money(long cents, string currency = "EUR") => Money(cents / 100m, currency);

    public static string Money(decimal amount, string currency = "EUR")
    {
        var culture = CultureInfo.CurrentCulture;
        var nfi = (NumberFormatInfo)culture.NumberFormat.Clone();
        nfi.CurrencySymbol = currency == "EUR" ? "€" : currency;
        return amount.ToString("C2", nfi);
    }

    public static string Date(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);
    public static string Date(DateTime utc) => utc.ToString("d", CultureInfo.CurrentCulture);
    public static string DateTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("g", CultureInfo.CurrentCulture);
    public static string Percent(decimal rate) => rate.ToString("P2", CultureInfo.CurrentCulture);
}

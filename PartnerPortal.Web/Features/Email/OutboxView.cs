using System.Text.RegularExpressions;

namespace PartnerPortal.Web.Features.Email;

/// <summary>How the operator's outbox page shows a stored mail: never with a usable secret in it.</summary>
public static partial class OutboxView
{
    public const string HiddenLink = "#link-issued-on-delivery";

    /// <summary>
    /// The body with the placeholder of a secret link pointing nowhere, and any token or code left in mails stored before
    /// links were issued on delivery replaced by dots.
    /// </summary>
    public static string Masked(string htmlBody) =>
        SecretValue().Replace(htmlBody.Replace(Mailer.LinkPlaceholder, HiddenLink, StringComparison.Ordinal), "$1•••");

    [GeneratedRegex(@"([?&](?:amp;)?(?:token|code)=)[^'""&\s<]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}

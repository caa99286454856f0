using System.Security.Cryptography;
using System.Text;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.ApiKeys;

/// <summary>
/// An API key of an organisation. Only its SHA-256 hash is stored; the key itself is shown once when it is made.
/// Keys are 256-bit random values, so a plain hash (no salt, no slow KDF) is enough and lets a request look
/// its key up by an index.
/// </summary>
public sealed class ApiKey
{
    public const string KeyPrefix = "pp_";

    public Guid Id { get; set; }
    public OrganisationKind OrganisationKind { get; set; }
    public Guid? PartnerId { get; set; }
    public Guid? CustomerId { get; set; }
    public string Name { get; set; } = string.Empty;
    /// <summary>The first characters of the key, to recognise it in a list.</summary>
    public string Hint { get; set; } = string.Empty;
    public string Hash { get; set; } = string.Empty;
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTime? LastUsedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAtUtc is null;

    public static string NewSecret() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string HintOf(string key) => key.Length <= 10 ? key : key[..10] + "…";
}

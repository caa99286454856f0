using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Catalog;

/// <summary>
/// A category of the catalog. Categories are store data the operator manages: an app names one, and a commission
/// plan may set a rate per category. Codes compare case-insensitively — <c>communication</c> names the category
/// <c>Communication</c> — and the spelling the category was created with is its canonical code, the one apps store.
/// </summary>
/// <example><c>AppCategory.Create("Communication", "Communication", now)</c>; a second <c>"COMMUNICATION"</c> is a duplicate.</example>
public sealed class AppCategory
{
    public const int CodeMinLength = 2;
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 100;

    private AppCategory()
    {
        Code = NormalizedCode = Name = string.Empty;
    }

    /// <summary>The canonical code: 2 to 32 ASCII letters or digits (<c>CrmSales</c>).</summary>
    public string Code { get; private set; }

    /// <summary><see cref="Code"/> in upper case: what codes are compared by (<see cref="Normalize"/>).</summary>
    public string NormalizedCode { get; private set; }

    /// <summary>The display name (1 to 100 characters).</summary>
    public string Name { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public static AppCategory Create(string? code, string? name, DateTime nowUtc)
    {
        code = code?.Trim();
        if (!IsWellFormedCode(code))
            throw new DomainException($"code must have {CodeMinLength} to {CodeMaxLength} letters or digits (e.g. Communication, CrmSales).", "code");
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NameMaxLength)
            throw new DomainException($"name must have 1 to {NameMaxLength} characters.", "name");
        return new AppCategory { Code = code!, NormalizedCode = Normalize(code!), Name = name, CreatedAtUtc = nowUtc };
    }

    /// <summary>2 to 32 ASCII letters or digits.</summary>
    public static bool IsWellFormedCode(string? code) =>
        code is { Length: >= CodeMinLength and <= CodeMaxLength } && code.All(char.IsAsciiLetterOrDigit);

    /// <summary>The form codes are compared in: upper case. Codes are ASCII, so no culture can fold them differently.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}

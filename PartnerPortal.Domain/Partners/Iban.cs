using System.Text;

namespace PartnerPortal.Domain.Partners;

/// <summary>
/// The outcome of <see cref="Iban.Validate"/>: either the normalised IBAN and its country or a readable English error.
/// </summary>
/// <example>
/// <code>
/// var result = Iban.Validate("de89 3704 0044 0532 0130 00");
/// result.Normalized;    // "DE89370400440532013000"
/// result.Formatted;     // "DE89 3704 0044 0532 0130 00"
/// result.CountryCode;   // "DE"
/// </code>
/// </example>
/// <param name="IsValid">True when country, length and check digits are right.</param>
/// <param name="Normalized">Upper case without spaces (<c>DE89370400440532013000</c>); null when invalid.</param>
/// <param name="Error">What is wrong, for the user; null when valid.</param>
/// <param name="CountryCode">The ISO 3166-1 alpha-2 country of the account (<c>DE</c>); null when invalid.</param>
public sealed record IbanResult(bool IsValid, string? Normalized, string? Error, string? CountryCode)
{
    /// <summary>The IBAN in groups of four for display (<c>DE89 3704 0044 0532 0130 00</c>); null when invalid.</summary>
    public string? Formatted => Normalized is null ? null : Iban.Format(Normalized);

    internal static IbanResult Valid(string normalized) => new(true, normalized, null, normalized[..2]);

    internal static IbanResult Invalid(string error) => new(false, null, error, null);
}

/// <summary>
/// Checks an International Bank Account Number (ISO 13616): its shape, the length its country
/// prescribes and the ISO 7064 MOD 97-10 check digits. It does not know whether the account exists.
/// </summary>
/// <example>
/// <code>
/// Iban.Validate("GB82 WEST 1234 5698 7654 32").IsValid;   // true
/// Iban.Validate("GB82 WEST 1234 5698 7654 33").Error;     // the check digits do not match
/// Iban.Format("at611904300234573201");                    // "AT61 1904 3002 3457 3201"
/// </code>
/// </example>
public static class Iban
{
    /// <summary>
    /// IBAN length per country, from the SWIFT IBAN Registry (the registration authority for ISO 13616),
    /// for the countries in the SEPA scheme. Territories such as Åland, Réunion or Jersey use the IBANs
    /// of FI, FR and GB and need no entry of their own.
    /// </summary>
    private static readonly Dictionary<string, int> Lengths = new(StringComparer.Ordinal)
    {
        // EU member states
        ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IT"] = 27, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MT"] = 31, ["NL"] = 18,
        ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24,
        // The rest of the EEA
        ["IS"] = 26, ["LI"] = 21, ["NO"] = 15,
        // Other SEPA countries and territories
        ["AD"] = 24, ["CH"] = 21, ["GB"] = 22, ["GI"] = 23, ["MC"] = 27, ["SM"] = 27, ["VA"] = 22,
        // Admitted to SEPA by the European Payments Council in 2024/2025
        ["AL"] = 28, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["RS"] = 22,
    };

    /// <summary>Validates <paramref name="input"/> as an IBAN; spaces are ignored and letters may be lower case.</summary>
    public static IbanResult Validate(string? input)
    {
        var iban = Normalize(input ?? string.Empty);
        if (iban.Length == 0)
            return IbanResult.Invalid("IBAN is empty");
        if (!iban.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
            return IbanResult.Invalid("An IBAN may contain only letters and digits.");
        if (iban.Length < 5 || !char.IsAsciiLetterUpper(iban[0]) || !char.IsAsciiLetterUpper(iban[1])
            || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
            return IbanResult.Invalid("An IBAN starts with a two-letter country code and two check digits, such as DE89.");
        if (iban.Length > 34)
            return IbanResult.Invalid($"An IBAN has at most 34 characters; this one has {iban.Length}.");

        var country = iban[..2];
        if (!Lengths.TryGetValue(country, out var length))
            return IbanResult.Invalid($"IBANs from {country} are not supported; only SEPA countries are.");
        if (iban.Length != length)
            return IbanResult.Invalid($"An IBAN from {country} has {length} characters; this one has {iban.Length}.");
        // ISO 13616 allows only 02 to 98; 00, 01 and 99 would pass MOD 97 exactly when 97, 98 and 02 do.
        if (iban[2..4] is "00" or "01" or "99")
            return IbanResult.Invalid("The IBAN check digits must be between 02 and 98.");
        if (Mod97(iban[4..] + iban[..4]) != 1)
            return IbanResult.Invalid("The IBAN check digits do not match the account; please check for typos.");

        return IbanResult.Valid(iban);
    }

    /// <summary>
    /// Writes an IBAN in groups of four for display: upper case, existing spaces removed.
    /// Does not validate; pass <see cref="IbanResult.Normalized"/> to format a checked IBAN.
    /// </summary>
    public static string Format(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var value = Normalize(iban);
        var text = new StringBuilder(value.Length + value.Length / 4);
        for (var i = 0; i < value.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
                text.Append(' ');
            text.Append(value[i]);
        }

        return text.ToString();
    }

    /// <summary>
    /// An IBAN for people who may know that a partner has an account but not which one: country, check digits and the
    /// last four characters stay, the rest becomes <c>*</c>, in groups of four
    /// (<c>DE89370400440532013000</c> → <c>DE89 **** **** **** **30 00</c>).
    /// </summary>
    public static string Mask(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var value = Normalize(iban);
        if (value.Length <= 8) return Format(value);
        return Format(string.Concat(value.AsSpan(0, 4), new string('*', value.Length - 8), value.AsSpan(value.Length - 4)));
    }

    /// <summary>
    /// ISO 7064 MOD 97-10 of the text read as one number, letters standing for 10 (A) to 35 (Z),
    /// computed digit by digit so no big integers are needed.
    /// </summary>
    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }

    private static string Normalize(string input)
    {
        var text = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (!char.IsWhiteSpace(c))
                text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }
}

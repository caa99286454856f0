using System.Text;
using System.Text.RegularExpressions;

namespace PartnerPortal.Domain.Partners;

/// <summary>
/// The outcome of <see cref="VatId.Validate"/>: either the normalised VAT ID or a readable English error.
/// </summary>
/// <example>
/// <code>
/// VatId.Validate("de 136.695.976");   // IsValid, Normalized "DE136695976", IsEuFormatChecked
/// VatId.Validate("DE136695977");      // not valid, Error explains the wrong check digit
/// </code>
/// </example>
/// <param name="IsValid">True when the VAT ID passed every rule that applies to its prefix.</param>
/// <param name="Normalized">Upper case without spaces, dots and dashes (<c>DE136695976</c>); null when invalid.</param>
/// <param name="Error">What is wrong, for the user; null when valid.</param>
/// <param name="IsEuFormatChecked">
/// True when the prefix is an EU VAT prefix (or XI) and the member state's format was checked;
/// false for other countries, whose VAT IDs are only checked for a plausible shape.
/// </param>
public sealed record VatIdResult(bool IsValid, string? Normalized, string? Error, bool IsEuFormatChecked)
{
    internal static VatIdResult Valid(string normalized, bool euFormatChecked) => new(true, normalized, null, euFormatChecked);

    internal static VatIdResult Invalid(string error) => new(false, null, error, false);
}

/// <summary>
/// Checks a VAT identification number offline: the format of every EU member state (and XI for
/// Northern Ireland), the check digit of German numbers (USt-IdNr.), and a plausible shape for
/// other countries. It does not ask VIES whether the number is actually registered.
/// </summary>
/// <example>
/// <code>
/// VatId.Validate("EL123456789", expectedCountry: "GR").IsValid;   // true: Greece's VAT prefix is EL
/// VatId.Validate("ATU12345678", expectedCountry: "DE").Error;     // the prefix does not match the country
/// VatId.Validate("CHE-123.456.789 MWST").IsEuFormatChecked;       // false: Switzerland is not in the EU
/// </code>
/// </example>
public static class VatId
{
    // Formats per prefix, as in the European Commission's VIES FAQ ("What is the structure of a VAT number?").
    private static readonly Dictionary<string, (Regex Pattern, string Description)> EuFormats = new(StringComparer.Ordinal)
    {
        ["AT"] = Rule(@"ATU\d{8}", "ATU followed by 8 digits"),
        ["BE"] = Rule(@"BE[01]\d{9}", "BE followed by 10 digits, the first 0 or 1"),
        ["BG"] = Rule(@"BG\d{9,10}", "BG followed by 9 or 10 digits"),
        ["CY"] = Rule(@"CY\d{8}[A-Z]", "CY followed by 8 digits and a letter"),
        ["CZ"] = Rule(@"CZ\d{8,10}", "CZ followed by 8 to 10 digits"),
        ["DE"] = Rule(@"DE\d{9}", "DE followed by 9 digits"),
        ["DK"] = Rule(@"DK\d{8}", "DK followed by 8 digits"),
        ["EE"] = Rule(@"EE\d{9}", "EE followed by 9 digits"),
        ["EL"] = Rule(@"EL\d{9}", "EL followed by 9 digits"),
        ["ES"] = Rule(@"ES[A-Z0-9]\d{7}[A-Z0-9]", "ES followed by 9 characters: a letter or digit, 7 digits, a letter or digit"),
        ["FI"] = Rule(@"FI\d{8}", "FI followed by 8 digits"),
        ["FR"] = Rule(@"FR[A-HJ-NP-Z0-9]{2}\d{9}", "FR followed by 2 letters or digits (not I or O) and 9 digits"),
        ["HR"] = Rule(@"HR\d{11}", "HR followed by 11 digits"),
        ["HU"] = Rule(@"HU\d{8}", "HU followed by 8 digits"),
        ["IE"] = Rule(@"IE\d{7}[A-W][A-I]?|IE\d[A-Z+*]\d{5}[A-W]", "IE followed by 7 digits and 1 or 2 letters (or the old form, such as IE1A23456B)"),
        ["IT"] = Rule(@"IT\d{11}", "IT followed by 11 digits"),
        ["LT"] = Rule(@"LT(\d{9}|\d{12})", "LT followed by 9 or 12 digits"),
        ["LU"] = Rule(@"LU\d{8}", "LU followed by 8 digits"),
        ["LV"] = Rule(@"LV\d{11}", "LV followed by 11 digits"),
        ["MT"] = Rule(@"MT\d{8}", "MT followed by 8 digits"),
        ["NL"] = Rule(@"NL\d{9}B\d{2}", "NL followed by 9 digits, B and 2 digits"),
        ["PL"] = Rule(@"PL\d{10}", "PL followed by 10 digits"),
        ["PT"] = Rule(@"PT\d{9}", "PT followed by 9 digits"),
        ["RO"] = Rule(@"RO\d{2,10}", "RO followed by 2 to 10 digits"),
        ["SE"] = Rule(@"SE\d{12}", "SE followed by 12 digits"),
        ["SI"] = Rule(@"SI\d{8}", "SI followed by 8 digits"),
        ["SK"] = Rule(@"SK\d{10}", "SK followed by 10 digits"),
        ["XI"] = Rule(@"XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})", "XI followed by 9 or 12 digits, GD and 3 digits, or HA and 3 digits"),
    };

    // Any country outside the EU: a two-letter prefix and 2 to 20 letters or digits.
    private static readonly Regex OtherFormat = new(@"^[A-Z]{2}[A-Z0-9]{2,20}\z", RegexOptions.CultureInvariant);

    /// <summary>
    /// Validates <paramref name="input"/> as a VAT ID; spaces, dots and dashes are ignored and letters may be lower case.
    /// </summary>
    /// <param name="input">The VAT ID as typed, including its country prefix (<c>DE</c>, <c>ATU</c>, <c>EL</c>, <c>XI</c>, ...).</param>
    /// <param name="expectedCountry">
    /// The partner's ISO 3166-1 alpha-2 country, when known: the prefix must belong to it
    /// (GR expects EL, GB expects GB or XI). Null or blank skips this check.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="expectedCountry"/> is not two letters: a programming error, not a user's.</exception>
    public static VatIdResult Validate(string? input, string? expectedCountry = null)
    {
        var value = Normalize(input);
        if (value.Length == 0)
            return VatIdResult.Invalid("VAT ID is empty");
        if (!value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '+' or '*'))
            return VatIdResult.Invalid("A VAT ID may contain only letters and digits.");
        if (value.Length < 2 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1]))
            return VatIdResult.Invalid("A VAT ID starts with a two-letter country prefix such as DE.");

        var prefix = value[..2];
        if (prefix == "GR")
            return VatIdResult.Invalid("Greek VAT IDs start with EL, not GR.");

        if (!string.IsNullOrWhiteSpace(expectedCountry))
        {
            var allowed = PrefixesOf(expectedCountry);
            if (!allowed.Contains(prefix, StringComparer.Ordinal))
                return VatIdResult.Invalid(
                    $"A VAT ID for country {expectedCountry.Trim().ToUpperInvariant()} starts with {string.Join(" or ", allowed)}, not {prefix}.");
        }

        if (!EuFormats.TryGetValue(prefix, out var format))
        {
            return OtherFormat.IsMatch(value)
                ? VatIdResult.Valid(value, euFormatChecked: false)
                : VatIdResult.Invalid("A VAT ID is a two-letter country prefix followed by 2 to 20 letters or digits.");
        }

        if (!format.Pattern.IsMatch(value))
            return VatIdResult.Invalid($"A VAT ID starting with {prefix} must be {format.Description}.");

        if (prefix == "DE")
        {
            if (value[2] == '0')
                return VatIdResult.Invalid("A German VAT ID (USt-IdNr.) cannot have 0 as its first digit.");
            if (GermanCheckDigit(value.AsSpan(2, 8)) != value[10] - '0')
                return VatIdResult.Invalid("The check digit of this German VAT ID (USt-IdNr.) is wrong; please check for typos.");
        }

        return VatIdResult.Valid(value, euFormatChecked: true);
    }

    /// <summary>
    /// ISO 7064 MOD 11,10 as the Bundeszentralamt für Steuern uses it for the USt-IdNr.:
    /// the check digit (the 9th digit) of the first 8 digits.
    /// </summary>
    private static int GermanCheckDigit(ReadOnlySpan<char> digits)
    {
        var product = 10;
        foreach (var c in digits)
        {
            var sum = (c - '0' + product) % 10;
            if (sum == 0)
                sum = 10;
            product = 2 * sum % 11;
        }

        var check = 11 - product;
        return check == 10 ? 0 : check;
    }

    private static string[] PrefixesOf(string country)
    {
        var code = country.Trim().ToUpperInvariant();
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            throw new ArgumentException("The expected country must be a two-letter ISO code such as DE.", "expectedCountry");
        return code switch
        {
            "GR" => ["EL"],
            "GB" => ["GB", "XI"],
            _ => [code],
        };
    }

    private static string Normalize(string? input)
    {
        if (input is null)
            return string.Empty;
        var text = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (!char.IsWhiteSpace(c) && c is not ('.' or '-'))
                text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }

    private static (Regex, string) Rule(string pattern, string description) =>
        (new Regex($"^(?:{pattern})\\z", RegexOptions.CultureInvariant), description);
}

using PartnerPortal.Domain.Partners;

namespace PartnerPortal.Tests.Domain.Partners;

public class IbanTests
{
    [Theory]
    // Widely published example IBANs (Wikipedia, the SWIFT IBAN Registry).
    [InlineData("DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "GB")]
    [InlineData("AT61 1904 3002 3457 3201", "AT611904300234573201", "AT")]
    [InlineData("CH93 0076 2011 6238 5295 7", "CH9300762011623852957", "CH")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606", "FR")]
    [InlineData("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "NL")]
    [InlineData("BE68 5390 0754 7034", "BE68539007547034", "BE")]
    public void Validate_AcceptsPublishedExample_AndReturnsItsParts(string input, string normalized, string country)
    {
        var result = Iban.Validate(input);

        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Error);
        Assert.Equal(normalized, result.Normalized);
        Assert.Equal(input, result.Formatted);
        Assert.Equal(country, result.CountryCode);
    }

    [Theory]
    // The SWIFT IBAN Registry's example of every country in the length table: proves each length.
    [InlineData("AD1200012030200359100100")]
    [InlineData("AL47212110090000000235698741")]
    [InlineData("AT611904300234573201")]
    [InlineData("BE68539007547034")]
    [InlineData("BG80BNBG96611020345678")]
    [InlineData("CH9300762011623852957")]
    [InlineData("CY17002001280000001200527600")]
    [InlineData("CZ6508000000192000145399")]
    [InlineData("DE89370400440532013000")]
    [InlineData("DK5000400440116243")]
    [InlineData("EE382200221020145685")]
    [InlineData("ES9121000418450200051332")]
    [InlineData("FI2112345600000785")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("GB29NWBK60161331926819")]
    [InlineData("GI75NWBK000000007099453")]
    [InlineData("GR1601101250000000012300695")]
    [InlineData("HR1210010051863000160")]
    [InlineData("HU42117730161111101800000000")]
    [InlineData("IE29AIBK93115212345678")]
    [InlineData("IS140159260076545510730339")]
    [InlineData("IT60X0542811101000000123456")]
    [InlineData("LI21088100002324013AA")]
    [InlineData("LT121000011101001000")]
    [InlineData("LU280019400644750000")]
    [InlineData("LV80BANK0000435195001")]
    [InlineData("MC5811222000010123456789030")]
    [InlineData("MD24AG000225100013104168")]
    [InlineData("ME25505000012345678951")]
    [InlineData("MK07250120000058984")]
    [InlineData("MT84MALT011000012345MTLCAST001S")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("NO9386011117947")]
    [InlineData("PL61109010140000071219812874")]
    [InlineData("PT50000201231234567890154")]
    [InlineData("RO49AAAA1B31007593840000")]
    [InlineData("RS35260005601001611379")]
    [InlineData("SE4550000000058398257466")]
    [InlineData("SI56263300012039086")]
    [InlineData("SK3112000000198742637541")]
    [InlineData("SM86U0322509800000000270100")]
    [InlineData("VA59001123000012345678")]
    public void Validate_AcceptsTheRegistryExample_OfEverySupportedCountry(string iban)
    {
        Assert.True(Iban.Validate(iban).IsValid, Iban.Validate(iban).Error);
    }

    [Theory]
    [InlineData("de89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [InlineData("  gb82west12345698765432 ", "GB82WEST12345698765432")]
    [InlineData("fr14\t2004 1010 0505 0001 3m02 606", "FR1420041010050500013M02606")]
    public void Validate_AcceptsLowerCaseWithSpaces_AndNormalizes(string input, string normalized)
    {
        var result = Iban.Validate(input);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(normalized, result.Normalized);
    }

    [Theory]
    // Each published example with one digit changed: MOD 97 catches every single-digit error.
    [InlineData("DE89 3704 0044 0532 0130 01")]
    [InlineData("DE88 3704 0044 0532 0130 00")]
    [InlineData("GB82 WEST 1234 5698 7654 33")]
    [InlineData("AT61 1904 3002 3457 3202")]
    [InlineData("CH93 0076 2011 6238 5295 8")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 607")]
    [InlineData("NL91 ABNA 0417 1643 01")]
    [InlineData("BE68 5390 0754 7035")]
    public void Validate_RejectsPublishedExample_WithOneDigitChanged(string input)
    {
        var result = Iban.Validate(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Normalized);
        Assert.Null(result.Formatted);
        Assert.Null(result.CountryCode);
        Assert.Equal("The IBAN check digits do not match the account; please check for typos.", result.Error);
    }

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 0", "An IBAN from DE has 22 characters; this one has 21.")]
    [InlineData("DE89 3704 0044 0532 0130 000", "An IBAN from DE has 22 characters; this one has 23.")]
    [InlineData("BE68 5390 0754 703", "An IBAN from BE has 16 characters; this one has 15.")]
    [InlineData("NO93 8601 1117 9470", "An IBAN from NO has 15 characters; this one has 16.")]
    public void Validate_RejectsWrongLength_ForTheCountry(string input, string error)
    {
        Assert.Equal(error, Iban.Validate(input).Error);
    }

    [Theory]
    [InlineData("XX89 3704 0044 0532 0130 00", "IBANs from XX are not supported; only SEPA countries are.")]
    [InlineData("US12 3456 7890 1234", "IBANs from US are not supported; only SEPA countries are.")]
    public void Validate_RejectsUnknownCountry(string input, string error)
    {
        Assert.Equal(error, Iban.Validate(input).Error);
    }

    [Theory]
    [InlineData(null, "IBAN is empty")]
    [InlineData("", "IBAN is empty")]
    [InlineData("   ", "IBAN is empty")]
    [InlineData("DE89-3704-0044-0532-0130-00", "An IBAN may contain only letters and digits.")]
    [InlineData("DE89 3704 0044 0532 0130 0Ä", "An IBAN may contain only letters and digits.")]
    [InlineData("DE89", "An IBAN starts with a two-letter country code and two check digits, such as DE89.")]
    [InlineData("1E89370400440532013000", "An IBAN starts with a two-letter country code and two check digits, such as DE89.")]
    [InlineData("DEX9370400440532013000", "An IBAN starts with a two-letter country code and two check digits, such as DE89.")]
    [InlineData("DE893704004405320130001234567890123", "An IBAN has at most 34 characters; this one has 35.")]
    public void Validate_RejectsMalformedInput(string? input, string error)
    {
        Assert.Equal(error, Iban.Validate(input).Error);
    }

    [Theory]
    // Check digits 02, 98 and 97 are right for these accounts; 99, 01 and 00 are congruent to them
    // mod 97 and pass the sum, but ISO 13616 allows only 02 to 98.
    [InlineData("DE02370400440532013014", "DE99370400440532013014")]
    [InlineData("DE98370400440532013032", "DE01370400440532013032")]
    [InlineData("DE97370400440532013050", "DE00370400440532013050")]
    public void Validate_RejectsCheckDigitsOutside02To98_ThatPassMod97(string valid, string outOfRange)
    {
        Assert.True(Iban.Validate(valid).IsValid, Iban.Validate(valid).Error);
        Assert.Equal("The IBAN check digits must be between 02 and 98.", Iban.Validate(outOfRange).Error);
    }

    [Theory]
    [InlineData("DE89370400440532013000", "DE89 3704 0044 0532 0130 00")]
    [InlineData("be68 5390 0754 7034", "BE68 5390 0754 7034")]
    [InlineData("NO9386011117947", "NO93 8601 1117 947")]
    [InlineData("", "")]
    public void Format_GroupsInFours(string input, string formatted)
    {
        Assert.Equal(formatted, Iban.Format(input));
    }

    [Theory]
    [InlineData("DE89370400440532013000", "DE89 **** **** **** **30 00")]
    [InlineData("no93 8601 1117 947", "NO93 **** ***7 947")]
    [InlineData("BE68539007547034", "BE68 **** **** 7034")]
    [InlineData("AB12345", "AB12 345")]
    public void Mask_KeepsCountryCheckDigitsAndLastFour(string input, string masked)
    {
        Assert.Equal(masked, Iban.Mask(input));
    }
}

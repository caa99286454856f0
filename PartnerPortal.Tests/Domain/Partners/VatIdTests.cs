using PartnerPortal.Domain.Partners;

namespace PartnerPortal.Tests.Domain.Partners;

public class VatIdTests
{
    // German check digits, ISO 7064 MOD 11,10 worked by hand (p = product, s = sum, start p = 10):
    //
    // DE136695976, digits 1 3 6 6 9 5 9 7:
    //   1: s = 11 % 10 = 1,  p = 2 % 11 = 2      3: s = 5,  p = 10     6: s = 16 % 10 = 6, p = 12 % 11 = 1
    //   6: s = 7,  p = 14 % 11 = 3               9: s = 12 % 10 = 2,  p = 4
    //   5: s = 9,  p = 18 % 11 = 7               9: s = 16 % 10 = 6,  p = 1           7: s = 8, p = 16 % 11 = 5
    //   check = 11 - 5 = 6 ✓
    // DE129273398, digits 1 2 9 2 7 3 3 9:
    //   1: s = 1, p = 2     2: s = 4, p = 8     9: s = 17 % 10 = 7, p = 14 % 11 = 3     2: s = 5, p = 10
    //   7: s = 17 % 10 = 7, p = 3               3: s = 6, p = 12 % 11 = 1              3: s = 4, p = 8
    //   9: s = 17 % 10 = 7, p = 3               check = 11 - 3 = 8 ✓
    // DE100000090 (constructed to reach "sum 0 means 10" and "check 10 means 0"), digits 1 0 0 0 0 0 0 9:
    //   1: s = 1, p = 2     0: s = 2, p = 4     0: s = 4, p = 8     0: s = 8, p = 16 % 11 = 5
    //   0: s = 5, p = 10    0: s = 10 % 10 = 0 → 10, p = 20 % 11 = 9                   0: s = 9, p = 18 % 11 = 7
    //   9: s = 16 % 10 = 6, p = 12 % 11 = 1     check = 11 - 1 = 10 → 0 ✓

    [Theory]
    [InlineData("DE136695976")]
    [InlineData("DE129273398")]
    [InlineData("DE100000090")]
    public void Validate_AcceptsGermanUstIdNr_WithCorrectCheckDigit(string input)
    {
        var result = VatId.Validate(input, "DE");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(input, result.Normalized);
        Assert.Null(result.Error);
        Assert.True(result.IsEuFormatChecked);
    }

    [Theory]
    // The valid numbers above with the last digit changed.
    [InlineData("DE136695977")]
    [InlineData("DE136695970")]
    [InlineData("DE129273399")]
    [InlineData("DE100000091")]
    public void Validate_RejectsGermanUstIdNr_WithWrongCheckDigit(string input)
    {
        var result = VatId.Validate(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Normalized);
        Assert.Equal("The check digit of this German VAT ID (USt-IdNr.) is wrong; please check for typos.", result.Error);
    }

    [Theory]
    [InlineData("DE036695976")]
    [InlineData("DE000000000")]
    public void Validate_RejectsGermanUstIdNr_StartingWithZero(string input)
    {
        Assert.Equal("A German VAT ID (USt-IdNr.) cannot have 0 as its first digit.", VatId.Validate(input).Error);
    }

    [Theory]
    // One number per pattern (and per alternative), built from the format by hand.
    [InlineData("ATU12345678")]
    [InlineData("BE0123456789")]
    [InlineData("BE1123456789")]
    [InlineData("BG123456789")]
    [InlineData("BG1234567890")]
    [InlineData("CY12345678L")]
    [InlineData("CZ12345678")]
    [InlineData("CZ1234567890")]
    [InlineData("DK12345678")]
    [InlineData("EE123456789")]
    [InlineData("EL123456789")]
    [InlineData("ESX1234567L")]
    [InlineData("ES12345678Z")]
    [InlineData("ESA12345678")]
    [InlineData("FI12345678")]
    [InlineData("FR12345678901")]
    [InlineData("FRAZ123456789")]
    [InlineData("FRH1123456789")]
    [InlineData("HR12345678901")]
    [InlineData("HU12345678")]
    [InlineData("IE1234567T")]
    [InlineData("IE1234567WI")]
    [InlineData("IE1A23456B")]
    [InlineData("IE1+23456W")]
    [InlineData("IE1*23456A")]
    [InlineData("IT12345678901")]
    [InlineData("LT123456789")]
    [InlineData("LT123456789012")]
    [InlineData("LU12345678")]
    [InlineData("LV12345678901")]
    [InlineData("MT12345678")]
    [InlineData("NL123456789B01")]
    [InlineData("PL1234567890")]
    [InlineData("PT123456789")]
    [InlineData("RO12")]
    [InlineData("RO1234567890")]
    [InlineData("SE123456789012")]
    [InlineData("SI12345678")]
    [InlineData("SK1234567890")]
    [InlineData("XI123456789")]
    [InlineData("XI123456789012")]
    [InlineData("XIGD123")]
    [InlineData("XIHA123")]
    public void Validate_AcceptsEuFormat_OfEveryMemberState(string input)
    {
        var result = VatId.Validate(input);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(input, result.Normalized);
        Assert.True(result.IsEuFormatChecked);
    }

    [Theory]
    [InlineData("ATU1234567", "A VAT ID starting with AT must be ATU followed by 8 digits.")]
    [InlineData("AT12345678", "A VAT ID starting with AT must be ATU followed by 8 digits.")]
    [InlineData("BE2123456789", "A VAT ID starting with BE must be BE followed by 10 digits, the first 0 or 1.")]
    [InlineData("BE123456789", "A VAT ID starting with BE must be BE followed by 10 digits, the first 0 or 1.")]
    [InlineData("BG12345678", "A VAT ID starting with BG must be BG followed by 9 or 10 digits.")]
    [InlineData("CY123456789", "A VAT ID starting with CY must be CY followed by 8 digits and a letter.")]
    [InlineData("CZ12345678901", "A VAT ID starting with CZ must be CZ followed by 8 to 10 digits.")]
    [InlineData("DE12345678", "A VAT ID starting with DE must be DE followed by 9 digits.")]
    [InlineData("DE1366959761", "A VAT ID starting with DE must be DE followed by 9 digits.")]
    [InlineData("DEA36695976", "A VAT ID starting with DE must be DE followed by 9 digits.")]
    [InlineData("EL12345678", "A VAT ID starting with EL must be EL followed by 9 digits.")]
    [InlineData("ESX12345678X", "A VAT ID starting with ES must be ES followed by 9 characters: a letter or digit, 7 digits, a letter or digit.")]
    [InlineData("FRIA123456789", "A VAT ID starting with FR must be FR followed by 2 letters or digits (not I or O) and 9 digits.")]
    [InlineData("FRAO123456789", "A VAT ID starting with FR must be FR followed by 2 letters or digits (not I or O) and 9 digits.")]
    [InlineData("IE1234567X", "A VAT ID starting with IE must be IE followed by 7 digits and 1 or 2 letters (or the old form, such as IE1A23456B).")]
    [InlineData("IE1234567AJ", "A VAT ID starting with IE must be IE followed by 7 digits and 1 or 2 letters (or the old form, such as IE1A23456B).")]
    [InlineData("IE1+23456X", "A VAT ID starting with IE must be IE followed by 7 digits and 1 or 2 letters (or the old form, such as IE1A23456B).")]
    [InlineData("LT1234567890", "A VAT ID starting with LT must be LT followed by 9 or 12 digits.")]
    [InlineData("NL123456789A01", "A VAT ID starting with NL must be NL followed by 9 digits, B and 2 digits.")]
    [InlineData("NL123456789B1", "A VAT ID starting with NL must be NL followed by 9 digits, B and 2 digits.")]
    [InlineData("RO1", "A VAT ID starting with RO must be RO followed by 2 to 10 digits.")]
    [InlineData("RO12345678901", "A VAT ID starting with RO must be RO followed by 2 to 10 digits.")]
    [InlineData("SE12345678901", "A VAT ID starting with SE must be SE followed by 12 digits.")]
    [InlineData("XIGD1234", "A VAT ID starting with XI must be XI followed by 9 or 12 digits, GD and 3 digits, or HA and 3 digits.")]
    [InlineData("XI1234567890", "A VAT ID starting with XI must be XI followed by 9 or 12 digits, GD and 3 digits, or HA and 3 digits.")]
    [InlineData("ATU1234567+", "A VAT ID starting with AT must be ATU followed by 8 digits.")]
    public void Validate_RejectsEuNumber_NotInItsMemberStatesFormat(string input, string error)
    {
        var result = VatId.Validate(input);

        Assert.False(result.IsValid);
        Assert.False(result.IsEuFormatChecked);
        Assert.Equal(error, result.Error);
    }

    [Theory]
    [InlineData("de 136 695 976", "DE136695976")]
    [InlineData("DE-136.695.976", "DE136695976")]
    [InlineData(" atu 1234 5678 ", "ATU12345678")]
    [InlineData("nl123456789b01", "NL123456789B01")]
    [InlineData("fr az 123 456 789", "FRAZ123456789")]
    public void Validate_NormalizesCaseSpacesDotsAndDashes(string input, string normalized)
    {
        Assert.Equal(normalized, VatId.Validate(input).Normalized);
    }

    [Theory]
    [InlineData("DE136695976", "DE")]
    [InlineData("DE136695976", " de ")]
    [InlineData("EL123456789", "GR")]
    [InlineData("XI123456789", "GB")]
    [InlineData("ATU12345678", "AT")]
    [InlineData("DE136695976", "")]
    [InlineData("DE136695976", null)]
    public void Validate_AcceptsPrefix_MatchingTheExpectedCountry(string input, string? country)
    {
        Assert.True(VatId.Validate(input, country).IsValid);
    }

    [Theory]
    [InlineData("ATU12345678", "DE", "A VAT ID for country DE starts with DE, not AT.")]
    [InlineData("DE136695976", "AT", "A VAT ID for country AT starts with AT, not DE.")]
    [InlineData("EL123456789", "CY", "A VAT ID for country CY starts with CY, not EL.")]
    [InlineData("XI123456789", "IE", "A VAT ID for country IE starts with IE, not XI.")]
    [InlineData("DE136695976", "GB", "A VAT ID for country GB starts with GB or XI, not DE.")]
    [InlineData("DE136695976", "gr", "A VAT ID for country GR starts with EL, not DE.")]
    [InlineData("CHE123456789MWST", "DE", "A VAT ID for country DE starts with DE, not CH.")]
    public void Validate_RejectsPrefix_NotMatchingTheExpectedCountry(string input, string country, string error)
    {
        Assert.Equal(error, VatId.Validate(input, country).Error);
    }

    [Theory]
    [InlineData("GR123456789", null)]
    [InlineData("GR123456789", "GR")]
    public void Validate_RejectsGreekNumber_WithIsoPrefixGR(string input, string? country)
    {
        Assert.Equal("Greek VAT IDs start with EL, not GR.", VatId.Validate(input, country).Error);
    }

    [Theory]
    [InlineData("CHE-123.456.789 MWST", null, "CHE123456789MWST")]
    [InlineData("CHE123456789MWST", "CH", "CHE123456789MWST")]
    [InlineData("GB123456789", "GB", "GB123456789")]
    [InlineData("US12-3456789", "US", "US123456789")]
    [InlineData("no 123 456 789 mva", "NO", "NO123456789MVA")]
    [InlineData("AU12", null, "AU12")]
    [InlineData("JP12345678901234567890", null, "JP12345678901234567890")]
    public void Validate_AcceptsNonEuNumber_WithoutCheckingItsFormat(string input, string? country, string normalized)
    {
        var result = VatId.Validate(input, country);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(normalized, result.Normalized);
        Assert.False(result.IsEuFormatChecked);
    }

    [Theory]
    [InlineData("AU1", "A VAT ID is a two-letter country prefix followed by 2 to 20 letters or digits.")]
    [InlineData("CH", "A VAT ID is a two-letter country prefix followed by 2 to 20 letters or digits.")]
    [InlineData("JP123456789012345678901", "A VAT ID is a two-letter country prefix followed by 2 to 20 letters or digits.")]
    [InlineData("CH12345+", "A VAT ID is a two-letter country prefix followed by 2 to 20 letters or digits.")]
    [InlineData("123456789", "A VAT ID starts with a two-letter country prefix such as DE.")]
    [InlineData("D", "A VAT ID starts with a two-letter country prefix such as DE.")]
    [InlineData("1E136695976", "A VAT ID starts with a two-letter country prefix such as DE.")]
    [InlineData("DE136/695976", "A VAT ID may contain only letters and digits.")]
    [InlineData("DÉ136695976", "A VAT ID may contain only letters and digits.")]
    [InlineData("DE١٣٦٦٩٥٩٧٦", "A VAT ID may contain only letters and digits.")]
    public void Validate_RejectsMalformedInput(string input, string error)
    {
        Assert.Equal(error, VatId.Validate(input).Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" . - ")]
    public void Validate_RejectsEmptyInput(string? input)
    {
        var result = VatId.Validate(input, "DE");

        Assert.False(result.IsValid);
        Assert.Equal("VAT ID is empty", result.Error);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("DEU")]
    [InlineData("1A")]
    public void Validate_Throws_WhenExpectedCountryIsNotTwoLetters(string country)
    {
        Assert.Throws<ArgumentException>(() => VatId.Validate("DE136695976", country));
    }
}

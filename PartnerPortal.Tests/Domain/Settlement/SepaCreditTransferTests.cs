using System.Text;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support.Sepa;
using Xunit.Sdk;

namespace PartnerPortal.Tests.Domain.Settlement;

public sealed class SepaCreditTransferTests
{
    private static readonly SepaDebtor Debtor = new("PartnerPortal Betrieb GmbH", "DE02120300000000202051", "BYLADEM1001");

    private static byte[] File(params long[] cents) => SepaCreditTransfer.ToBytes(SepaCreditTransfer.Write(Debtor,
        cents.Select((c, i) => new SepaTransfer($"PP-201801-{i + 1:D6}", "Partner " + i, "DE89370400440532013000", c, $"Statement {i}")).ToList(),
        "PP-201801-TEST", new DateTime(2026, 11, 26, 11, 0, 0), new DateOnly(2026, 11, 27)));

    [Theory]
    [InlineData(1L, "0.01")]
    [InlineData(100L, "1.00")]
    [InlineData(123456L, "1234.56")]
    [InlineData(99_999_999_999L, "999999999.99")]
    public void Amount_HasTwoDecimalsAndAPoint(long cents, string text) => Assert.Equal(text, SepaCreditTransfer.Amount(cents));

    [Theory]
    [InlineData("Bäckerei Hansen GmbH", 70, "Baeckerei Hansen GmbH")]
    [InlineData("Müller & Söhne", 70, "Mueller + Soehne")]
    [InlineData("Straße  «Café» Zoë", 70, "Strasse Cafe Zoe")]
    [InlineData("ÄÖÜß", 70, "AeOeUess")]
    [InlineData("A very long name", 6, "A very")]
    public void Text_UsesTheEpcLatinCharacterSet(string input, int max, string expected) => Assert.Equal(expected, SepaCreditTransfer.Text(input, max));

    [Theory]
    [InlineData(new long[] { 1 }, "1", "0.01")]
    [InlineData(new long[] { 16_77, 167_74 }, "2", "184.51")]
    [InlineData(new long[] { 33_33, 33_33, 33_34 }, "3", "100.00")]
    public void Write_CountsAndSumsInHeaderAndBlock_AndIsValid(long[] cents, string count, string sum)
    {
        var doc = PaymentFileAssert.Valid(File(cents));
        foreach (var name in new[] { "GrpHdr", "PmtInf" })
        {
            var element = doc.Descendants(PaymentFileAssert.Ns + name).Single();
            Assert.Equal(count, PaymentFileAssert.Text(element, "NbOfTxs"));
            Assert.Equal(sum, PaymentFileAssert.Text(element, "CtrlSum"));
        }
    }

    [Theory]
    [InlineData("<CtrlSum>184.51</CtrlSum>", "<CtrlSum>184.512</CtrlSum>")]      // three decimals
    [InlineData("<InstdAmt Ccy=\"EUR\">16.77</InstdAmt>", "<InstdAmt Ccy=\"EUR\">16,77</InstdAmt>")] // a comma
    [InlineData("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>two</NbOfTxs>")]
    [InlineData("pain.001.001.09", "pain.001.001.03")]                          // another version
    public void TheSchema_RefusesWhatBanksRefuse(string good, string bad)
    {
        var text = Encoding.UTF8.GetString(File(16_77, 167_74));
        Assert.Contains(good, text);
        Assert.ThrowsAny<XunitException>(() => PaymentFileAssert.Valid(Encoding.UTF8.GetBytes(text.Replace(good, bad, StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(100_000_000_000L)]
    public void Write_RefusesAmountsOutsideTheScheme(long cents) => Assert.Throws<DomainException>(() => File(cents));

    [Fact]
    public void Write_RefusesAnEmptyFile() => Assert.Throws<DomainException>(() => File());
}

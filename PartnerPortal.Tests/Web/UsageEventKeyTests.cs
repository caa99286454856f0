using System.Security.Cryptography;
using System.Text;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Tests.Web;

public sealed class UsageEventKeyTests
{
    private static readonly Guid Isv = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void TheKey_IsTheFirst16BytesOfSha256_OverTheIsvsIdBigEndianAndTheIdInUtf8()
    {
        // Computed independently: the Guid's RFC 4122 byte order (0f 8f ad 5b …) followed by the UTF-8 of the id.
        var input = Convert.FromHexString("0f8fad5bd9cb469fa16570867728950e").Concat(Encoding.UTF8.GetBytes("call-4711-ä")).ToArray();
        Assert.Equal(SHA256.HashData(input)[..16], UsageEventKey.Of(Isv, "call-4711-ä"));
    }

    [Theory]
    [InlineData("a", "A")]            // ids are case-sensitive strings
    [InlineData("call-1", "call-1 ")] // and not trimmed
    [InlineData("x", "xx")]
    public void DifferentIds_HaveDifferentKeys(string first, string second) =>
        Assert.NotEqual(UsageEventKey.Of(Isv, first), UsageEventKey.Of(Isv, second));

    [Fact]
    public void TheSameId_FromAnotherIsv_IsAnotherEvent() =>
        Assert.NotEqual(UsageEventKey.Of(Isv, "call-1"), UsageEventKey.Of(Guid.NewGuid(), "call-1"));

    [Fact]
    public void AnIdOfTheLongestAllowedLengthInFourByteCharacters_IsHashedWhole()
    {
        var longest = string.Concat(Enumerable.Repeat("😀", UsageLimits.MaxEventIdLength / 2));
        Assert.Equal(16, UsageEventKey.Of(Isv, longest).Length);
        Assert.NotEqual(UsageEventKey.Of(Isv, longest), UsageEventKey.Of(Isv, longest[..^2]));
    }
}

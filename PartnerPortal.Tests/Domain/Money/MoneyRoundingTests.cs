using System.Globalization;

namespace PartnerPortal.Tests.Domain.Money;

using PartnerPortal.Domain.Money;

public class MoneyRoundingTests
{
    [Theory]
    [InlineData("2.345", "2.35")]     // tie → away from zero
    [InlineData("2.335", "2.34")]     // tie → away from zero (banker's rounding would give 2.34 too, see next)
    [InlineData("2.325", "2.33")]     // banker's rounding would give 2.32
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("-2.345", "-2.35")]
    [InlineData("-2.325", "-2.33")]
    [InlineData("2.3449999999", "2.34")]
    [InlineData("2.344", "2.34")]
    [InlineData("2.346", "2.35")]
    [InlineData("10", "10")]
    [InlineData("0", "0")]
    [InlineData("60.00012", "60.00")]
    public void ToCents_RoundsHalfAwayFromZero(string amount, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture),
            MoneyRounding.ToCents(decimal.Parse(amount, CultureInfo.InvariantCulture)));
    }
}

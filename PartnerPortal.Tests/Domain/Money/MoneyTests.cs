using System.Globalization;

namespace PartnerPortal.Tests.Domain.Money;

using PartnerPortal.Domain.Money;

public class MoneyTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Constructor_DefaultsToEuro_AndNormalisesCurrencyToUpperCase()
    {
        Assert.Equal("EUR", new Money(1m).Currency);
        Assert.Equal("USD", new Money(1m, "usd").Currency);
        Assert.Equal("EUR", default(Money).Currency);
        Assert.Equal(0m, default(Money).Amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("€UR")]
    public void Constructor_Throws_WhenCurrencyIsNotThreeLetters(string currency)
    {
        Assert.Throws<ArgumentException>(() => new Money(1m, currency));
    }

    [Theory]
    [InlineData("10.10", "5.05", "15.15", "5.05", "-10.10")]
    [InlineData("-1.5", "2.25", "0.75", "-3.75", "1.5")]
    [InlineData("0", "0.001", "0.001", "-0.001", "0")]
    public void Arithmetic_KeepsCurrencyAndFullPrecision(string a, string b, string sum, string difference, string negated)
    {
        var left = new Money(D(a), "EUR");
        var right = new Money(D(b), "EUR");

        Assert.Equal(new Money(D(sum)), left + right);
        Assert.Equal(new Money(D(difference)), left - right);
        Assert.Equal(new Money(D(negated)), -left);
    }

    [Fact]
    public void Operators_Throw_WhenCurrenciesAreMixed()
    {
        var eur = new Money(1m, "EUR");
        var usd = new Money(1m, "USD");

        var add = Assert.Throws<CurrencyMismatchException>(() => eur + usd);
        Assert.Equal("EUR", add.Left);
        Assert.Equal("USD", add.Right);
        Assert.Throws<CurrencyMismatchException>(() => eur - usd);
        Assert.Throws<CurrencyMismatchException>(() => eur < usd);
        Assert.Throws<CurrencyMismatchException>(() => eur >= usd);
        Assert.Throws<CurrencyMismatchException>(() => eur.CompareTo(usd));
    }

    [Fact]
    public void Equality_IsNumericWithinACurrency_AndFalseAcrossCurrencies()
    {
        Assert.Equal(new Money(1.0m), new Money(1.00m));
        Assert.Equal(new Money(1.0m).GetHashCode(), new Money(1.00m).GetHashCode());
        Assert.True(new Money(1m, "EUR") != new Money(1m, "USD"));
        Assert.False(new Money(1m, "EUR") == new Money(1m, "USD"));
    }

    [Theory]
    [InlineData("1.00", "2.00", -1)]
    [InlineData("2.00", "1.00", 1)]
    [InlineData("1.0", "1.00", 0)]
    [InlineData("-1", "0", -1)]
    public void Comparison_OrdersByAmount(string a, string b, int expected)
    {
        var left = new Money(D(a));
        var right = new Money(D(b));

        Assert.Equal(expected, Math.Sign(left.CompareTo(right)));
        Assert.Equal(expected < 0, left < right);
        Assert.Equal(expected > 0, left > right);
        Assert.Equal(expected <= 0, left <= right);
        Assert.Equal(expected >= 0, left >= right);
    }

    [Theory]
    [InlineData("12.345", "12.35")]
    [InlineData("-12.345", "-12.35")]
    [InlineData("12.344", "12.34")]
    [InlineData("0.005", "0.01")]
    public void RoundToCents_UsesKaufmaennischesRunden(string amount, string expected)
    {
        var rounded = new Money(D(amount), "CHF").RoundToCents();

        Assert.Equal(D(expected), rounded.Amount);
        Assert.Equal("CHF", rounded.Currency);
        Assert.True(rounded.IsRoundedToCents);
    }

    [Theory]
    [InlineData("12.34", 1234L)]
    [InlineData("-12.34", -1234L)]
    [InlineData("12.345", 1235L)]     // rounded first, half away from zero
    [InlineData("-12.345", -1235L)]
    [InlineData("0", 0L)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    public void ToMinorUnits_ReturnsRoundedCents(string amount, long expected)
    {
        Assert.Equal(expected, new Money(D(amount)).ToMinorUnits());
    }

    [Fact]
    public void ToMinorUnits_Throws_WhenCentsDoNotFitInALong()
    {
        Assert.Throws<OverflowException>(() => new Money(D("92233720368547758.08")).ToMinorUnits());
    }

    [Theory]
    [InlineData(1234L, "12.34")]
    [InlineData(-5L, "-0.05")]
    [InlineData(0L, "0")]
    public void FromMinorUnits_IsTheInverseOfToMinorUnits(long cents, string expected)
    {
        var money = Money.FromMinorUnits(cents, "usd");

        Assert.Equal(D(expected), money.Amount);
        Assert.Equal("USD", money.Currency);
        Assert.Equal(cents, money.ToMinorUnits());
    }

    [Theory]
    [InlineData("12.34", "EUR", "12.34 EUR")]
    [InlineData("12.3", "EUR", "12.30 EUR")]
    [InlineData("-5", "usd", "-5.00 USD")]
    [InlineData("0.0000166667", "EUR", "0.0000166667 EUR")]
    [InlineData("1234567.891", "EUR", "1234567.891 EUR")]
    public void ToString_IsInvariantWithCurrency(string amount, string currency, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(expected, new Money(D(amount), currency).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Zero_IsZeroInTheGivenCurrency()
    {
        Assert.Equal(new Money(0m, "USD"), Money.Zero("usd"));
        Assert.Equal(new Money(0m, "EUR"), Money.Zero());
    }

    [Theory]
    [InlineData("100", new[] { "1", "1", "1" }, new[] { "33.34", "33.33", "33.33" })]
    [InlineData("10", new[] { "1", "1", "1" }, new[] { "3.34", "3.33", "3.33" })]
    [InlineData("0.05", new[] { "3", "1" }, new[] { "0.04", "0.01" })]        // 3.75 / 1.25 cents: larger remainder wins
    [InlineData("0.05", new[] { "1", "3" }, new[] { "0.01", "0.04" })]
    [InlineData("0.01", new[] { "1", "1" }, new[] { "0.01", "0.00" })]        // tie → first share
    [InlineData("0.02", new[] { "1", "1", "1" }, new[] { "0.01", "0.01", "0.00" })]
    [InlineData("-100", new[] { "1", "1", "1" }, new[] { "-33.34", "-33.33", "-33.33" })]
    [InlineData("100", new[] { "0.7", "0.2", "0.1" }, new[] { "70.00", "20.00", "10.00" })]
    [InlineData("10.005", new[] { "1", "1" }, new[] { "5.01", "5.00" })]     // rounded to 10.01 first
    [InlineData("100", new[] { "0", "1" }, new[] { "0.00", "100.00" })]
    [InlineData("1", new[] { "0.3333333333", "0.3333333333", "0.3333333334" }, new[] { "0.33", "0.33", "0.34" })]
    public void Allocate_SplitsByLargestRemainder_WithoutLosingACent(string amount, string[] ratios, string[] expected)
    {
        var shares = new Money(D(amount)).Allocate(ratios.Select(D).ToArray());

        Assert.Equal(expected.Select(D), shares.Select(s => s.Amount));
        Assert.All(shares, s => Assert.Equal("EUR", s.Currency));
        Assert.Equal(MoneyRounding.ToCents(D(amount)), shares.Sum(s => s.Amount));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(100)]
    public void Allocate_NeverLosesOrCreatesACent_ForManyAmounts(int parts)
    {
        var random = new Random(parts);
        for (var i = 0; i < 500; i++)
        {
            var cents = random.NextInt64(-10_000_000, 10_000_000);
            var amount = Money.FromMinorUnits(cents);

            var equal = amount.Allocate(parts);
            var weighted = amount.Allocate(Enumerable.Range(0, parts).Select(_ => (decimal)random.Next(0, 1000) + 1).ToArray());

            Assert.Equal(cents, equal.Sum(s => s.ToMinorUnits()));
            Assert.Equal(cents, weighted.Sum(s => s.ToMinorUnits()));
            Assert.True(equal.Max(s => s.ToMinorUnits()) - equal.Min(s => s.ToMinorUnits()) <= 1);
            Assert.All(equal.Concat(weighted), s => Assert.True(s.IsRoundedToCents));
        }
    }

    [Fact]
    public void Allocate_RejectsMeaninglessRatios()
    {
        var money = new Money(10m);

        Assert.Throws<ArgumentException>(() => money.Allocate(Array.Empty<decimal>()));
        Assert.Throws<ArgumentException>(() => money.Allocate(1m, -1m));
        Assert.Throws<ArgumentException>(() => money.Allocate(0m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => money.Allocate(0));
    }
}

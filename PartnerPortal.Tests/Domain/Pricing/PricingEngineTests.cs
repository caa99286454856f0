using System.Globalization;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using static PartnerPortal.Tests.Domain.Pricing.PricingJson;

namespace PartnerPortal.Tests.Domain.Pricing;

using PartnerPortal.Domain.Money;

public class PricingEngineTests
{
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("100", 31, 31, "100.00")]     // full 31-day month
    [InlineData("100", 1, 31, "3.23")]        // started on the last day of a 31-day month: 3.2258
    [InlineData("100", 30, 31, "96.77")]      // ended on the last day (end day not counted): 96.774
    [InlineData("100", 1, 28, "3.57")]        // February, 28 days: 3.5714
    [InlineData("100", 1, 29, "3.45")]        // February, leap year: 3.4483
    [InlineData("100", 14, 28, "50.00")]
    [InlineData("30", 15, 30, "15.00")]
    [InlineData("0.25", 15, 30, "0.13")]      // 0.125 → tie away from zero
    [InlineData("100", 0, 30, "0")]
    [InlineData("49.99", 17, 31, "27.41")]    // 27.4138
    public void Quote_ProratesFlatFee_ByActiveDays(string amount, int activeDays, int daysInPeriod, string expected)
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "flat", Amount = D(amount) }],
            ActiveDays = activeDays,
            DaysInPeriod = daysInPeriod,
        });

        var line = Assert.Single(quote.Lines);
        Assert.Equal(D(expected), line.Amount.Amount);
        Assert.Equal(D(amount) * activeDays / daysInPeriod, line.UnroundedAmount);
    }

    [Theory]
    // Subscription dates → Period.ActiveDays → proration (start day counted, end day not).
    [InlineData("2026-01", "2026-01-01", null, "31.00")]
    [InlineData("2026-01", "2026-01-31", null, "1.00")]
    [InlineData("2026-01", "2025-11-15", "2026-01-02", "1.00")]
    [InlineData("2026-01", "2026-01-10", "2026-01-20", "10.00")]      // starts and ends in the same period
    [InlineData("2026-02", "2026-02-15", null, "15.50")]               // 14 of 28 days of 31.00
    [InlineData("2028-02", "2028-02-15", null, "16.03")]               // 15 of 29 days of 31.00: 16.0345
    [InlineData("2026-04", "2026-04-30", null, "1.03")]                // 1 of 30: 1.0333
    [InlineData("2026-03", "2026-04-01", null, "0")]                   // not active in the period
    public void Quote_ProratesFlatFee_FromSubscriptionDates(string period, string start, string? endExclusive, string expected)
    {
        var p = Period.Parse(period);
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "flat", Amount = 31m }],
            ActiveDays = p.ActiveDays(Day(start), endExclusive is null ? null : Day(endExclusive)),
            DaysInPeriod = p.DaysInPeriod,
        });

        Assert.Equal(D(expected), quote.Total.Amount);
    }

    [Theory]
    [InlineData(3, "9.99", null, null, "29.97")]
    [InlineData(3, "9.99", 10, 30, "9.99")]
    [InlineData(7, "9.99", 10, 31, "22.56")]  // 69.93 × 10 / 31 = 22.558
    [InlineData(0, "9.99", null, null, "0")]
    [InlineData(1, "0.0000166667", null, null, "0.00")]
    public void Quote_ChargesSeatsTimesUnitPrice_ProratedLikeAFlatFee(int seats, string unitPrice, int? activeDays, int? daysInPeriod, string expected)
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "perSeat", UnitPrice = D(unitPrice) }],
            Seats = seats,
            ActiveDays = activeDays,
            DaysInPeriod = daysInPeriod,
        });

        var line = Assert.Single(quote.Lines);
        Assert.Equal(D(expected), line.Amount.Amount);
        Assert.Equal(seats, line.Quantity);
    }

    [Fact]
    public void Quote_DefaultsToOneSeatAndAFullPeriod()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "perSeat", UnitPrice = 12.5m }, new ChargeSpec { Type = "flat", Amount = 10m }],
        });

        Assert.Equal([12.5m, 10m], quote.Lines.Select(l => l.Amount.Amount));
    }

    [Theory]
    [InlineData(true, 1, 31, "250.00")]   // billed in full in the start period, not prorated
    [InlineData(true, null, null, "250.00")]
    [InlineData(false, null, null, "0")]  // later periods
    public void Quote_ChargesOneTimeFee_OnlyInTheStartPeriod(bool includesStart, int? activeDays, int? daysInPeriod, string expected)
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "oneTime", Amount = 250m }],
            IncludesStart = includesStart,
            ActiveDays = activeDays,
            DaysInPeriod = daysInPeriod,
        });

        Assert.Equal(D(expected), Assert.Single(quote.Lines).Amount.Amount);
    }

    [Fact]
    public void Quote_RoundsEachLineOnce_AndTotalsTheRoundedLines()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges =
            [
                new ChargeSpec { Type = "flat", Amount = 10.004m },
                new ChargeSpec { Type = "flat", Amount = 10.004m },
                new ChargeSpec { Type = "usage", Metric = "m", Model = "perUnit", UnitPrice = 0.001m },
            ],
            Quantities = new Dictionary<string, decimal> { ["m"] = 4m },
        });

        // Unrounded the sum would be 20.012 → 20.01; shown lines are 10.00 + 10.00 + 0.00.
        Assert.Equal([10.00m, 10.00m, 0.00m], quote.Lines.Select(l => l.Amount.Amount));
        Assert.Equal([10.004m, 10.004m, 0.004m], quote.Lines.Select(l => l.UnroundedAmount));
        Assert.Equal(new Money(20.00m), quote.Total);
        Assert.Equal(quote.Lines.Sum(l => l.Amount.Amount), quote.Total.Amount);
    }

    [Theory]
    // flat 20 + 250 minutes at 0.05 with 100 free (7.50) = 27.50 of charges.
    [InlineData("50", null, null, "22.50", "50.00")]
    [InlineData("27.50", null, null, null, "27.50")]      // equal: no top-up
    [InlineData("27.49", null, null, null, "27.50")]      // above: no top-up
    [InlineData("0", null, null, null, "27.50")]
    [InlineData("27.505", null, null, "0.01", "27.51")]   // 0.005 → tie away from zero
    [InlineData("27.504", null, null, null, "27.50")]     // a top-up that rounds to 0.00 is no line
    // Prorated: 10 of 31 days. Flat 20 → 6.4516 → 6.45; usage not prorated: 7.50; charges 13.95.
    // Minimum 100 → 32.2580645…, top-up 18.308… → 18.31, total 32.26.
    [InlineData("100", 10, 31, "18.31", "32.26")]
    [InlineData("40", 10, 31, null, "13.95")]             // 12.9032 < 13.95
    public void Quote_AddsMinimumCommitmentTopUp_ProratedLikeAFlatFee(string minimum, int? activeDays, int? daysInPeriod, string? expectedTopUp, string expectedTotal)
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges =
            [
                new ChargeSpec { Type = "flat", Amount = 20m },
                new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.05m, FreeUnits = 100m },
            ],
            Quantities = new Dictionary<string, decimal> { ["minutes"] = 250m },
            MinimumCommitment = D(minimum),
            ActiveDays = activeDays,
            DaysInPeriod = daysInPeriod,
        });

        var topUp = quote.Lines.SingleOrDefault(l => l.Kind == QuoteLineKind.MinimumCommitment);
        Assert.Equal(expectedTopUp is null ? null : D(expectedTopUp), topUp?.Amount.Amount);
        Assert.Equal(D(expectedTotal), quote.Total.Amount);
        Assert.Equal(quote.Lines.Sum(l => l.Amount.Amount), quote.Total.Amount);
        if (topUp is not null)
        {
            Assert.Same(topUp, quote.Lines[^1]);
            Assert.Null(topUp.ChargeIndex);
            Assert.Equal(PricingEngine.MinimumCommitmentLabel, topUp.Label);
        }
    }

    [Fact]
    public void Quote_ChargesEveryStartedMinute_WhenRoundingCeil()
    {
        var input = new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.05m }],
            Events = [new("minutes", 0.2m), new("minutes", 1.0m), new("minutes", 1.01m), new("minutes", 0m)],
            Metrics = [new UsageMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent)],
        };

        var line = Assert.Single(PricingEngine.Quote(input).Lines);

        Assert.Equal(4m, line.Quantity);                                  // 1 + 1 + 2 + 0
        Assert.Equal(0.20m, line.Amount.Amount);
        Assert.Equal(0.11m, PricingEngine.Quote(input with { Metrics = null }).Total.Amount); // plain sum 2.21 × 0.05 = 0.1105
    }

    [Fact]
    public void Quote_EventsOfAMetric_OverrideItsQuantity()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges =
            [
                new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 1m },
                new ChargeSpec { Type = "usage", Metric = "sms", Model = "perUnit", UnitPrice = 1m },
                new ChargeSpec { Type = "usage", Metric = "calls", Model = "perUnit", UnitPrice = 1m },
            ],
            Quantities = new Dictionary<string, decimal> { ["minutes"] = 100m, ["sms"] = 7m },
            Events = [new("minutes", 2m), new("minutes", 3m)],
        });

        Assert.Equal([5m, 7m, 0m], quote.Lines.Select(l => l.Quantity!.Value));
    }

    [Theory]
    [InlineData(MetricAggregation.Count, "3")]
    [InlineData(MetricAggregation.Max, "2")]     // ceil(1.5)
    [InlineData(MetricAggregation.Sum, "4")]     // 1 + 1 + 2
    public void Quote_UsesTheMetricsAggregation_WhenDefined(MetricAggregation aggregation, string expectedUnits)
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "usage", Metric = "m", Model = "perUnit", UnitPrice = 1m }],
            Events = [new("m", 0.5m), new("m", 1m), new("m", 1.5m)],
            Metrics = [new UsageMetric("m", "u", aggregation, MetricRounding.CeilPerEvent)],
        });

        Assert.Equal(D(expectedUnits), quote.Total.Amount);
    }

    [Fact]
    public void Quote_PricesPercentageOnRoundedEvents_WhenTheMetricRoundsPerEvent()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "usage", Metric = "m", Model = "percentage", Rate = 0.1m, FreeAmount = 1m }],
            Events = [new("m", 0.5m), new("m", 0.5m)],
            Metrics = [new UsageMetric("m", "u", MetricAggregation.Sum, MetricRounding.CeilPerEvent)],
        });

        // Rounded events 1 and 1: the first uses the free amount, the second costs 1 × 10 %.
        Assert.Equal(0.10m, quote.Total.Amount);
    }

    [Theory]
    [InlineData("""{"type":"flat","amount":1}""", "Flat fee")]
    [InlineData("""{"type":"perSeat","unitPrice":1}""", "Per seat")]
    [InlineData("""{"type":"oneTime","amount":1}""", "One-time fee")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":null,"unitPrice":1}]}""", "Usage minutes (graduated)")]
    [InlineData("""{"type":"usage","metric":"payments","model":"percentage","rate":0.01}""", "Usage payments (percentage)")]
    [InlineData("""{"type":"flat","amount":1,"name":"  Grundgebühr "}""", "Grundgebühr")]
    [InlineData("""{"type":"flat","amount":1,"name":" "}""", "Flat fee")]
    public void Quote_LabelsLines_ByNameOrDescription(string chargeJson, string expected)
    {
        var line = Assert.Single(PricingEngine.Quote(new QuoteInput { Charges = Charges(chargeJson) }).Lines);

        Assert.Equal(expected, line.Label);
        Assert.Equal(0, line.ChargeIndex);
        Assert.Equal(QuoteLineKind.Charge, line.Kind);
    }

    [Fact]
    public void Quote_KeepsOneLinePerChargeInInputOrder()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = Charges("""[{"type":"oneTime","amount":1},{"type":"flat","amount":2},{"type":"perSeat","unitPrice":3}]"""),
            IncludesStart = false,
        });

        Assert.Equal([0, 1, 2], quote.Lines.Select(l => l.ChargeIndex!.Value));
        Assert.Equal([0m, 2m, 3m], quote.Lines.Select(l => l.Amount.Amount));
    }

    [Fact]
    public void Quote_IsInTheRequestedCurrency()
    {
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = [new ChargeSpec { Type = "flat", Amount = 5m }],
            Currency = "chf",
            MinimumCommitment = 10m,
        });

        Assert.Equal("CHF", quote.Currency);
        Assert.All(quote.Lines, l => Assert.Equal("CHF", l.Amount.Currency));
        Assert.Equal(new Money(10m, "CHF"), quote.Total);
        Assert.Equal("EUR", PricingEngine.Quote(new QuoteInput { Charges = [new ChargeSpec { Type = "flat", Amount = 5m }] }).Currency);
    }

    public static TheoryData<QuoteInput, string[]> InvalidInputs => new()
    {
        { new QuoteInput { Charges = [] }, ["charges"] },
        { new QuoteInput { Charges = [new ChargeSpec { Type = "flat" }] }, ["charges[0].amount"] },
        { Valid with { Seats = -1 }, ["seats"] },
        { Valid with { ActiveDays = 3 }, ["daysInPeriod"] },
        { Valid with { ActiveDays = 32, DaysInPeriod = 31 }, ["activeDays"] },
        { Valid with { ActiveDays = -1, DaysInPeriod = 31 }, ["activeDays"] },
        { Valid with { DaysInPeriod = 0 }, ["daysInPeriod"] },
        { Valid with { DaysInPeriod = 32 }, ["daysInPeriod"] },
        { Valid with { Currency = "EURO" }, ["currency"] },
        { Valid with { MinimumCommitment = -1m }, ["minimumCommitment"] },
        { Valid with { Quantities = new Dictionary<string, decimal> { ["minutes"] = -1m } }, ["quantities.minutes"] },
        { Valid with { Events = [new("minutes", 1m), new("minutes", -0.5m)] }, ["events[1].quantity"] },
        { Valid with { Events = [new(" ", 1m)] }, ["events[0].metric"] },
        { Valid with { Metrics = [new UsageMetric("sms", "sms", MetricAggregation.Count)] }, ["charges[1].metric"] },
        {
            Valid with { Metrics = [new UsageMetric("minutes", "min", MetricAggregation.Sum), new UsageMetric("minutes", "min", MetricAggregation.Count)] },
            ["metrics[1].code"]
        },
    };

    private static QuoteInput Valid => new()
    {
        Charges =
        [
            new ChargeSpec { Type = "flat", Amount = 10m },
            new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.01m },
        ],
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Quote_RejectsInvalidInput_WithFieldPaths(QuoteInput input, string[] expectedFields)
    {
        Assert.Equal(expectedFields, PricingEngine.Validate(input).Select(e => e.Field));

        var exception = Assert.Throws<PricingValidationException>(() => PricingEngine.Quote(input));
        Assert.Equal(expectedFields, exception.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Quote_NamesTheCharge_WhenItsAmountIsTooLargeForDecimal()
    {
        var input = new QuoteInput
        {
            Charges =
            [
                new ChargeSpec { Type = "flat", Amount = 1m },
                new ChargeSpec { Type = "usage", Metric = "m", Model = "perUnit", UnitPrice = ChargeValidator.MaxUnitPrice },
            ],
            // 1e23 units at the largest unit price: 1e29, beyond decimal (quantities of a quote have no bound of their own).
            Quantities = new Dictionary<string, decimal> { ["m"] = 100_000_000_000_000_000_000_000m },
        };

        Assert.Empty(PricingEngine.Validate(input));
        var exception = Assert.Throws<PricingValidationException>(() => PricingEngine.Quote(input));
        Assert.Equal("charges[1]", Assert.Single(exception.Errors).Field);
    }

    [Fact]
    public void Validate_AcceptsTheValidInput()
    {
        Assert.Empty(PricingEngine.Validate(Valid));
        Assert.Empty(PricingEngine.Validate(Valid with { ActiveDays = 0, DaysInPeriod = 28, Seats = 0, Currency = "usd" }));
        Assert.Empty(PricingEngine.Validate(Valid with { Metrics = [new UsageMetric("minutes", "min", MetricAggregation.Sum)] }));
    }
}

using System.Globalization;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Settlement;

namespace PartnerPortal.Tests.Domain.Settlement;

using Money = PartnerPortal.Domain.Money.Money;

/// <summary>
/// DESIGN §3–§5 as the settlement applies them, every expectation computed by hand in the row's comment.
/// October 2026 has 31 days, February 2026 28, February 2028 29.
/// </summary>
public class SettlementEngineTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateOnly? DayOrNull(string? s) => s is null ? null : Day(s);
    private static Money M(string s) => new(D(s));
    private static readonly Period October = new(2026, 10);

    private static SubscriptionPeriodInput Input(IReadOnlyList<ChargeSpec> charges, string start, string? end = null, decimal? minimum = null,
        IReadOnlyList<SeatSpan>? seats = null, IReadOnlyDictionary<string, decimal>? quantities = null) => new()
    {
        SubscriptionId = Guid.NewGuid(), Charges = charges, MinimumCommitment = minimum, StartDate = Day(start), EndDate = DayOrNull(end),
        Seats = seats ?? [], Quantities = quantities ?? new Dictionary<string, decimal>(),
    };

    private static readonly ChargeSpec Flat100 = new() { Type = "flat", Amount = 100m };
    private static readonly ChargeSpec Seat10 = new() { Type = "perSeat", UnitPrice = 10m };
    private static readonly ChargeSpec OneTime50 = new() { Type = "oneTime", Amount = 50m };

    // ---------------------------------------------------------------- Rate: proration by active days

    [Theory]
    [InlineData("2026-10", "2026-10-01", null, 31, "100.00")]         // the whole month
    [InlineData("2026-10", "2026-10-31", null, 1, "3.23")]            // started on the last day: 100 × 1/31 = 3.2258
    [InlineData("2026-10", "2026-09-15", "2026-10-31", 30, "96.77")]  // ends on the last day (not counted): 100 × 30/31 = 96.774
    [InlineData("2026-10", "2026-09-15", "2026-11-01", 31, "100.00")] // ends on the 1st of the next month: the whole month
    [InlineData("2026-10", "2026-10-01", "2026-10-02", 1, "3.23")]    // the first day only
    [InlineData("2026-10", "2026-10-10", "2026-10-20", 10, "32.26")]  // start and end inside: 10th–19th, 100 × 10/31 = 32.258
    [InlineData("2026-10", "2026-10-16", null, 16, "51.61")]          // 16th–31st: 100 × 16/31 = 51.6129
    [InlineData("2026-02", "2026-02-15", null, 14, "50.00")]          // February 2026: 100 × 14/28
    [InlineData("2026-02", "2026-01-01", "2026-02-28", 27, "96.43")]  // 100 × 27/28 = 96.4285
    [InlineData("2028-02", "2028-02-15", null, 15, "51.72")]          // leap February: 15th–29th, 100 × 15/29 = 51.7241
    [InlineData("2028-02", "2028-01-10", null, 29, "100.00")]         // the whole leap February
    public void Rate_ProratesAFlatFee_ByActiveDays(string period, string start, string? end, int activeDays, string revenue)
    {
        var rated = SettlementEngine.Rate(Input([Flat100], start, end), Period.Parse(period));

        Assert.NotNull(rated);
        Assert.Equal(activeDays, rated.ActiveDays);
        Assert.Equal(Period.Parse(period).DaysInPeriod, rated.DaysInPeriod);
        Assert.Equal(D(revenue), rated.Revenue.Amount);
    }

    [Theory]
    [InlineData("2026-08-01", "2026-10-01")] // ends on the 1st: [Aug 1, Oct 1) has no October day
    [InlineData("2026-11-01", null)]         // starts after the period
    [InlineData("2026-09-01", "2026-09-30")]
    [InlineData("2026-11-15", "2026-12-01")]
    public void Rate_NoDayInThePeriod_IsNull(string start, string? end) =>
        Assert.Null(SettlementEngine.Rate(Input([Flat100, OneTime50], start, end), October));

    // ---------------------------------------------------------------- Rate: seats by seat-days

    public static TheoryData<string, string, string?, SeatSpan[], long, string> SeatRows => new()
    {
        // 3 seats Oct 1–10 (30) + 5 seats Oct 11–31 (21 × 5 = 105) = 135 seat-days; 10 × 135/31 = 43.548
        { "2026-10", "2026-09-01", null, [new(Day("2026-09-01"), 3), new(Day("2026-10-11"), 5)], 135, "43.55" },
        // start 11th with 3 (11–20: 30), 1 from 21st to the end on the 26th (21–25: 5) = 35; 350/31 = 11.290
        { "2026-10", "2026-10-11", "2026-10-26", [new(Day("2026-10-11"), 3), new(Day("2026-10-21"), 1)], 35, "11.29" },
        // the same, seat changes given out of order
        { "2026-10", "2026-10-11", "2026-10-26", [new(Day("2026-10-21"), 1), new(Day("2026-10-11"), 3)], 35, "11.29" },
        // changes before the period only: 4 seats all month = 124; 1240/31 = 40.00
        { "2026-10", "2026-01-01", null, [new(Day("2026-01-01"), 2), new(Day("2026-09-10"), 4)], 124, "40.00" },
        // no seat changes given: one seat for 31 days; 310/31 = 10.00
        { "2026-10", "2026-10-01", null, [], 31, "10.00" },
        // a change on the last day counts that day: 30 × 1 + 1 × 32 = 62; 620/31 = 20.00
        { "2026-10", "2026-10-01", null, [new(Day("2026-10-01"), 1), new(Day("2026-10-31"), 32)], 62, "20.00" },
        // a change after the period does not count: 7 seats × 31 = 217; 2170/31 = 70.00
        { "2026-10", "2026-10-01", null, [new(Day("2026-10-01"), 7), new(Day("2026-11-01"), 1)], 217, "70.00" },
        // leap February: 2 seats 1st–14th (28) + 3 seats 15th–29th (45) = 73; 730/29 = 25.172
        { "2028-02", "2028-02-01", null, [new(Day("2028-02-01"), 2), new(Day("2028-02-15"), 3)], 73, "25.17" },
    };

    [Theory]
    [MemberData(nameof(SeatRows))]
    public void Rate_PerSeat_BySeatDays_WhenSeatsChangeMidPeriod(string period, string start, string? end, SeatSpan[] seats, long seatDays, string revenue)
    {
        var input = Input([Seat10], start, end, seats: seats);

        var rated = SettlementEngine.Rate(input, Period.Parse(period));

        Assert.NotNull(rated);
        Assert.Equal(seatDays, rated.SeatDays);
        Assert.Equal(seatDays, SettlementEngine.SeatDays(input, Period.Parse(period)));
        Assert.Equal(D(revenue), rated.Revenue.Amount);
    }

    // ---------------------------------------------------------------- Rate: one-time, minimum commitment, usage

    [Theory]
    [InlineData("2026-10-15", null, "50.00")]         // starts in October: due
    [InlineData("2026-10-01", null, "50.00")]
    [InlineData("2026-10-31", "2026-11-05", "50.00")] // a one-day October is enough: one-time is not prorated
    [InlineData("2026-09-30", null, "0.00")]          // started in September: already billed there
    [InlineData("2025-10-15", null, "0.00")]
    public void Rate_OneTime_OnlyInTheStartPeriod(string start, string? end, string revenue)
    {
        var rated = SettlementEngine.Rate(Input([OneTime50], start, end), October);

        Assert.NotNull(rated);
        Assert.Equal(D(revenue), rated.Revenue.Amount);
    }

    [Theory]
    [InlineData("10", "62", "2026-09-01", null, "62.00", "52.00")]          // flat 10, minimum 62: top-up 52
    [InlineData("10", "62", "2026-10-17", null, "30.00", "25.16")]          // 15 days: flat 150/31 = 4.8387 → 4.84; minimum 62 × 15/31 = 30; top-up 25.16
    [InlineData("10", "62", "2026-09-01", "2026-10-11", "20.00", "16.77")]  // 10 days: flat 100/31 = 3.2258 → 3.23; minimum 620/31 = 20; top-up 16.77
    [InlineData("70", "62", "2026-09-01", null, "70.00", null)]             // above the minimum: no top-up line
    [InlineData("62", "62", "2026-09-01", null, "62.00", null)]             // exactly the minimum: no top-up line
    public void Rate_MinimumCommitment_TopUpProratedLikeAFlatFee(string flat, string minimum, string start, string? end, string revenue, string? topUp)
    {
        var rated = SettlementEngine.Rate(Input([new ChargeSpec { Type = "flat", Amount = D(flat) }], start, end, D(minimum)), October);

        Assert.NotNull(rated);
        Assert.Equal(D(revenue), rated.Revenue.Amount);
        var line = rated.Quote.Lines.SingleOrDefault(l => l.Kind == QuoteLineKind.MinimumCommitment);
        Assert.Equal(topUp is null ? null : D(topUp), line?.Amount.Amount);
    }

    [Fact]
    public void Rate_MinimumCommitment_CountsUsageBeforeTopping()
    {
        // flat 10 + 1000 minutes × 0.05 = 50 → 60; minimum 62 → top-up 2.00
        var rated = SettlementEngine.Rate(Input([new ChargeSpec { Type = "flat", Amount = 10m }, PerMinute()], "2026-09-01", minimum: 62m,
            quantities: new Dictionary<string, decimal> { ["minutes"] = 1000m }), October);

        Assert.Equal([10.00m, 50.00m, 2.00m], rated!.Quote.Lines.Select(l => l.Amount.Amount));
        Assert.Equal(62.00m, rated.Revenue.Amount);
    }

    private static ChargeSpec PerMinute(decimal? freeUnits = null) =>
        new() { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.05m, FreeUnits = freeUnits };

    [Theory]
    [InlineData("2026-09-01", null, "0", "0.00")]     // zero usage: 0.00
    [InlineData("2026-09-01", null, null, "0.00")]    // no aggregate at all: 0.00
    [InlineData("2026-09-01", null, "41", "2.05")]    // 41 × 0.05
    [InlineData("2026-10-31", null, "41", "2.05")]    // usage is not prorated
    [InlineData("2026-09-01", "10", "41", "1.55")]    // (41 − 10) × 0.05
    [InlineData("2026-09-01", "50", "41", "0.00")]    // all free
    [InlineData("2026-09-01", null, "0.1", "0.01")]   // 0.005 → tie, away from zero
    public void Rate_UsagePerUnit_FromTheAggregate(string start, string? freeUnits, string? minutes, string revenue)
    {
        var quantities = new Dictionary<string, decimal> { ["storage_gb"] = 99m }; // a metric no charge prices: ignored
        if (minutes is not null) quantities["minutes"] = D(minutes);

        var rated = SettlementEngine.Rate(Input([PerMinute(freeUnits is null ? null : D(freeUnits))], start, quantities: quantities), October);

        Assert.NotNull(rated);
        Assert.Equal(D(revenue), rated.Revenue.Amount);
    }

    // ---------------------------------------------------------------- revenue split

    [Theory]
    [InlineData("100.00", true, "0.2", "20.00", "80.00")]
    [InlineData("100.00", false, "0.2", "0.00", "100.00")]  // unused: no platform fee, even on a flat fee
    [InlineData("0.00", true, "0.2", "0.00", "0.00")]       // zero revenue
    [InlineData("0.05", true, "0.1", "0.01", "0.04")]       // 0.005 → 0.01 (tie away from zero)
    [InlineData("0.15", true, "0.1", "0.02", "0.13")]       // 0.015 → 0.02
    [InlineData("-0.05", true, "0.1", "-0.01", "-0.04")]    // −0.005 → −0.01 (away from zero, not up)
    [InlineData("-10.00", false, "0.2", "0.00", "-10.00")]
    [InlineData("99.99", true, "0.15", "15.00", "84.99")]   // 14.9985 → 15.00
    [InlineData("88.26", true, "0.2", "17.65", "70.61")]    // 17.652
    [InlineData("10.00", true, "0", "0.00", "10.00")]
    [InlineData("10.00", true, "1", "10.00", "0.00")]
    public void SplitApp_PlatformFeeOnlyWhenUsed_IsvGetsTheRest(string revenue, bool used, string rate, string fee, string payout)
    {
        var split = SettlementEngine.SplitApp(M(revenue), used, D(rate));

        Assert.Equal(D(fee), split.PlatformFee.Amount);
        Assert.Equal(D(payout), split.IsvPayout.Amount);
        Assert.Equal(split.Revenue, split.PlatformFee + split.IsvPayout);
    }

    [Theory]
    [InlineData("150.00", "0.1", "15.00", "135.00")]
    [InlineData("150.00", "0", "0.00", "150.00")]     // default: no service fee
    [InlineData("0.05", "0.1", "0.01", "0.04")]       // 0.005 → 0.01
    [InlineData("-0.05", "0.1", "-0.01", "-0.04")]
    [InlineData("0.00", "0.2", "0.00", "0.00")]
    [InlineData("33.33", "0.15", "5.00", "28.33")]    // 4.9995 → 5.00
    public void SplitService_ServiceFeeThenPayout(string revenue, string rate, string fee, string payout)
    {
        var split = SettlementEngine.SplitService(M(revenue), D(rate));

        Assert.Equal(D(fee), split.ServiceFee.Amount);
        Assert.Equal(D(payout), split.Payout.Amount);
    }

    // ---------------------------------------------------------------- commissions and overrides

    private static AttributedRevenue Rev(string category, string revenue, string from = "2026-01-01", int n = 0) =>
        new(new Guid(n, 0, 0, new byte[8]), new Guid(n, 0, 0, new byte[8]), category, M(revenue), Day(from));

    private static readonly CommissionTerms Distributor2Percent = new() { OverrideRate = 0.02m };

    [Fact]
    public void Commissions_CategoryElseBase_OverrideOnlyWhereEarned()
    {
        var terms = new CommissionTerms
        {
            BaseRate = 0.10m, CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m, ["Free"] = 0m },
        };
        var revenues = new[] { Rev("Communication", "88.26", n: 1), Rev("Finance", "110.00", n: 2), Rev("Free", "50.00", n: 3) };

        var result = SettlementEngine.Commissions(October, terms, Distributor2Percent, revenues);

        Assert.Equal(248.26m, result.AttributedRevenue.Amount); // 88.26 + 110.00 + 50.00
        // 88.26 × 0.15 = 13.239 → 13.24 (category); 110 × 0.10 = 11.00 (base); Free: rate 0 → no line
        Assert.Equal([(1, 0.15m, CommissionRateBasis.Category, 13.24m), (2, 0.10m, CommissionRateBasis.Base, 11.00m)],
            result.Commissions.Select(c => (N(c), c.Rate, c.Basis, c.Amount.Amount)));
        // 88.26 × 0.02 = 1.7652 → 1.77; 110 × 0.02 = 2.20; none on Free (no commission earned there)
        Assert.Equal([(1, 1.77m), (2, 2.20m)], result.Overrides.Select(o => (N(o), o.Amount.Amount)));
    }

    private static int N(CommissionResult r) => BitConverter.ToInt32(r.SubscriptionId.ToByteArray(), 0);

    [Theory]
    [InlineData("600.00", "400.00", "0.08", "48.00", "32.00")] // total 1000.00 == upTo: first tier; 600 × 0.08, 400 × 0.08
    [InlineData("600.01", "400.00", "0.10", "60.00", "40.00")] // total 1000.01: second tier; 60.001 → 60.00
    [InlineData("500.00", "500.01", "0.10", "50.00", "50.00")] // 50.001 → 50.00
    [InlineData("0.10", "0.20", "0.08", "0.01", "0.02")]       // 0.008 → 0.01; 0.016 → 0.02
    public void Commissions_TierChosenByThePartnersTotal_NotBySubscription(string a, string b, string rate, string ca, string cb)
    {
        var terms = new CommissionTerms { BaseRate = 0.5m, Tiers = [new(1_000m, 0.08m), new(null, 0.10m)] };

        var result = SettlementEngine.Commissions(October, terms, null, [Rev("Finance", a, n: 1), Rev("Finance", b, n: 2)]);

        Assert.All(result.Commissions, c => Assert.Equal((D(rate), CommissionRateBasis.Tier), (c.Rate, c.Basis)));
        Assert.Equal([D(ca), D(cb)], result.Commissions.Select(c => c.Amount.Amount));
        Assert.Empty(result.Overrides); // no distributor
    }

    [Fact]
    public void Commissions_CategoryRevenue_CountsTowardsTheTierTotal()
    {
        var terms = new CommissionTerms
        {
            Tiers = [new(1_000m, 0.08m), new(null, 0.10m)],
            CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m },
        };

        // total 500.00 + 500.01 = 1000.01 → second tier for Finance: 500.01 × 0.10 = 50.001 → 50.00; Communication 500 × 0.15 = 75.00
        var result = SettlementEngine.Commissions(October, terms, null, [Rev("Communication", "500.00", n: 1), Rev("Finance", "500.01", n: 2)]);

        Assert.Equal([(0.15m, 75.00m), (0.10m, 50.00m)], result.Commissions.Select(c => (c.Rate, c.Amount.Amount)));
    }

    [Theory]
    [InlineData("2026-08-15", true)]  // Aug, Sep, Oct: October is the 3rd of 3 months
    [InlineData("2026-08-01", true)]
    [InlineData("2026-07-31", false)] // Jul, Aug, Sep: October is the 4th
    [InlineData("2026-10-20", true)]  // started mid-October: October is the 1st
    [InlineData("2026-10-31", true)]
    [InlineData("2026-11-01", false)] // starts after October
    public void Commissions_DurationMonths_ThenNothing_AndNoOverrideEither(string attributedFrom, bool earns)
    {
        var terms = new CommissionTerms { BaseRate = 0.10m, DurationMonths = 3 };

        var result = SettlementEngine.Commissions(October, terms, Distributor2Percent, [Rev("Finance", "100.00", attributedFrom, 1)]);

        Assert.Equal(earns ? new[] { 10.00m } : Array.Empty<decimal>(), result.Commissions.Select(c => c.Amount.Amount)); // 100 × 0.10
        Assert.Equal(earns ? new[] { 2.00m } : Array.Empty<decimal>(), result.Overrides.Select(c => c.Amount.Amount));   // 100 × 0.02
    }

    [Fact]
    public void Commissions_PartnerWithoutTerms_EarnsNothing_AndItsDistributorNoOverride()
    {
        var result = SettlementEngine.Commissions(October, null, Distributor2Percent, [Rev("Finance", "100.00", n: 1)]);

        Assert.Empty(result.Commissions);
        Assert.Empty(result.Overrides);
        Assert.Equal(100.00m, result.AttributedRevenue.Amount);
    }

    [Fact]
    public void Commissions_ResellerRateZero_NoCommission_NoOverride()
    {
        var result = SettlementEngine.Commissions(October, new CommissionTerms { BaseRate = 0m }, Distributor2Percent, [Rev("Finance", "100.00", n: 1)]);

        Assert.Empty(result.Commissions);
        Assert.Empty(result.Overrides);
    }

    [Theory]
    [InlineData(false, null)] // distributor without terms
    [InlineData(true, "0")]   // distributor terms with no override rate
    public void Commissions_DistributorWithoutOverride_ResellerStillEarns(bool distributorHasTerms, string? overrideRate)
    {
        var distributor = distributorHasTerms ? new CommissionTerms { BaseRate = 0.3m, OverrideRate = D(overrideRate!) } : null;

        var result = SettlementEngine.Commissions(October, new CommissionTerms { BaseRate = 0.10m }, distributor, [Rev("Finance", "100.00", n: 1)]);

        Assert.Equal([10.00m], result.Commissions.Select(c => c.Amount.Amount));
        Assert.Empty(result.Overrides);
    }

    [Theory]
    [InlineData("0.10", "0.05", "0.01")]     // 0.005 → 0.01
    [InlineData("0.30", "0.05", "0.02")]     // 0.015 → 0.02
    [InlineData("-0.10", "0.05", "-0.01")]   // a credit: −0.005 → −0.01, clawed back
    [InlineData("99.99", "0.125", "12.50")]  // 12.49875
    [InlineData("88.26", "0.15", "13.24")]   // 13.239
    public void Commissions_EachAmountRoundedHalfAwayFromZero(string revenue, string rate, string commission)
    {
        var result = SettlementEngine.Commissions(October, new CommissionTerms { BaseRate = D(rate) }, new CommissionTerms { OverrideRate = D(rate) },
            [Rev("Finance", revenue, n: 1)]);

        Assert.Equal(D(commission), Assert.Single(result.Commissions).Amount.Amount);
        Assert.Equal(D(commission), Assert.Single(result.Overrides).Amount.Amount);
    }

    // ---------------------------------------------------------------- statement outcome

    [Theory]
    [InlineData("-5.00", "0", "-5.00", true)]            // negative: carried forward, never paid
    [InlineData("10.00;-15.00", "0", "-5.00", true)]     // clawback larger than earnings
    [InlineData("49.99", "50", "49.99", true)]           // 0 < total < minimum payout
    [InlineData("0.01", "50", "0.01", true)]
    [InlineData("50.00", "50", "50.00", false)]          // total == minimum: paid
    [InlineData("30.00;20.00", "50", "50.00", false)]
    [InlineData("0.01", "0", "0.01", false)]             // no minimum
    [InlineData("0.00", "50", "0.00", false)]            // zero: settled as it is, not carried
    [InlineData("10.00;-10.00", "50", "0.00", false)]
    [InlineData("", "50", "0.00", false)]
    public void Statement_Outcome(string lines, string minimumPayout, string total, bool carries)
    {
        var amounts = lines.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(M).ToList();

        var outcome = SettlementEngine.Statement(amounts, D(minimumPayout));

        Assert.Equal((D(total), carries), (outcome.Total.Amount, outcome.CarriesForward));
    }
}

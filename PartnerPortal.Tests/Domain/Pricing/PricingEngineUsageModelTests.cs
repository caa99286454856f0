using PartnerPortal.Domain.Pricing;
using static PartnerPortal.Tests.Domain.Pricing.PricingJson;

namespace PartnerPortal.Tests.Domain.Pricing;

/// <summary>
/// The usage models against Lago's published examples and our own boundary cases.
/// Lago sources:
///   [spec-graduated] getlago/lago-api spec/services/charge_models/graduated_service_spec.rb
///   [spec-volume]    getlago/lago-api spec/services/charge_models/volume_service_spec.rb
///   [spec-package]   getlago/lago-api spec/services/charge_models/package_service_spec.rb
///   [spec-standard]  getlago/lago-api spec/services/charge_models/standard_service_spec.rb
///   [spec-percent]   getlago/lago-api spec/services/charge_models/percentage_service_spec.rb
///   [doc-volume]     https://getlago.com/docs/guide/plans/charges/charge-models/volume
///   [doc-package]    https://getlago.com/docs/guide/plans/charges/charge-models/package
///   [doc-graduated]  https://getlago.com/docs/guide/plans/charges/charge-models/graduated
/// Lago writes rates in percent ("1.3"); the portal's API uses fractions (0.013).
/// </summary>
public class PricingEngineUsageModelTests
{
    private const string LagoGraduated =
        """{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":10,"flatFee":2},{"upTo":20,"unitPrice":5,"flatFee":3},{"upTo":null,"unitPrice":5,"flatFee":3}]}""";

    private const string LagoVolume =
        """{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":100,"unitPrice":2,"flatFee":10},{"upTo":200,"unitPrice":1,"flatFee":0},{"upTo":null,"unitPrice":0.5,"flatFee":50}]}""";

    private static Quote QuoteUnits(string chargeJson, string units) =>
        PricingEngine.Quote(new QuoteInput
        {
            Charges = Charges(chargeJson),
            Quantities = new Dictionary<string, decimal> { ["m"] = D(units) },
        });

    private static Quote QuoteEvents(string chargeJson, params string[] values) =>
        PricingEngine.Quote(new QuoteInput
        {
            Charges = Charges(chargeJson),
            Events = values.Select(v => new UsageEvent("m", D(v))).ToList(),
        });

    [Theory]
    [InlineData("0", "2")]              // [spec-graduated] and DESIGN §4: first tier's flat fee is a base fee
    [InlineData("1", "12")]             // [spec-graduated]
    [InlineData("10", "102")]           // [spec-graduated], DESIGN §4: exactly the first bound stays in tier 1
    [InlineData("11", "110")]           // [spec-graduated], DESIGN §4
    [InlineData("12", "115")]           // [spec-graduated]
    [InlineData("21", "163")]           // [spec-graduated], DESIGN §4
    [InlineData("10.5", "107.50")]      // 102 + 0.5 × 5 + 3
    [InlineData("20", "155")]           // 102 + 10 × 5 + 3: the open tier is not reached at its lower bound
    [InlineData("20.5", "160.50")]      // 155 + 0.5 × 5 + 3
    [InlineData("0.001", "2.01")]       // 2 + 0.01
    [InlineData("1000000000000", "5000000000058")] // 102 + 53 + 3 + (1e12 − 20) × 5
    public void Quote_PricesEachUnitAtItsTier_WhenGraduated(string units, string expected)
    {
        Assert.Equal(D(expected), QuoteUnits(LagoGraduated, units).Total.Amount);
    }

    [Theory]
    // [spec-graduated] "with decimal adjacent ranges": tiers up to 0.1 at 10, up to 1 at 5, then 2.
    [InlineData("0.05", "0.50")]
    [InlineData("0.5", "3.00")]         // 0.1 × 10 + 0.4 × 5
    [InlineData("1", "5.50")]           // 1 + 4.5
    [InlineData("3", "9.50")]           // 5.5 + 2 × 2
    public void Quote_HandlesFractionalTierBounds_WhenGraduated(string units, string expected)
    {
        const string charge = """{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":0.1,"unitPrice":10,"flatFee":0},{"upTo":1,"unitPrice":5,"flatFee":0},{"upTo":null,"unitPrice":2,"flatFee":0}]}""";

        Assert.Equal(D(expected), QuoteUnits(charge, units).Total.Amount);
    }

    [Theory]
    // [doc-graduated]: $1 per unit for the first 100, $0.50 for the next 100, $0.10 for any further unit.
    [InlineData("100", "100")]
    [InlineData("150", "125")]
    [InlineData("250", "155")]          // 100 + 50 + 5
    public void Quote_MatchesLagoDocsExample_WhenGraduated(string units, string expected)
    {
        const string charge = """{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":100,"unitPrice":1},{"upTo":200,"unitPrice":0.5},{"upTo":null,"unitPrice":0.1}]}""";

        Assert.Equal(D(expected), QuoteUnits(charge, units).Total.Amount);
    }

    [Theory]
    [InlineData("0", "10")]             // [spec-volume]: zero units fall in the first tier
    [InlineData("1", "12")]             // [spec-volume]
    [InlineData("100", "210")]          // [spec-volume], DESIGN §4
    [InlineData("100.5", "100.50")]     // [spec-volume], DESIGN §4: between bounds → second tier
    [InlineData("101", "101")]          // [spec-volume]
    [InlineData("200", "200")]          // [spec-volume]
    [InlineData("210", "155")]          // [spec-volume] "fixed charge": 210 × 0.5 + 50
    [InlineData("300", "200")]          // [spec-volume]
    [InlineData("200.0001", "150.00")]  // 100.00005 + 50 = 150.00005
    [InlineData("1000000000000", "500000000050")]
    public void Quote_PricesAllUnitsAtTheTierOfTheTotal_WhenVolume(string units, string expected)
    {
        Assert.Equal(D(expected), QuoteUnits(LagoVolume, units).Total.Amount);
    }

    [Fact]
    public void Quote_MatchesLagoDocsExample_WhenVolume()
    {
        // [doc-volume]: 65,000 API calls fall in tier 3: 65,000 × 0.0006 + 10 = 49.
        const string charge = """{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":10000,"unitPrice":0.0010,"flatFee":10},{"upTo":50000,"unitPrice":0.0008,"flatFee":10},{"upTo":100000,"unitPrice":0.0006,"flatFee":10},{"upTo":null,"unitPrice":0.0004,"flatFee":10}]}""";

        Assert.Equal(49m, QuoteUnits(charge, "65000").Total.Amount);
        Assert.Equal(20m, QuoteUnits(charge, "10000").Total.Amount);     // 10,000 × 0.001 + 10
        Assert.Equal(18.00m, QuoteUnits(charge, "10001").Total.Amount);  // 10,001 × 0.0008 + 10 = 18.0008
    }

    [Theory]
    [InlineData("121", "0", "1300")]    // [spec-package]: 13 packages of 10 at 100
    [InlineData("121", "10", "1200")]   // [spec-package]: 111 paid units → 12 packages
    [InlineData("121", "200", "0")]     // [spec-package]: free units above usage
    [InlineData("0", "0", "0")]
    [InlineData("10", "0", "100")]      // exactly one package
    [InlineData("10.5", "0", "200")]    // a started package counts
    [InlineData("0.001", "0", "100")]
    [InlineData("20", "10", "100")]
    public void Quote_ChargesEveryStartedPackage_WhenPackage(string units, string freeUnits, string expected)
    {
        var charge = $$"""{"type":"usage","metric":"m","model":"package","packageSize":10,"packagePrice":100,"freeUnits":{{freeUnits}}}""";

        Assert.Equal(D(expected), QuoteUnits(charge, units).Total.Amount);
    }

    [Theory]
    // [doc-package]: $5 per 100 units, first 100 free: 201 units = 0 + 5 + 5 = 10.
    [InlineData("201", "10")]
    [InlineData("200", "5")]
    [InlineData("100", "0")]
    [InlineData("100.01", "5")]
    public void Quote_MatchesLagoDocsExample_WhenPackage(string units, string expected)
    {
        const string charge = """{"type":"usage","metric":"m","model":"package","packageSize":100,"packagePrice":5,"freeUnits":100}""";

        Assert.Equal(D(expected), QuoteUnits(charge, units).Total.Amount);
    }

    [Theory]
    [InlineData("10", "5.12345", "0", "51.23")]               // [spec-standard]: 10 × 5.12345 = 51.2345
    [InlineData("250", "0.05", "100", "7.50")]                // 150 paid units
    [InlineData("50", "0.05", "100", "0")]                    // free units above usage
    [InlineData("3600000", "0.0000166667", "0", "60.00")]     // GB-seconds: 60.00012
    [InlineData("1000000000000", "0.0000166667", "0", "16666700.00")]
    [InlineData("1000000000000", "0.0000000001", "0", "100.00")]
    [InlineData("1", "0.125", "0", "0.13")]                   // tie → away from zero
    [InlineData("1", "0.025", "0", "0.03")]                   // tie; banker's rounding would give 0.02
    [InlineData("3", "0.0049999999", "0", "0.01")]            // 0.0149999997
    [InlineData("10.5", "2", "0", "21.00")]
    [InlineData("0", "2", "0", "0")]
    public void Quote_ChargesPaidUnitsAtTheUnitPrice_WhenPerUnit(string units, string unitPrice, string freeUnits, string expected)
    {
        var charge = $$"""{"type":"usage","metric":"m","model":"perUnit","unitPrice":{{unitPrice}},"freeUnits":{{freeUnits}}}""";

        var line = Assert.Single(QuoteUnits(charge, units).Lines);

        Assert.Equal(D(expected), line.Amount.Amount);
        Assert.Equal(Math.Max(0, D(units) - D(freeUnits)) * D(unitPrice), line.UnroundedAmount);
    }

    [Theory]
    // DESIGN §4: 1 % + 5.00 per event with 15.00 free over 10, 10, 10 → 0 + 5.05 + 5.10.
    [InlineData("""{"rate":0.01,"fixedFeePerEvent":5,"freeAmount":15}""", new[] { "10", "10", "10" }, "10.15")]
    // [spec-percent] rate 1.3 %, fixed 2, events 50, 100, 250, 400 (running totals 50, 150, 400, 800):
    // 3 free events or 250 free: the 3rd event crosses 250 and is charged on 150 → 150 × 0.013 + 2 + 400 × 0.013 + 2.
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2,"freeEvents":3,"freeAmount":250}""", new[] { "50", "100", "250", "400" }, "11.15")]
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2,"freeAmount":250}""", new[] { "50", "100", "250", "400" }, "11.15")]
    // [spec-percent] "free_units_per_total_aggregation is nil": 3 free events, the 4th costs 400 × 0.013 + 2.
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2,"freeEvents":3}""", new[] { "50", "100", "250", "400" }, "7.20")]
    // [spec-percent] "free_units_per_total_aggregation > last running total": 3 events come first.
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2,"freeEvents":3,"freeAmount":500}""", new[] { "50", "100", "250", "400" }, "7.20")]
    // [spec-percent] "free units are not set": 800 × 0.013 + 4 × 2.
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2}""", new[] { "50", "100", "250", "400" }, "18.40")]
    // [spec-percent] "rate is 0": only the fixed fees, 4 × 2.
    [InlineData("""{"rate":0,"fixedFeePerEvent":2}""", new[] { "50", "100", "250", "400" }, "8.00")]
    // [spec-percent] "free_units_count > number of events".
    [InlineData("""{"rate":0.013,"fixedFeePerEvent":2,"freeEvents":5}""", new[] { "50", "100", "250" }, "0")]
    // [spec-percent] min 1.75 / max 12 per transaction, rate 2.99 %, events 10, 80, 10000:
    [InlineData("""{"rate":0.0299}""", new[] { "10", "80", "10000" }, "301.69")]                                          // no min/max: 301.691
    [InlineData("""{"rate":0.0299,"minPerEvent":1.75,"maxPerEvent":12}""", new[] { "10", "80", "10000" }, "16.14")]      // 1.75 + 2.392 + 12
    [InlineData("""{"rate":0.0299,"fixedFeePerEvent":2,"minPerEvent":1.75,"maxPerEvent":12}""", new[] { "10", "80", "10000" }, "18.69")] // 2.299 + 4.392 + 12
    [InlineData("""{"rate":0.0299,"freeEvents":2,"minPerEvent":1.75,"maxPerEvent":12}""", new[] { "10", "80", "10000" }, "12.00")]     // only the 3rd is paid
    [InlineData("""{"rate":0.0299,"freeAmount":30,"minPerEvent":1.75,"maxPerEvent":12}""", new[] { "10", "80", "10000" }, "13.79")]    // 60 × 0.0299 + 12
    [InlineData("""{"rate":0.0299,"freeEvents":3,"freeAmount":10000,"minPerEvent":1.75,"maxPerEvent":12}""", new[] { "10", "80", "10000" }, "2.69")] // 90 × 0.0299
    // Own cases.
    [InlineData("""{"rate":0.01,"freeAmount":20}""", new[] { "10", "10", "10" }, "0.10")]                // reaching the free amount exactly ends it
    [InlineData("""{"rate":0.01,"freeAmount":15,"minPerEvent":1}""", new[] { "10", "10" }, "1.00")]     // the crossing event is clamped too
    [InlineData("""{"rate":0.01,"freeEvents":0,"freeAmount":100}""", new[] { "10", "10" }, "0.20")]     // zero free events ends the allowance at once
    [InlineData("""{"rate":0.01,"freeEvents":2,"freeAmount":0}""", new[] { "10", "10" }, "0.20")]       // so does a zero free amount
    [InlineData("""{"rate":0.01,"fixedFeePerEvent":0.3}""", new[] { "0", "0" }, "0.60")]                // events of value 0 still pay the fixed fee
    [InlineData("""{"rate":0.01,"fixedFeePerEvent":0.3}""", new string[0], "0")]
    [InlineData("""{"rate":0.005}""", new[] { "1" }, "0.01")]                                           // 0.005 → tie away from zero
    [InlineData("""{"rate":0.0000000001}""", new[] { "1000000000000" }, "100.00")]
    [InlineData("""{"rate":0.01,"maxPerEvent":0.5}""", new[] { "100", "10", "1000" }, "1.10")]           // 0.5 + 0.1 + 0.5
    public void Quote_PricesEventsInOrder_WhenPercentage(string properties, string[] events, string expected)
    {
        var charge = """{"type":"usage","metric":"m","model":"percentage",""" + properties.TrimStart('{');

        Assert.Equal(D(expected), QuoteEvents(charge, events).Total.Amount);
    }

    [Theory]
    [InlineData("4", "0.12")]      // [spec-percent] "with small units amount": 4 × 2.9 % = 0.116
    [InlineData("0", "0")]         // no usage is no event: no fixed fee
    [InlineData("800", "23.20")]   // one event: 800 × 0.029
    public void Quote_TreatsAQuantityAsOneEvent_WhenPercentageHasNoEvents(string units, string expected)
    {
        Assert.Equal(D(expected), QuoteUnits("""{"type":"usage","metric":"m","model":"percentage","rate":0.029}""", units).Total.Amount);
    }

    [Fact]
    public void Quote_FixedFeeAppliesOncePerQuantity_WhenPercentageHasNoEvents()
    {
        // 100 × 1 % + 0.30, the quantity being a single event.
        Assert.Equal(1.30m, QuoteUnits("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"fixedFeePerEvent":0.3}""", "100").Total.Amount);
    }

    [Fact]
    public void Quote_OrderOfEventsMatters_WhenPercentageHasAFreeAmount()
    {
        const string charge = """{"type":"usage","metric":"m","model":"percentage","rate":0.01,"fixedFeePerEvent":1,"freeAmount":10}""";

        // 5 free, 100 crosses (95 charged) → 1.95; reversed: 100 crosses at once (90) → 1.90, then 5 → 1.05.
        Assert.Equal(1.95m, QuoteEvents(charge, "5", "100").Total.Amount);
        Assert.Equal(2.95m, QuoteEvents(charge, "100", "5").Total.Amount);
    }
}

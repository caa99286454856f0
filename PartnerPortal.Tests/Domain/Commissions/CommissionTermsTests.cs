using System.Globalization;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Tests.Domain.Commissions;

/// <summary>DESIGN §5: the commission rate (category → tier → base), durationMonths, and the terms' validation.</summary>
public class CommissionTermsTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Category Communication 15 %, Free 0 %; tiers ≤ 1,000 → 8 %, ≤ 5,000 → 10 %, above → 12 %; base 5 % (never reached: tiers exist).</summary>
    private static CommissionTerms Tiered() => new()
    {
        BaseRate = 0.05m,
        CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m, ["Free"] = 0m },
        Tiers = [new(1_000m, 0.08m), new(5_000m, 0.10m), new(null, 0.12m)],
    };

    [Theory]
    [InlineData("Communication", "0", "0.15", CommissionRateBasis.Category)]          // category set: beats every tier
    [InlineData("communication", "999999", "0.15", CommissionRateBasis.Category)]     // key compares case-insensitively
    [InlineData("COMMUNICATION", "1000.01", "0.15", CommissionRateBasis.Category)]
    [InlineData("Free", "3000", "0", CommissionRateBasis.Category)]                   // a category rate of 0 is set: no fall-through to tiers
    [InlineData("Finance", "0", "0.08", CommissionRateBasis.Tier)]                    // 0 revenue falls in the first tier
    [InlineData("Finance", "999.99", "0.08", CommissionRateBasis.Tier)]
    [InlineData("Finance", "1000", "0.08", CommissionRateBasis.Tier)]                 // == upTo: (0, 1000] still the first tier
    [InlineData("Finance", "1000.01", "0.10", CommissionRateBasis.Tier)]              // upTo + 0.01: the next tier
    [InlineData("Finance", "5000", "0.10", CommissionRateBasis.Tier)]                 // == second upTo
    [InlineData("Finance", "5000.01", "0.12", CommissionRateBasis.Tier)]              // into the open tier
    [InlineData("Finance", "1000000000", "0.12", CommissionRateBasis.Tier)]
    [InlineData(null, "1000", "0.08", CommissionRateBasis.Tier)]                      // no category (a service): tiers
    public void Commissions_RateFor_CategoryThenTierAtItsEdges(string? category, string partnerRevenue, string rate, CommissionRateBasis basis)
    {
        var (actual, actualBasis) = Tiered().RateFor(category, D(partnerRevenue));

        Assert.Equal(D(rate), actual);
        Assert.Equal(basis, actualBasis);
    }

    [Fact]
    public void Commissions_TierEdge_RevenueEqualToUpToStaysInTheTier()
    {
        var terms = new CommissionTerms { Tiers = [new(10_000m, 0.10m), new(null, 0.12m)] };

        Assert.Equal((0.10m, CommissionRateBasis.Tier), terms.RateFor("Finance", 10_000m));      // 10,000 ∈ (0, 10,000]
        Assert.Equal((0.12m, CommissionRateBasis.Tier), terms.RateFor("Finance", 10_000.01m));   // 10,000.01 ∈ (10,000, ∞)
        Assert.Equal((0.10m, CommissionRateBasis.Tier), terms.RateFor("Finance", 0m));            // 0 → the first tier
    }

    [Theory]
    [InlineData("Finance", "0")]
    [InlineData("Finance", "50000")]
    [InlineData(null, "123.45")]
    public void Commissions_NoCategoryRateAndNoTiers_TakesTheBaseRate(string? category, string partnerRevenue)
    {
        var terms = new CommissionTerms
        {
            BaseRate = 0.07m, CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m },
        };

        Assert.Equal((0.07m, CommissionRateBasis.Base), terms.RateFor(category, D(partnerRevenue)));
    }

    [Theory]
    [InlineData("Communication")]
    [InlineData("communication")]
    [InlineData("COMMUNICATION")]
    public void Commissions_CategoryKey_IsCaseInsensitive_EvenWhenTheTermsWereGivenAPlainDictionary(string category)
    {
        // CommissionTerms documents "keys compare case-insensitively"; that must not depend on the caller's comparer.
        var terms = new CommissionTerms { BaseRate = 0.05m, CategoryRates = new Dictionary<string, decimal> { ["Communication"] = 0.15m } };

        Assert.Equal((0.15m, CommissionRateBasis.Category), terms.RateFor(category, 0m));
    }

    [Theory]
    [InlineData(3, "2026-01-20", "2026-01", true)]    // started mid-January: January is the 1st month
    [InlineData(3, "2026-01-20", "2026-02", true)]    // 2nd
    [InlineData(3, "2026-01-20", "2026-03", true)]    // 3rd and last
    [InlineData(3, "2026-01-20", "2026-04", false)]   // the month after the last earns nothing
    [InlineData(3, "2026-01-31", "2026-03", true)]    // started on the last day: January still counts as the 1st
    [InlineData(3, "2026-01-01", "2026-04", false)]
    [InlineData(1, "2026-10-31", "2026-10", true)]    // one month: only the start month
    [InlineData(1, "2026-10-31", "2026-11", false)]
    [InlineData(3, "2025-11-15", "2026-01", true)]    // across the year: Nov, Dec, Jan
    [InlineData(3, "2025-11-15", "2026-02", false)]
    [InlineData(12, "2025-10-01", "2026-09", true)]   // 12th month
    [InlineData(12, "2025-10-01", "2026-10", false)]  // 13th month
    [InlineData(3, "2026-11-05", "2026-10", false)]   // attribution starts in a later period: nothing yet
    [InlineData(null, "2020-01-01", "2026-10", true)] // lifetime
    [InlineData(null, "2026-10-31", "2026-10", true)]
    [InlineData(null, "2026-11-01", "2026-10", false)] // lifetime, but not before the attribution begins
    public void Commissions_DurationMonths_CountsTheStartMonthAsTheFirst(int? months, string attributedFrom, string period, bool earns)
    {
        var terms = new CommissionTerms { BaseRate = 0.1m, DurationMonths = months };

        Assert.Equal(earns, terms.Earns(Day(attributedFrom), Period.Parse(period)));
    }

    public static TheoryData<string, CommissionTerms, string> InvalidTerms => new()
    {
        { "negative base", new CommissionTerms { BaseRate = -0.01m }, "baseRate" },
        { "base above 1", new CommissionTerms { BaseRate = 1.01m }, "baseRate" },
        { "base 11 decimals", new CommissionTerms { BaseRate = 0.12345678901m }, "baseRate" },
        { "override above 1", new CommissionTerms { OverrideRate = 2m }, "overrideRate" },
        { "negative service fee", new CommissionTerms { ServiceFeeRate = -0.5m }, "serviceFeeRate" },
        { "category rate above 1", new CommissionTerms { CategoryRates = new Dictionary<string, decimal> { ["Finance"] = 1.5m } }, "categoryRates.Finance" },
        { "blank category", new CommissionTerms { CategoryRates = new Dictionary<string, decimal> { [" "] = 0.1m } }, "categoryRates" },
        { "last tier closed", new CommissionTerms { Tiers = [new(1_000m, 0.1m)] }, "tiers[0].upTo" },
        { "open tier not last", new CommissionTerms { Tiers = [new(null, 0.1m), new(null, 0.2m)] }, "tiers[0].upTo" },
        { "tiers not ascending", new CommissionTerms { Tiers = [new(1_000m, 0.1m), new(1_000m, 0.2m), new(null, 0.3m)] }, "tiers[1].upTo" },
        { "tier edge 0", new CommissionTerms { Tiers = [new(0m, 0.1m), new(null, 0.2m)] }, "tiers[0].upTo" },
        { "tier edge too large", new CommissionTerms { Tiers = [new(1_000_000_001m, 0.1m), new(null, 0.2m)] }, "tiers[0].upTo" },
        { "tier rate above 1", new CommissionTerms { Tiers = [new(100m, 1.1m), new(null, 0.1m)] }, "tiers[0].rate" },
        { "null tier", new CommissionTerms { Tiers = [null!, new(null, 0.1m)] }, "tiers[0]" },
        { "duration 0", new CommissionTerms { DurationMonths = 0 }, "durationMonths" },
        { "duration 1201", new CommissionTerms { DurationMonths = 1201 }, "durationMonths" },
        { "negative minimum payout", new CommissionTerms { MinimumPayout = -1m }, "minimumPayout" },
        { "minimum payout below a cent", new CommissionTerms { MinimumPayout = 10.001m }, "minimumPayout" },
    };

    [Theory]
    [MemberData(nameof(InvalidTerms))]
    public void Validate_NamesTheFieldAtFault(string because, CommissionTerms terms, string field)
    {
        var errors = terms.Validate();

        var error = Assert.Single(errors);
        Assert.True(error.Field == field, $"{because}: expected {field}, got {error.Field}");
    }

    [Fact]
    public void Validate_FullTermsAtTheLimits_AreValid()
    {
        var terms = new CommissionTerms
        {
            BaseRate = 1m, OverrideRate = 0m, ServiceFeeRate = 0.1234567891m, DurationMonths = 1200, MinimumPayout = 1_000_000_000m,
            CategoryRates = new Dictionary<string, decimal> { ["Finance"] = 0m, ["Communication"] = 1m },
            Tiers = [new(0.01m, 0m), new(1_000_000_000m, 1m), new(null, 0.5m)],
        };

        Assert.Empty(terms.Validate());
        Assert.Empty(new CommissionTerms { DurationMonths = 1 }.Validate());
    }
}

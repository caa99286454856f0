using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Commissions;

/// <summary>
/// A volume tier of a commission plan: the partner's total attributed app revenue of a period up to
/// <see cref="UpTo"/> (inclusive; <c>null</c> = no upper bound) earns <see cref="Rate"/>. Like price tiers, a tier
/// covers the revenue in <c>(previous UpTo, UpTo]</c>; a revenue of 0 falls in the first tier.
/// </summary>
public sealed record CommissionTier(decimal? UpTo, decimal Rate);

/// <summary>Which rule chose a commission rate (DESIGN §5: category, else tier, else base).</summary>
public enum CommissionRateBasis
{
    Category,
    Tier,
    Base,
}

/// <summary>
/// The rules by which a partner earns (DESIGN §5). Rates are fractions (<c>0.1</c> = 10 %).
/// </summary>
/// <example>
/// <code>
/// var terms = new CommissionTerms
/// {
///     BaseRate = 0.10m,
///     CategoryRates = new Dictionary&lt;string, decimal&gt; { ["Communication"] = 0.15m },
///     Tiers = [new(10_000m, 0.10m), new(null, 0.12m)],
/// };
/// terms.RateFor("Communication", 50_000m); // (0.15, Category)
/// terms.RateFor("Finance", 10_000m);       // (0.10, Tier)  — 10,000 is the first tier's upper edge
/// terms.RateFor("Finance", 10_000.01m);    // (0.12, Tier)
/// </code>
/// </example>
public sealed record CommissionTerms
{
    /// <summary>Largest rate accepted anywhere: a commission above the revenue is a typo.</summary>
    public const decimal MaxRate = 1m;

    /// <summary>Largest <see cref="DurationMonths"/> (100 years).</summary>
    public const int MaxDurationMonths = 1200;

    /// <summary>Largest money amount accepted for tier edges and the minimum payout.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    public decimal BaseRate { get; init; }

    /// <summary>Rate per app category code (keys compare case-insensitively).</summary>
    public IReadOnlyDictionary<string, decimal> CategoryRates { get; init; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Volume tiers over the partner's attributed app revenue of the period, ascending, the last open.</summary>
    public IReadOnlyList<CommissionTier> Tiers { get; init; } = [];

    /// <summary>For how many whole periods a customer earns commission, the attribution's first period counting as the first; <c>null</c> = as long as the attribution lasts.</summary>
    public int? DurationMonths { get; init; }

    /// <summary>For a distributor: its share of the revenue on which its downline earns commission.</summary>
    public decimal OverrideRate { get; init; }

    /// <summary>The platform's share of the partner's own services' revenue.</summary>
    public decimal ServiceFeeRate { get; init; }

    /// <summary>A statement total below this (and above zero) is carried forward instead of paid.</summary>
    public decimal MinimumPayout { get; init; }

    /// <summary>
    /// The rate of a subscription's revenue: <see cref="CategoryRates"/>[<paramref name="category"/>] where set, else
    /// the rate of the tier that <paramref name="partnerRevenue"/> (the partner's total attributed app revenue of the
    /// period) falls in, else <see cref="BaseRate"/>.
    /// </summary>
    public (decimal Rate, CommissionRateBasis Basis) RateFor(string? category, decimal partnerRevenue)
    {
        if (category is not null && CategoryRates.TryGetValue(category, out var byCategory))
            return (byCategory, CommissionRateBasis.Category);
        // Keys compare case-insensitively whatever comparer the caller's dictionary was built with.
        if (category is not null && CategoryRates.Count > 0)
            foreach (var (key, rate) in CategoryRates)
                if (string.Equals(key, category, StringComparison.OrdinalIgnoreCase))
                    return (rate, CommissionRateBasis.Category);
        if (Tiers.Count > 0)
        {
            foreach (var tier in Tiers)
                if (tier.UpTo is null || partnerRevenue <= tier.UpTo.Value)
                    return (tier.Rate, CommissionRateBasis.Tier);
            return (Tiers[^1].Rate, CommissionRateBasis.Tier);
        }

        return (BaseRate, CommissionRateBasis.Base);
    }

    /// <summary>
    /// Whether a customer attributed since <paramref name="attributedFrom"/> still earns in <paramref name="period"/>:
    /// from the attribution's first period on — for ever without <see cref="DurationMonths"/>, else for that many periods,
    /// the attribution's first period counting as the first (attributed 2026-01-20 with 3 months: January, February and
    /// March earn, April does not). A period before the attribution's first earns nothing.
    /// </summary>
    public bool Earns(DateOnly attributedFrom, Periods.Period period)
    {
        var first = Periods.Period.Of(attributedFrom);
        var index = (period.Year - first.Year) * 12 + period.Month - first.Month;
        if (index < 0) return false; // not attributed yet in that period, lifetime or not
        return DurationMonths is not { } months || index < months;
    }

    /// <summary>Every problem with the terms, with API field names (<c>tiers[1].upTo</c>, <c>categoryRates.Finance</c>).</summary>
    public IReadOnlyList<PricingError> Validate()
    {
        var errors = new List<PricingError>();
        void Rate(string field, decimal value)
        {
            if (value < 0m || value > MaxRate) errors.Add(new(field, $"{field} must be a fraction between 0 and 1 (0.1 = 10 %)."));
            else if (decimal.Round(value, 10) != value) errors.Add(new(field, $"{field} has more than 10 decimal places."));
        }

        Rate("baseRate", BaseRate);
        Rate("overrideRate", OverrideRate);
        Rate("serviceFeeRate", ServiceFeeRate);
        foreach (var (category, rate) in CategoryRates)
        {
            if (string.IsNullOrWhiteSpace(category)) errors.Add(new("categoryRates", "A category code must not be empty."));
            Rate($"categoryRates.{category}", rate);
        }

        for (var i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            if (tier is null)
            {
                errors.Add(new($"tiers[{i}]", "A tier is required here, not null."));
                continue;
            }

            Rate($"tiers[{i}].rate", tier.Rate);
            var last = i == Tiers.Count - 1;
            if (last && tier.UpTo is not null) errors.Add(new($"tiers[{i}].upTo", "The last tier must be open: set upTo to null."));
            if (!last && tier.UpTo is null) errors.Add(new($"tiers[{i}].upTo", "Only the last tier may be open (upTo null)."));
            if (tier.UpTo is { } upTo)
            {
                if (upTo <= 0m || upTo > MaxAmount) errors.Add(new($"tiers[{i}].upTo", $"upTo must be above 0 and at most {MaxAmount:0}."));
                else if (i > 0 && Tiers[i - 1]?.UpTo is { } previous && upTo <= previous)
                    errors.Add(new($"tiers[{i}].upTo", "Tiers must be in ascending order of upTo."));
            }
        }

        if (DurationMonths is { } d && (d < 1 || d > MaxDurationMonths))
            errors.Add(new("durationMonths", $"durationMonths must be between 1 and {MaxDurationMonths}, or left out for a lifetime commission."));
        if (MinimumPayout < 0m || MinimumPayout > MaxAmount)
            errors.Add(new("minimumPayout", $"minimumPayout must be between 0 and {MaxAmount:0}."));
        else if (decimal.Round(MinimumPayout, 2) != MinimumPayout)
            errors.Add(new("minimumPayout", "minimumPayout is an amount in cents (two decimals at most)."));
        return errors;
    }
}

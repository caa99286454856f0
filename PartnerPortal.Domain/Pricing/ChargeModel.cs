namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// How a usage charge turns the period's units into an amount; the semantics are Lago's
/// (DESIGN §4). API names: <c>perUnit</c>, <c>graduated</c>, <c>volume</c>, <c>package</c>,
/// <c>percentage</c>.
/// </summary>
public enum ChargeModel
{
    /// <summary><c>max(0, units − freeUnits) × unitPrice</c>: 10 units at 0.50 with 4 free = 3.00.</summary>
    PerUnit,

    /// <summary>
    /// Each unit at the price of the tier it falls in, plus the flat fee of every tier reached; the
    /// first tier is always reached. Tiers [≤10 at 10 + 2, ≤20 at 5 + 3, rest at 5 + 3]: 11 units = 110.
    /// </summary>
    Graduated,

    /// <summary>
    /// All units at the price of the tier the total falls in, plus that tier's flat fee.
    /// Tiers [≤100 at 2 + 10, ≤200 at 1, rest at 0.5 + 50]: 100 units = 210, 100.5 units = 100.50.
    /// </summary>
    Volume,

    /// <summary>
    /// <c>ceil(max(0, units − freeUnits) / packageSize) × packagePrice</c>: 5.00 per 100 with 100
    /// free, 201 units = 10.00.
    /// </summary>
    Package,

    /// <summary>
    /// Per event in time order, after the free allowance: <c>value × rate + fixedFeePerEvent</c>,
    /// clamped to [minPerEvent, maxPerEvent]. 1 % + 5.00 with 15.00 free over 10, 10, 10 = 10.15.
    /// </summary>
    Percentage,
}

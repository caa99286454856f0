namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// The arithmetic of the usage models (DESIGN §4, Lago semantics), unrounded. Inputs are
/// validated charges (see <see cref="ChargeValidator"/>) and non-negative quantities.
/// </summary>
internal static class UsageModels
{
    /// <summary><c>max(0, units − freeUnits) × unitPrice</c>.</summary>
    public static decimal PerUnit(decimal units, decimal unitPrice, decimal freeUnits) =>
        Math.Max(0m, units - freeUnits) * unitPrice;

    /// <summary>
    /// Each unit priced by the tier it falls in, a tier covering (previous upTo, upTo]; the flat fee
    /// of every tier reached is added, the first tier being reached even at zero units.
    /// </summary>
    public static decimal Graduated(decimal units, IReadOnlyList<TierSpec> tiers)
    {
        var total = 0m;
        var lower = 0m;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (i > 0 && units <= lower)
            {
                break; // this tier is not reached
            }

            var upper = tier.UpTo is { } upTo ? Math.Min(units, upTo) : units;
            total += (tier.FlatFee ?? 0m) + Math.Max(0m, upper - lower) * tier.UnitPrice!.Value;
            if (tier.UpTo is null || units <= tier.UpTo)
            {
                break;
            }

            lower = tier.UpTo.Value;
        }

        return total;
    }

    /// <summary>All units at the unit price of the tier the total falls in, plus that tier's flat fee.</summary>
    public static decimal Volume(decimal units, IReadOnlyList<TierSpec> tiers)
    {
        var tier = tiers.First(t => t.UpTo is null || units <= t.UpTo);
        return units * tier.UnitPrice!.Value + (tier.FlatFee ?? 0m);
    }

    /// <summary><c>ceil(max(0, units − freeUnits) / packageSize) × packagePrice</c>.</summary>
    public static decimal Package(decimal units, decimal packageSize, decimal packagePrice, decimal freeUnits) =>
        Math.Ceiling(Math.Max(0m, units - freeUnits) / packageSize) * packagePrice;

    /// <summary>
    /// Events in time order. While the free allowance lasts, an event is free; the allowance ends
    /// when <c>freeEvents</c> events were free or <c>freeAmount</c> of value was used, whichever
    /// comes first, and the event that crosses <c>freeAmount</c> is charged on the part above it.
    /// A charged event costs <c>value × rate + fixedFeePerEvent</c>, clamped to
    /// [<c>minPerEvent</c>, <c>maxPerEvent</c>] where set.
    /// </summary>
    public static decimal Percentage(IReadOnlyList<decimal> eventValues, ChargeSpec charge)
    {
        var rate = charge.Rate!.Value;
        var fixedFee = charge.FixedFeePerEvent ?? 0m;
        var freeEvents = charge.FreeEvents;
        var freeAmount = charge.FreeAmount;

        // No allowance when none is set, or when either limit is already reached at zero.
        var allowance = (freeEvents is not null || freeAmount is not null)
            && (freeEvents ?? int.MaxValue) > 0
            && (freeAmount ?? decimal.MaxValue) > 0m;
        var usedEvents = 0;
        var usedAmount = 0m;
        var total = 0m;

        foreach (var value in eventValues)
        {
            decimal charged;
            if (!allowance)
            {
                charged = value;
            }
            else if (freeAmount is { } limit && usedAmount + value > limit)
            {
                charged = usedAmount + value - limit; // crosses the free amount: the remainder is charged
                allowance = false;
            }
            else
            {
                usedEvents++;
                usedAmount += value;
                allowance = usedEvents < (freeEvents ?? int.MaxValue) && usedAmount < (freeAmount ?? decimal.MaxValue);
                continue; // free
            }

            var cost = charged * rate + fixedFee;
            if (charge.MinPerEvent is { } min && cost < min)
            {
                cost = min;
            }

            if (charge.MaxPerEvent is { } max && cost > max)
            {
                cost = max;
            }

            total += cost;
        }

        return total;
    }
}

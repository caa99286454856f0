namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// What a charge bills for one period (DESIGN §4). API names: <c>flat</c>, <c>perSeat</c>,
/// <c>oneTime</c>, <c>usage</c>.
/// </summary>
public enum ChargeType
{
    /// <summary><c>amount</c>, prorated by active days: 30.00 for a full month, 15.00 for 15 of 30 days.</summary>
    Flat,

    /// <summary><c>seats × unitPrice</c>, prorated like a flat fee: 3 seats × 10.00 = 30.00.</summary>
    PerSeat,

    /// <summary><c>amount</c>, once, in the period in which the subscription starts.</summary>
    OneTime,

    /// <summary>Priced from the period's aggregated usage of a metric, by a <see cref="ChargeModel"/>.</summary>
    Usage,
}

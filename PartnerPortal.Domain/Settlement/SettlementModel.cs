using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Settlement;

/// <summary>The kinds of statement lines (DESIGN §5), as named in the API.</summary>
public enum StatementLineKind
{
    Commission,
    Override,
    ServicePayout,
    IsvPayout,
    Adjustment,
    CarryForward,
}

/// <summary>A statement's lifecycle: <c>Draft → Approved → Paid</c>, or <c>Draft → CarriedForward</c>.</summary>
public enum StatementStatus
{
    Draft,
    Approved,
    Paid,
    CarriedForward,
}

/// <summary>A settlement run's state, as <c>GET /api/v1/settlements/{period}</c> reports it.</summary>
public enum SettlementStatus
{
    Running,
    Draft,
    Approved,
    Failed,
}

/// <summary>From <see cref="From"/> on, a subscription has <see cref="Seats"/> seats.</summary>
public sealed record SeatSpan(DateOnly From, int Seats);

/// <summary>
/// What the settlement knows of one subscription for one period: its plan version, dates and seats, and its usage —
/// the billable quantity of each metric from the aggregates, and (only for metrics a <c>percentage</c> charge prices)
/// the events in time order.
/// </summary>
public sealed record SubscriptionPeriodInput
{
    public required Guid SubscriptionId { get; init; }
    public required IReadOnlyList<ChargeSpec> Charges { get; init; }
    public decimal? MinimumCommitment { get; init; }
    public string Currency { get; init; } = Money.Money.DefaultCurrency;
    public required DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }

    /// <summary>Seat changes in any order; the seats on a day are those of the last change on or before it.</summary>
    public IReadOnlyList<SeatSpan> Seats { get; init; } = [];

    /// <summary>Billable quantity per metric (after per-event rounding), from the usage aggregates.</summary>
    public IReadOnlyDictionary<string, decimal> Quantities { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Events of the metrics that percentage charges price, in (timestamp, id) order, as reported.</summary>
    public IReadOnlyList<UsageEvent>? Events { get; init; }

    /// <summary>The app's metric definitions (so <see cref="Events"/> are rounded like the aggregates were).</summary>
    public IReadOnlyList<UsageMetric>? Metrics { get; init; }
}

/// <summary>A subscription's period, priced: the quote, and the days and seat-days it was prorated by.</summary>
public sealed record RatedSubscription(Quote Quote, int ActiveDays, int DaysInPeriod, long SeatDays)
{
    public Money.Money Revenue => Quote.Total;
}

/// <summary>How an app subscription's revenue is split (DESIGN §5): platform fee only when used, the rest to the ISV.</summary>
public sealed record AppSplit(Money.Money Revenue, bool Used, decimal PlatformFeeRate, Money.Money PlatformFee, Money.Money IsvPayout);

/// <summary>How a partner service's revenue is split: the service fee to the platform, the rest to the offering partner.</summary>
public sealed record ServiceSplit(Money.Money Revenue, decimal ServiceFeeRate, Money.Money ServiceFee, Money.Money Payout);

/// <summary>One app subscription's revenue attributed to a reseller or system integrator at the period's end.</summary>
public sealed record AttributedRevenue(Guid SubscriptionId, Guid CustomerId, string? Category, Money.Money Revenue, DateOnly AttributedFrom);

/// <summary>A commission (or the override on it) of one subscription: revenue × rate, rounded once.</summary>
public sealed record CommissionResult(Guid SubscriptionId, Guid CustomerId, Money.Money Revenue, decimal Rate, Commissions.CommissionRateBasis Basis, Money.Money Amount);

/// <summary>What a reseller and its distributor earn in a period.</summary>
public sealed record PartnerCommissions(
    Money.Money AttributedRevenue,
    IReadOnlyList<CommissionResult> Commissions,
    IReadOnlyList<CommissionResult> Overrides);

/// <summary>A statement's total and whether it is carried forward instead of paid.</summary>
public sealed record StatementOutcome(Money.Money Total, bool CarriesForward);

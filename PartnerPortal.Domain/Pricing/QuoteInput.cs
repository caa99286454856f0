namespace PartnerPortal.Domain.Pricing;

using PartnerPortal.Domain.Money;

/// <summary>
/// Everything <see cref="PricingEngine.Quote"/> prices one period from. Only
/// <see cref="Charges"/> is required; the defaults describe a full period with one seat in
/// which the subscription starts.
/// </summary>
/// <example>
/// <code>
/// new QuoteInput
/// {
///     Charges = [new ChargeSpec { Type = "flat", Amount = 30m }],
///     ActiveDays = 15, DaysInPeriod = 30,   // started on the 16th of a 30-day month
/// };                                        // → one line of 15.00
/// </code>
/// </example>
public sealed record QuoteInput
{
    /// <summary>The charges to price, in plan order; quote lines keep this order.</summary>
    public required IReadOnlyList<ChargeSpec> Charges { get; init; }

    /// <summary>Billable quantity per metric code, for metrics without <see cref="Events"/>.</summary>
    public IReadOnlyDictionary<string, decimal>? Quantities { get; init; }

    /// <summary>
    /// Usage events in time order. When a metric has events here, they define its quantity — the
    /// metric's own aggregation and rounding when <see cref="Metrics"/> defines it, else the plain
    /// sum — and they are the events a <c>percentage</c> charge is priced from.
    /// </summary>
    public IReadOnlyList<UsageEvent>? Events { get; init; }

    /// <summary>Optional metric definitions; when given, charges may only use these metrics.</summary>
    public IReadOnlyList<UsageMetric>? Metrics { get; init; }

    /// <summary>Number of seats for <c>perSeat</c> charges; default 1.</summary>
    public int Seats { get; init; } = 1;

    /// <summary>
    /// Seat-days in the period when seats changed within it: a <c>perSeat</c> charge is then
    /// unitPrice × seatDays / daysInPeriod (3 seats for 10 days and 5 for 20 days = 130 seat-days) instead of
    /// seats × unitPrice prorated by <see cref="ActiveDays"/>. Requires <see cref="DaysInPeriod"/>.
    /// </summary>
    public long? SeatDays { get; init; }

    /// <summary>Days the subscription is active in the period; default: all of them.</summary>
    public int? ActiveDays { get; init; }

    /// <summary>Days in the period (28–31 for a month); required when <see cref="ActiveDays"/> is set.</summary>
    public int? DaysInPeriod { get; init; }

    /// <summary>Whether the subscription starts in this period, so <c>oneTime</c> charges are due; default true.</summary>
    public bool IncludesStart { get; init; } = true;

    /// <summary>The plan's minimum per period, prorated like a flat fee; <c>null</c> for none.</summary>
    public decimal? MinimumCommitment { get; init; }

    /// <summary>The currency of the quote; default EUR.</summary>
    public string Currency { get; init; } = Money.DefaultCurrency;
}

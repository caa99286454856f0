using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Features.Cockpit;

/// <summary>
/// The month-to-date estimate of an open period: when it was last computed. One row per period; the partner and
/// subscription rows of the period are replaced together with it in one transaction (<see cref="EstimateJob"/>).
/// </summary>
public sealed class EstimateRunRecord
{
    public Period Period { get; set; }
    public DateTime ComputedAtUtc { get; set; }
    public int Subscriptions { get; set; }
}

/// <summary>
/// What the open period would pay a partner if it were settled now, from the settlement's own rating (never a second
/// computation): the revenue it earns on (attributed app revenue, its downline's revenue with an override, or — for
/// ISVs and service partners — its contract revenue), and its commission, override and payout lines' sums, in cents.
/// </summary>
public sealed class PartnerEstimateRecord
{
    public Period Period { get; set; }
    public Guid PartnerId { get; set; }
    public string Currency { get; set; } = "EUR";
    public long RevenueCents { get; set; }
    public long CommissionCents { get; set; }
    public long OverrideCents { get; set; }
    /// <summary>ISV and partner-service payouts (revenue less platform or service fee).</summary>
    public long PayoutCents { get; set; }
    public DateTime ComputedAtUtc { get; set; }
}

/// <summary>A subscription's charges so far in the open period (the revenue the settlement would bill now), in cents.</summary>
public sealed class SubscriptionEstimateRecord
{
    public Period Period { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid CustomerId { get; set; }
    public string Currency { get; set; } = "EUR";
    public long RevenueCents { get; set; }
    public DateTime ComputedAtUtc { get; set; }
}

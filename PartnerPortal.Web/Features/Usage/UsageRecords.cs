using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Features.Usage;

/// <summary>
/// One accepted usage event, kept for traceability and the data export. Its business key is
/// (<see cref="IsvPartnerId"/>, <see cref="EventId"/>): the same event id from the same ISV counts once, forever,
/// enforced by a unique index on <see cref="EventKey"/>, the compact hash of both (not by a read-then-write).
/// </summary>
public sealed class UsageEventRecord
{
    public long Id { get; set; }
    public Guid IsvPartnerId { get; set; }
    public string EventId { get; set; } = string.Empty;
    /// <summary><see cref="UsageEventKey.Of"/>(IsvPartnerId, EventId): 16 bytes, unique.</summary>
    public byte[] EventKey { get; set; } = [];
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    public decimal Quantity { get; set; }
    /// <summary>The quantity after the metric's per-event rounding (what the aggregate counted).</summary>
    public decimal BillableQuantity { get; set; }
    public DateTime TimestampUtc { get; set; }
    /// <summary>The period of <see cref="TimestampUtc"/> in the portal's time zone (stored as yyyymm, 202610: <see cref="PeriodKey"/>).</summary>
    public Period Period { get; set; }
    public string? PropertiesJson { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
}

/// <summary>
/// Where a subscription's raw events of a period lie: the writer stores each group's events ordered by subscription
/// and period, so they occupy one contiguous stretch of <see cref="UsageEventRecord.Id"/>s per subscription × period,
/// and records that stretch here. The events of a subscription are the rows of its runs' ranges that carry its id.
/// <para>
/// DESIGN: this replaces an index on UsageEvents (SubscriptionId, Period). That index was one more B-tree insert per
/// event on the single writer — 20% of its time (benchmark, 60 s: 52,000 → 64,000 events/s without it) — while
/// raw events are read only for traceability and a customer's data export. One run row per subscription × period
/// × group costs nothing measurable.
/// </para>
/// </summary>
public sealed class UsageEventRunRecord
{
    public long Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public Period Period { get; set; }
    public long FirstEventId { get; set; }
    public long LastEventId { get; set; }
}

/// <summary>
/// The running aggregate of one subscription × metric × period, kept up to date in the transaction that stores the
/// events: settlement and the usage API read these and never scan raw events.
/// </summary>
public sealed class UsageAggregateRecord
{
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    public Period Period { get; set; }
    public decimal Sum { get; set; }
    public long Count { get; set; }
    public decimal Max { get; set; }
    /// <summary>Distinct values of the metric's property (for uniqueCount metrics), counted from <see cref="UsageUniqueValue"/>.</summary>
    public long UniqueCount { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>One distinct property value seen for a uniqueCount metric in a period (the primary key makes it distinct).</summary>
public sealed class UsageUniqueValue
{
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    public Period Period { get; set; }
    public string Value { get; set; } = string.Empty;
}

/// <summary>
/// One subscription × metric × local day: what the usage explorer charts. Kept in the same transaction as the
/// period aggregate, so no page ever scans raw events.
/// </summary>
public sealed class UsageDailyRecord
{
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    /// <summary>The day of the events in the portal's time zone, as yyyymmdd (20261001).</summary>
    public int Day { get; set; }
    /// <summary>Sum of the rounded (billable) quantities.</summary>
    public decimal Quantity { get; set; }
    public long Events { get; set; }
}

/// <summary>
/// An event the ingest refused, for the ISV's rejection log. Bounded: at most <c>UsageLimits.LoggedRejectionsPerRequest</c>
/// per request and 30 days (older rows are pruned by the writer).
/// </summary>
public sealed class UsageRejectionRecord
{
    public long Id { get; set; }
    public Guid IsvPartnerId { get; set; }
    public string? EventId { get; set; }
    public int Index { get; set; }
    /// <summary>A stable reason code (<c>unknownSubscription</c>, <c>unknownMetric</c>, …) for grouping.</summary>
    public string Code { get; set; } = string.Empty;
    public string Error { get; set; } = string.Empty;
    public DateTime AtUtc { get; set; }
}

/// <summary>Events per minute by outcome (<c>accepted</c>, <c>duplicate</c>, or a rejection code): the operator's ingest health.</summary>
public sealed class UsageIngestCounter
{
    public DateTime MinuteUtc { get; set; }
    public string Outcome { get; set; } = string.Empty;
    public long Count { get; set; }
}

namespace PartnerPortal.Web.Features.Usage;

/// <summary>
/// One accepted usage event, kept for traceability and the data export. Its business key is
/// (<see cref="IsvPartnerId"/>, <see cref="EventId"/>): the same event id from the same ISV counts once, forever,
/// enforced by a unique index (not by a read-then-write).
/// </summary>
public sealed class UsageEventRecord
{
    public long Id { get; set; }
    public Guid IsvPartnerId { get; set; }
    public string EventId { get; set; } = string.Empty;
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    public decimal Quantity { get; set; }
    /// <summary>The quantity after the metric's per-event rounding (what the aggregate counted).</summary>
    public decimal BillableQuantity { get; set; }
    public DateTime TimestampUtc { get; set; }
    /// <summary>The period of <see cref="TimestampUtc"/> in the portal's time zone, as yyyymm (202610).</summary>
    public int Period { get; set; }
    public string? PropertiesJson { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
}

/// <summary>
/// The running aggregate of one subscription × metric × period, kept up to date in the transaction that stores the
/// events: settlement and the usage API read these and never scan raw events.
/// </summary>
public sealed class UsageAggregateRecord
{
    public Guid SubscriptionId { get; set; }
    public string Metric { get; set; } = string.Empty;
    public int Period { get; set; }
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
    public int Period { get; set; }
    public string Value { get; set; } = string.Empty;
}

namespace PartnerPortal.Domain.Pricing;

/// <summary>How the events of a period are combined into one quantity (DESIGN §4).</summary>
public enum MetricAggregation
{
    /// <summary>Sum of the event quantities: 1.5 + 2 = 3.5.</summary>
    Sum,

    /// <summary>Number of events, whatever their quantity.</summary>
    Count,

    /// <summary>Largest event quantity; 0 without events.</summary>
    Max,

    /// <summary>Number of distinct values of <see cref="UsageMetric.Property"/> among the events.</summary>
    UniqueCount,
}

/// <summary>How a single event's quantity is rounded before aggregation (DESIGN §4).</summary>
public enum MetricRounding
{
    /// <summary>Quantities are used as reported.</summary>
    None,

    /// <summary>
    /// Each event is rounded up to a whole unit: minute-exact billing counts every started minute
    /// (0.2 → 1, 1.0 → 1, 1.01 → 2, 0 → 0).
    /// </summary>
    CeilPerEvent,
}

/// <summary>
/// A usage metric of an app: what the ISV reports and how a period's events become the billable
/// quantity a usage charge is priced from.
/// </summary>
/// <example>
/// <code>
/// // Call minutes, billed per started minute: events 0.2, 1.0 and 1.01 are 1 + 1 + 2 = 4 minutes.
/// new UsageMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent);
/// // Active users: distinct values of the event property "userId".
/// new UsageMetric("active_users", "user", MetricAggregation.UniqueCount, property: "userId");
/// </code>
/// </example>
public sealed record UsageMetric
{
    /// <summary>Creates a metric definition.</summary>
    /// <exception cref="ArgumentException">Empty code, or a <see cref="MetricAggregation.UniqueCount"/> without a property.</exception>
    public UsageMetric(string code, string unit, MetricAggregation aggregation, MetricRounding rounding = MetricRounding.None, string? property = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (!Enum.IsDefined(aggregation))
        {
            throw new ArgumentOutOfRangeException(nameof(aggregation));
        }

        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding));
        }

        if (aggregation == MetricAggregation.UniqueCount && string.IsNullOrWhiteSpace(property))
        {
            throw new ArgumentException("A uniqueCount metric needs the event property whose distinct values it counts.", nameof(property));
        }

        Code = code;
        Unit = unit ?? string.Empty;
        Aggregation = aggregation;
        Rounding = rounding;
        Property = property;
    }

    /// <summary>The code events and charges refer to, e.g. <c>minutes</c>.</summary>
    public string Code { get; }

    /// <summary>The unit shown to people, e.g. <c>min</c> or <c>GB</c>.</summary>
    public string Unit { get; }

    /// <summary>How events are combined.</summary>
    public MetricAggregation Aggregation { get; }

    /// <summary>How each event's quantity is rounded first.</summary>
    public MetricRounding Rounding { get; }

    /// <summary>The event property counted by <see cref="MetricAggregation.UniqueCount"/>.</summary>
    public string? Property { get; }
}

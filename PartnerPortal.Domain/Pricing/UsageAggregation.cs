namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// Turns a period's events into the billable quantity of a <see cref="UsageMetric"/>
/// (DESIGN §4): each event is rounded by the metric's rounding first, then the events are
/// aggregated.
/// </summary>
/// <example>
/// <code>
/// var minutes = new UsageMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent);
/// UsageAggregation.Aggregate(minutes, [new("minutes", 0.2m), new("minutes", 1.0m), new("minutes", 1.01m)]); // 4
/// UsageAggregation.ApplyRounding(minutes, 1.01m); // 2
/// </code>
/// </example>
public static class UsageAggregation
{
    /// <summary>
    /// The billable quantity of <paramref name="metric"/> over <paramref name="events"/>; events of
    /// other metrics are ignored. For <see cref="MetricAggregation.UniqueCount"/>, events without the
    /// metric's property are not counted. With no events the quantity is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An event quantity is negative.</exception>
    public static decimal Aggregate(UsageMetric metric, IEnumerable<UsageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(events);
        var own = events.Where(e => string.Equals(e.Metric, metric.Code, StringComparison.Ordinal)).ToList();

        if (metric.Aggregation == MetricAggregation.UniqueCount)
        {
            return own
                .Select(e => e.Properties is not null && e.Properties.TryGetValue(metric.Property!, out var value) ? value : null)
                .Where(value => value is not null)
                .Distinct(StringComparer.Ordinal)
                .Count();
        }

        var aggregate = UsageAggregate.Empty;
        foreach (var e in own)
        {
            aggregate = aggregate.Add(ApplyRounding(metric, e.Quantity));
        }

        return aggregate.QuantityFor(metric);
    }

    /// <summary>
    /// One event's quantity as it counts for <paramref name="metric"/>: rounded up to a whole unit
    /// for <see cref="MetricRounding.CeilPerEvent"/> (0.2 → 1, 1.0 → 1, 1.01 → 2, 0 → 0), unchanged
    /// otherwise. Use it to maintain a running <see cref="UsageAggregate"/> per accepted event.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is negative.</exception>
    public static decimal ApplyRounding(UsageMetric metric, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        return metric.Rounding == MetricRounding.CeilPerEvent ? Math.Ceiling(quantity) : quantity;
    }
}

/// <summary>
/// A running aggregate of one metric's events in one period — sum, count and maximum of the
/// rounded event quantities — that a database row can hold and update event by event.
/// </summary>
/// <remarks>
/// <see cref="MetricAggregation.UniqueCount"/> cannot be kept this way (distinctness needs the
/// values); count distinct property values in the store and skip this type for such metrics.
/// </remarks>
/// <example>
/// <code>
/// var running = UsageAggregate.Empty
///     .Add(UsageAggregation.ApplyRounding(minutes, 0.2m))   // 1
///     .Add(UsageAggregation.ApplyRounding(minutes, 1.01m)); // 2
/// running.QuantityFor(minutes); // 3 (sum); Count = 2; Max = 2
/// </code>
/// </example>
/// <param name="Sum">Sum of the rounded quantities.</param>
/// <param name="Count">Number of events.</param>
/// <param name="Max">Largest rounded quantity; 0 when there are no events.</param>
public readonly record struct UsageAggregate(decimal Sum, long Count, decimal Max)
{
    /// <summary>No events yet.</summary>
    public static UsageAggregate Empty => default;

    /// <summary>The aggregate after one more event of <paramref name="roundedQuantity"/> (see <see cref="UsageAggregation.ApplyRounding"/>).</summary>
    public UsageAggregate Add(decimal roundedQuantity) =>
        new(Sum + roundedQuantity, Count + 1, Count == 0 ? roundedQuantity : Math.Max(Max, roundedQuantity));

    /// <summary>Two aggregates of disjoint event sets combined, e.g. two batches.</summary>
    public UsageAggregate Combine(UsageAggregate other) =>
        Count == 0 ? other
        : other.Count == 0 ? this
        : new(Sum + other.Sum, Count + other.Count, Math.Max(Max, other.Max));

    /// <summary>
    /// The billable quantity of a metric aggregated by <paramref name="aggregation"/>: the sum, the count or the maximum,
    /// or — for <see cref="MetricAggregation.UniqueCount"/> — <paramref name="uniqueCount"/>, the distinct values a store
    /// counts beside this aggregate.
    /// </summary>
    public decimal QuantityFor(MetricAggregation aggregation, long uniqueCount) => aggregation switch
    {
        MetricAggregation.Count => Count,
        MetricAggregation.Max => Max,
        MetricAggregation.UniqueCount => uniqueCount,
        _ => Sum,
    };

    /// <summary>The billable quantity for <paramref name="metric"/>: the sum, the count or the maximum.</summary>
    /// <exception cref="NotSupportedException">The metric is a <see cref="MetricAggregation.UniqueCount"/>.</exception>
    public decimal QuantityFor(UsageMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.Aggregation switch
        {
            MetricAggregation.Sum => Sum,
            MetricAggregation.Count => Count,
            MetricAggregation.Max => Max,
            _ => throw new NotSupportedException("A uniqueCount quantity cannot be derived from sum, count and max; count distinct property values instead."),
        };
    }
}

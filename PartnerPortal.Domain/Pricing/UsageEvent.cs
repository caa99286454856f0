namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// One usage event as the pricing functions see it: the metric it measures, its quantity and,
/// for <see cref="MetricAggregation.UniqueCount"/> metrics, its properties.
/// Lists of events are in time order.
/// </summary>
/// <example><c>new UsageEvent("minutes", 0.2m)</c> — a call of 12 seconds.</example>
/// <param name="Metric">The metric code.</param>
/// <param name="Quantity">The reported quantity, not negative.</param>
/// <param name="Properties">Event properties, e.g. <c>{ "userId": "u-17" }</c>.</param>
public sealed record UsageEvent(string Metric, decimal Quantity, IReadOnlyDictionary<string, string>? Properties = null);

using PartnerPortal.Domain.Pricing;
using static PartnerPortal.Tests.Domain.Pricing.PricingJson;

namespace PartnerPortal.Tests.Domain.Pricing;

public class UsageAggregationTests
{
    private static readonly UsageMetric MinutesCeil = new("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent);

    [Theory]
    [InlineData("0.2", "1")]
    [InlineData("1.0", "1")]
    [InlineData("1.01", "2")]
    [InlineData("0", "0")]
    [InlineData("0.0000000001", "1")]
    [InlineData("59.9999", "60")]
    [InlineData("1000000000000", "1000000000000")]
    public void ApplyRounding_CountsEveryStartedUnit_WhenRoundingCeil(string quantity, string expected)
    {
        Assert.Equal(D(expected), UsageAggregation.ApplyRounding(MinutesCeil, D(quantity)));
    }

    [Theory]
    [InlineData("0.2")]
    [InlineData("1.01")]
    [InlineData("0")]
    public void ApplyRounding_KeepsTheQuantity_WhenRoundingNone(string quantity)
    {
        var metric = new UsageMetric("gb", "GB", MetricAggregation.Sum);

        Assert.Equal(D(quantity), UsageAggregation.ApplyRounding(metric, D(quantity)));
    }

    [Fact]
    public void ApplyRounding_RejectsNegativeQuantities()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UsageAggregation.ApplyRounding(MinutesCeil, -0.5m));
    }

    [Theory]
    // quantities of "minutes" events; other metrics' events are mixed in and must be ignored
    [InlineData(MetricAggregation.Sum, MetricRounding.CeilPerEvent, new[] { "0.2", "1.0", "1.01", "0" }, "4")]
    [InlineData(MetricAggregation.Sum, MetricRounding.None, new[] { "0.2", "1.0", "1.01", "0" }, "2.21")]
    [InlineData(MetricAggregation.Count, MetricRounding.None, new[] { "0.2", "1.0", "1.01", "0" }, "4")]
    [InlineData(MetricAggregation.Count, MetricRounding.CeilPerEvent, new[] { "0.2", "7" }, "2")]
    [InlineData(MetricAggregation.Max, MetricRounding.None, new[] { "0.2", "1.01", "1.0" }, "1.01")]
    [InlineData(MetricAggregation.Max, MetricRounding.CeilPerEvent, new[] { "0.2", "1.01", "1.0" }, "2")]
    [InlineData(MetricAggregation.Sum, MetricRounding.CeilPerEvent, new string[0], "0")]
    [InlineData(MetricAggregation.Count, MetricRounding.None, new string[0], "0")]
    [InlineData(MetricAggregation.Max, MetricRounding.None, new string[0], "0")]
    public void Aggregate_RoundsEachEventThenAggregates(MetricAggregation aggregation, MetricRounding rounding, string[] quantities, string expected)
    {
        var metric = new UsageMetric("minutes", "min", aggregation, rounding);
        var events = quantities.SelectMany(q => new[] { new UsageEvent("minutes", D(q)), new UsageEvent("sms", 100m) });

        Assert.Equal(D(expected), UsageAggregation.Aggregate(metric, events));
    }

    [Fact]
    public void Aggregate_CountsDistinctPropertyValues_ForUniqueCount()
    {
        // Lago's aggregation example: two events of the same tracked user count once for COUNT UNIQUE.
        // https://getlago.com/docs/guide/billable-metrics/aggregation-types/aggregation-examples
        var metric = new UsageMetric("tracked_pages", "user", MetricAggregation.UniqueCount, property: "tracked_user_id");
        UsageEvent[] events =
        [
            new("tracked_pages", 10m, new Dictionary<string, string> { ["tracked_user_id"] = "1234-5678-9098-7654" }),
            new("tracked_pages", 20m, new Dictionary<string, string> { ["tracked_user_id"] = "1234-5678-9098-7654" }),
        ];

        Assert.Equal(1m, UsageAggregation.Aggregate(metric, events));
        Assert.Equal(30m, UsageAggregation.Aggregate(new UsageMetric("tracked_pages", "page", MetricAggregation.Sum), events));
        Assert.Equal(20m, UsageAggregation.Aggregate(new UsageMetric("tracked_pages", "page", MetricAggregation.Max), events));
        Assert.Equal(2m, UsageAggregation.Aggregate(new UsageMetric("tracked_pages", "page", MetricAggregation.Count), events));
    }

    [Fact]
    public void Aggregate_IgnoresEventsWithoutTheProperty_ForUniqueCount()
    {
        var metric = new UsageMetric("seats", "user", MetricAggregation.UniqueCount, property: "userId");
        UsageEvent[] events =
        [
            new("seats", 1m, new Dictionary<string, string> { ["userId"] = "a" }),
            new("seats", 1m, new Dictionary<string, string> { ["userId"] = "A" }),  // ordinal: a different user
            new("seats", 1m, new Dictionary<string, string> { ["other"] = "b" }),
            new("seats", 1m),
            new("seats", 1m, new Dictionary<string, string> { ["userId"] = "a" }),
        ];

        Assert.Equal(2m, UsageAggregation.Aggregate(metric, events));
    }

    [Fact]
    public void UsageAggregate_MaintainedPerEvent_MatchesAggregate()
    {
        var random = new Random(42);
        var quantities = Enumerable.Range(0, 200).Select(_ => random.Next(0, 100_000) / 1000m).ToList();
        var events = quantities.Select(q => new UsageEvent("minutes", q)).ToList();

        foreach (var aggregation in new[] { MetricAggregation.Sum, MetricAggregation.Count, MetricAggregation.Max })
        {
            foreach (var rounding in new[] { MetricRounding.None, MetricRounding.CeilPerEvent })
            {
                var metric = new UsageMetric("minutes", "min", aggregation, rounding);
                var running = UsageAggregate.Empty;
                foreach (var q in quantities)
                {
                    running = running.Add(UsageAggregation.ApplyRounding(metric, q));
                }

                var firstHalf = quantities.Take(70).Aggregate(UsageAggregate.Empty, (a, q) => a.Add(UsageAggregation.ApplyRounding(metric, q)));
                var secondHalf = quantities.Skip(70).Aggregate(UsageAggregate.Empty, (a, q) => a.Add(UsageAggregation.ApplyRounding(metric, q)));

                Assert.Equal(UsageAggregation.Aggregate(metric, events), running.QuantityFor(metric));
                Assert.Equal(running, firstHalf.Combine(secondHalf));
            }
        }
    }

    [Fact]
    public void UsageAggregate_KeepsSumCountAndMax()
    {
        var aggregate = UsageAggregate.Empty.Add(1m).Add(2m).Add(0m);

        Assert.Equal(new UsageAggregate(3m, 3, 2m), aggregate);
        Assert.Equal(new UsageAggregate(0m, 0, 0m), UsageAggregate.Empty);
        Assert.Equal(aggregate, UsageAggregate.Empty.Combine(aggregate));
        Assert.Equal(aggregate, aggregate.Combine(UsageAggregate.Empty));
    }

    [Fact]
    public void UsageAggregate_RefusesUniqueCount()
    {
        var metric = new UsageMetric("users", "user", MetricAggregation.UniqueCount, property: "userId");

        Assert.Throws<NotSupportedException>(() => UsageAggregate.Empty.Add(1m).QuantityFor(metric));
    }

    [Fact]
    public void UsageMetric_GuardsItsDefinition()
    {
        Assert.Throws<ArgumentException>(() => new UsageMetric(" ", "min", MetricAggregation.Sum));
        Assert.Throws<ArgumentException>(() => new UsageMetric("users", "user", MetricAggregation.UniqueCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageMetric("m", "u", (MetricAggregation)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsageMetric("m", "u", MetricAggregation.Sum, (MetricRounding)42));
    }
}

using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Catalog;
using PartnerPortal.Web.Features.Usage;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// <see cref="UsageReader.EventsInOrderAsync"/>: what settlement prices a percentage charge from. Events go in through
/// the API out of time order; the engine over the reader's events must price exactly what the quote endpoint prices
/// for the same events in time order.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UsageEventsInOrderTests(PortalFactory app)
{
    private static string Id() => Guid.NewGuid().ToString("N");

    /// <summary>1 % + 0.05 per started minute of a call, the first 15 minutes free, at least 0.10 and at most 0.30 per call.</summary>
    private static readonly ChargeSpec Percentage = new()
    {
        Type = "usage", Metric = "minutes", Model = "percentage", Rate = 0.01m, FixedFeePerEvent = 0.05m, FreeAmount = 15m, MinPerEvent = 0.10m, MaxPerEvent = 0.30m,
    };

    [Fact]
    public async Task TheEngineOverTheReadersEvents_PricesAPercentageChargeLikeTheQuoteEndpoint_ToTheCent()
    {
        var w = await WorldAsync(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var plan = Plan.ForApp(w.AppId, "Prozent", "EUR", now);
        var version = plan.AddVersion([Percentage], null, now);
        await using (var db = await app.DbAsync())
        {
            db.Plans.Add(plan);
            db.PlanVersions.Add(version);
            await db.SaveChangesAsync();
        }

        var subscription = await SubscriptionAsync(app, w.IsvId, w.AppId, plan.Id, version.Id, w.CustomerId, new DateOnly(2026, 9, 1));
        var other = await SubscriptionAsync(app, w.IsvId, w.AppId, plan.Id, version.Id, w.CustomerId, new DateOnly(2026, 9, 1));
        using var isv = app.ApiClient(w.IsvKey);
        // In time order the calls last 12.5, 4.2, 30, 0.7 (twice at the same instant: arrival decides) and 8 minutes.
        await PostAsync(isv,
            Event(Id(), subscription, "minutes", 30m, "2026-11-12T08:00:00Z"),
            Event(Id(), subscription, "minutes", 12.5m, "2026-11-03T08:00:00Z"),
            Event(Id(), other, "minutes", 99m, "2026-11-01T08:00:00Z"),
            Event(Id(), subscription, "api_calls", 3, "2026-11-05T08:00:00Z"));
        await PostAsync(isv,
            Event(Id(), subscription, "minutes", 8m, "2026-11-20T08:00:00Z"),
            Event(Id(), subscription, "minutes", 0.7m, "2026-11-15T08:00:00Z"),
            Event(Id(), subscription, "minutes", 4.2m, "2026-11-10T08:00:00.5Z"),
            Event(Id(), subscription, "minutes", 0.3m, "2026-11-15T08:00:00Z"),
            Event(Id(), subscription, "minutes", 50m, "2026-10-20T08:00:00Z"));

        await using var system = await app.DbAsync();
        var events = await UsageReader.EventsInOrderAsync(system, [subscription, other, Guid.NewGuid()], Period.Parse("2026-11"));

        var own = events[subscription];
        Assert.Equal([("minutes", 12.5m), ("api_calls", 3m), ("minutes", 4.2m), ("minutes", 30m), ("minutes", 0.7m), ("minutes", 0.3m), ("minutes", 8m)],
            own.Select(e => (e.Metric, e.Quantity)).ToArray()); // reported quantities, in (timestamp, id) order; October's 50 is not here
        Assert.Equal([99m], events[other].Select(e => e.Quantity).ToArray());
        Assert.Equal(2, events.Count);

        var metrics = new[] { Minutes, Calls }.Select(m => MetricDto.From(m)).ToList();
        var engine = PricingEngine.Quote(new QuoteInput { Charges = [Percentage], Events = own, Metrics = metrics.Select(m => m.ToDomain().ToUsageMetric()).ToList() });

        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/pricing/quote", new
        {
            charges = new[] { Percentage },
            events = new object[]
            {
                new { metric = "minutes", quantity = 12.5m }, new { metric = "api_calls", quantity = 3m }, new { metric = "minutes", quantity = 4.2m },
                new { metric = "minutes", quantity = 30m }, new { metric = "minutes", quantity = 0.7m }, new { metric = "minutes", quantity = 0.3m },
                new { metric = "minutes", quantity = 8m },
            },
            metrics,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quoted = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal();

        // Started minutes 13, 5, 30, 1, 1, 8: 13 free; 5 crosses the 15 free (3 → 0.08 → min 0.10); 30 → 0.35 → max 0.30;
        // 1 → 0.06 → 0.10 twice; 8 → 0.13. Together 0.73 — in arrival order it would be another amount.
        Assert.Equal(0.73m, quoted);
        Assert.Equal(quoted, engine.Total.Amount);
        var arrivalOrder = PricingEngine.Quote(new QuoteInput
        {
            Charges = [Percentage], Metrics = metrics.Select(m => m.ToDomain().ToUsageMetric()).ToList(),
            Events = [new("minutes", 30m), new("minutes", 12.5m), new("minutes", 8m), new("minutes", 0.7m), new("minutes", 4.2m), new("minutes", 0.3m)],
        });
        Assert.NotEqual(quoted, arrivalOrder.Total.Amount);
    }
}

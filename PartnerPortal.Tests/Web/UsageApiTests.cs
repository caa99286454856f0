using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Usage;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Web;

/// <summary><c>POST /api/v1/usage</c> and <c>GET /api/v1/subscriptions/{id}/usage/{period}</c> through the real pipeline on SQLite.</summary>
[Collection(PortalCollection.Name)]
public sealed class UsageApiTests(PortalFactory app)
{
    private static string Id() => Guid.NewGuid().ToString("N");

    private async Task<JsonElement> UsageAsync(HttpClient client, Guid subscriptionId, string period)
    {
        var response = await client.GetAsync($"/api/v1/subscriptions/{subscriptionId}/usage/{period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Metric(JsonElement usage, string code) =>
        usage.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == code);

    [Fact]
    public async Task AMixedBatch_KeepsTheGoodEvents_AndRejectsEachBadOneWithIndexIdAndReason()
    {
        var w = await WorldAsync(app);
        var other = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var json = $$"""
        {"events":[
          {"id":"good-{{Id()}}","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1.5,"timestamp":"2026-11-20T08:00:00Z"},
          {"subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e2","subscriptionId":"{{Guid.NewGuid()}}","metric":"minutes","quantity":1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e3","subscriptionId":"{{other.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e4","subscriptionId":"{{w.SubscriptionId}}","metric":"seconds","quantity":1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e5","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":-1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e6","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":"12","timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e7","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":{"x":1},"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e8","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"20.11.2026 08:00"},
          {"id":"e9","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1},
          {"id":"e10","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"2026-08-31T12:00:00Z"},
          {"id":"e11","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"2026-11-26T10:06:00Z"},
          "not an event",
          {"id":"e13","subscriptionId":"{{w.SubscriptionId}}","metric":"active_users","quantity":1,"timestamp":"2026-11-20T08:00:00Z"},
          {"id":"e14","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":1,"timestamp":"2026-11-20T08:00:00"},
          {"id":"good2-{{Id()}}","subscriptionId":"{{w.SubscriptionId}}","metric":"api_calls","quantity":0,"timestamp":"2026-11-20T08:00:00+01:00"}
        ]}
        """;
        var (status, body) = await PostRawAsync(client, json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("duplicates").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => (Id: r.GetProperty("id").GetString(), Error: r.GetProperty("error").GetString()!, Code: r.GetProperty("code").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], rejected.Keys.Order().ToArray());
        Assert.Null(rejected[1].Id);
        Assert.Equal(UsageReasons.MissingId, rejected[1].Code);
        Assert.Equal(("e2", UsageReasons.UnknownSubscription), (rejected[2].Id, rejected[2].Code));
        Assert.Equal(UsageReasons.UnknownSubscription, rejected[3].Code); // another ISV's subscription looks unknown
        Assert.Equal(UsageReasons.UnknownMetric, rejected[4].Code);
        Assert.Contains("minutes", rejected[4].Error);
        Assert.Equal(UsageReasons.NegativeQuantity, rejected[5].Code);
        Assert.Equal(UsageReasons.InvalidQuantity, rejected[6].Code);
        Assert.Equal(UsageReasons.InvalidQuantity, rejected[7].Code);
        Assert.Equal(UsageReasons.InvalidTimestamp, rejected[8].Code);
        Assert.Equal(UsageReasons.InvalidTimestamp, rejected[9].Code);
        Assert.Equal(UsageReasons.BeforeStart, rejected[10].Code);
        Assert.Equal(UsageReasons.InFuture, rejected[11].Code);
        Assert.Equal(UsageReasons.NotAnObject, rejected[12].Code);
        Assert.Equal(UsageReasons.InvalidProperties, rejected[13].Code);
        Assert.Equal(UsageReasons.InvalidTimestamp, rejected[14].Code); // no offset: not a UTC instant

        var usage = await UsageAsync(client, w.SubscriptionId, "2026-11");
        Assert.Equal(2m, Metric(usage, "minutes").GetProperty("quantity").GetDecimal());
        Assert.Equal(1, Metric(usage, "api_calls").GetProperty("events").GetInt64());

        // The rejection log holds them, with index, id and reason.
        await using var db = await app.DbAsync();
        var log = await db.UsageRejections.Where(r => r.IsvPartnerId == w.IsvId).OrderBy(r => r.Index).ToListAsync();
        Assert.Equal(14, log.Count);
        Assert.Equal(("e2", 2, UsageReasons.UnknownSubscription), (log[1].EventId, log[1].Index, log[1].Code));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"events\":[{\"id\":\"a\"")]
    [InlineData("{\"items\":[]}")]
    [InlineData("[]")]
    public async Task ABodyThatIsNotABatch_IsA400Problem(string json)
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var (status, body) = await PostRawAsync(client, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ABatchOf1001_StoresNothing_And1000IsFine()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var events = Enumerable.Range(0, 1001).Select(i => Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-11-20T08:00:00Z")).ToArray();
        var (status, body) = await PostAsync(client, events);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1000", body.GetProperty("detail").GetString());
        await using (var db = await app.DbAsync())
            Assert.Equal(0, await db.UsageEvents.CountAsync(e => e.SubscriptionId == w.SubscriptionId));

        (status, body) = await PostAsync(client, events[..1000]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1000, Metric(await UsageAsync(client, w.SubscriptionId, "2026-11"), "api_calls").GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task TheSameEventIdTwice_IsCountedOnce_AndReportedAsDuplicate()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var id = Id();
        var inOneBatch = await PostAsync(client, Event(id, w.SubscriptionId, "minutes", 2, "2026-11-20T08:00:00Z"), Event(id, w.SubscriptionId, "minutes", 2, "2026-11-20T08:00:00Z"));
        Assert.Equal((1, 1), (inOneBatch.Body.GetProperty("accepted").GetInt32(), inOneBatch.Body.GetProperty("duplicates").GetInt32()));
        var again = await PostAsync(client, Event(id, w.SubscriptionId, "minutes", 5, "2026-11-21T08:00:00Z"));
        Assert.Equal((0, 1), (again.Body.GetProperty("accepted").GetInt32(), again.Body.GetProperty("duplicates").GetInt32()));

        var minutes = Metric(await UsageAsync(client, w.SubscriptionId, "2026-11"), "minutes");
        Assert.Equal(2m, minutes.GetProperty("quantity").GetDecimal());
        Assert.Equal(1, minutes.GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task AnIdSentForTwoSubscriptionsInOneBatch_CountsForTheFirst()
    {
        // The writer stores a group bucketed by subscription; the first occurrence in the request must still win.
        var w = await WorldAsync(app);
        var other = await SubscriptionAsync(app, w.IsvId, w.AppId, w.PlanId, w.PlanVersionId, await CustomerAsync(app, null), new DateOnly(2026, 9, 1), null);
        using var client = app.ApiClient(w.IsvKey);
        var id = Id();
        // The first subscription's bucket comes first in the group, but the id was first sent for the other one.
        var result = await PostAsync(client, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-20T08:00:00Z"),
            Event(id, other, "minutes", 3, "2026-11-20T08:00:00Z"), Event(id, w.SubscriptionId, "minutes", 4, "2026-11-20T08:00:00Z"));
        Assert.Equal((2, 1), (result.Body.GetProperty("accepted").GetInt32(), result.Body.GetProperty("duplicates").GetInt32()));
        Assert.Equal(3m, Metric(await UsageAsync(client, other, "2026-11"), "minutes").GetProperty("quantity").GetDecimal());
        Assert.Equal(1m, Metric(await UsageAsync(client, w.SubscriptionId, "2026-11"), "minutes").GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task RawEvents_AreFoundThroughTheirRuns_PerSubscriptionAndPeriod_AcrossInterleavedBatches()
    {
        var w = await WorldAsync(app);
        var other = await SubscriptionAsync(app, w.IsvId, w.AppId, w.PlanId, w.PlanVersionId, await CustomerAsync(app, null), new DateOnly(2026, 9, 1), null);
        using var client = app.ApiClient(w.IsvKey);
        var sent = new List<(string Id, Guid Subscription, Period Period)>();
        for (var round = 0; round < 4; round++)
        {
            // Two subscriptions and two periods interleaved in every batch, and two batches racing into one group.
            var batches = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 30).Select(i =>
            {
                var (subscription, october) = (i % 2 == 0 ? w.SubscriptionId : other, i % 3 == 0);
                var id = Id();
                lock (sent) sent.Add((id, subscription, Period.Parse(october ? "2026-10" : "2026-11")));
                return Event(id, subscription, "api_calls", 1, october ? "2026-10-15T08:00:00Z" : "2026-11-15T08:00:00Z");
            }).ToArray()).ToArray();
            var results = await Task.WhenAll(batches.Select(b => PostAsync(client, b)));
            Assert.All(results, r => Assert.Equal(30, r.Body.GetProperty("accepted").GetInt32()));
        }

        await using var db = await app.DbAsync();
        foreach (var subscription in new[] { w.SubscriptionId, other })
            foreach (var period in new[] { Period.Parse("2026-10"), Period.Parse("2026-11") })
            {
                var found = await UsageReader.RawEvents(db, subscription, period).Select(e => e.EventId).ToListAsync();
                var expected = sent.Where(s => s.Subscription == subscription && s.Period == period).Select(s => s.Id).ToList();
                Assert.NotEmpty(expected);
                Assert.Equal(expected.Order(), found.Order());
                Assert.Equal(found.Count, found.Distinct().Count());
            }
    }

    [Fact]
    public async Task TwoRequestsRacingWithTheSameIds_CountEachEventOnce()
    {
        var w = await WorldAsync(app);
        using var first = app.ApiClient(w.IsvKey);
        using var second = app.ApiClient(w.IsvKey);
        const int rounds = 25, perBatch = 40;
        for (var round = 0; round < rounds; round++)
        {
            var events = Enumerable.Range(0, perBatch).Select(_ => Event(Id(), w.SubscriptionId, "minutes", 0.5m, "2026-11-20T08:00:00Z")).ToArray();
            var results = await Task.WhenAll(PostAsync(first, events), PostAsync(second, events.Reverse().ToArray()));
            Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.Equal(perBatch, results.Sum(r => r.Body.GetProperty("accepted").GetInt32()));
            Assert.Equal(perBatch, results.Sum(r => r.Body.GetProperty("duplicates").GetInt32()));
        }

        await using var db = await app.DbAsync();
        Assert.Equal(rounds * perBatch, await db.UsageEvents.CountAsync(e => e.SubscriptionId == w.SubscriptionId));
        var aggregate = await db.UsageAggregates.SingleAsync(a => a.SubscriptionId == w.SubscriptionId && a.Metric == "minutes");
        Assert.Equal(rounds * perBatch, aggregate.Count);
        Assert.Equal(rounds * perBatch * 1m, aggregate.Sum); // 0.5 → 1 per event (ceilPerEvent)
    }

    [Fact]
    public async Task AnEventAt2230UtcOnTheLastOfSeptember_BelongsToOctoberInBerlin()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        await PostAsync(client, Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-09-30T22:30:00Z"), Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-09-30T21:59:59Z"));
        Assert.Equal(1, Metric(await UsageAsync(client, w.SubscriptionId, "2026-10"), "api_calls").GetProperty("events").GetInt64());
        Assert.Equal(1, Metric(await UsageAsync(client, w.SubscriptionId, "2026-09"), "api_calls").GetProperty("events").GetInt64());
        await using var db = await app.DbAsync();
        Assert.Equal(20261001, (await db.UsageDaily.SingleAsync(d => d.SubscriptionId == w.SubscriptionId && d.Day > 20261000)).Day);
    }

    [Fact]
    public async Task EachAggregation_ReachesTheAggregate_AfterPerEventRounding()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var (_, body) = await PostAsync(client,
            Event(Id(), w.SubscriptionId, "minutes", 0.2m, "2026-11-02T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "minutes", 1.0m, "2026-11-02T08:01:00Z"),
            Event(Id(), w.SubscriptionId, "minutes", 1.01m, "2026-11-03T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "storage_gb", 3.5m, "2026-11-02T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "storage_gb", 7.25m, "2026-11-02T09:00:00Z"),
            Event(Id(), w.SubscriptionId, "storage_gb", 2m, "2026-11-02T10:00:00Z"),
            Event(Id(), w.SubscriptionId, "api_calls", 40, "2026-11-02T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "api_calls", 2, "2026-11-02T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "active_users", 1, "2026-11-02T08:00:00Z", new { userId = "anna" }),
            Event(Id(), w.SubscriptionId, "active_users", 1, "2026-11-02T09:00:00Z", new { userId = "ben" }),
            Event(Id(), w.SubscriptionId, "active_users", 1, "2026-11-03T08:00:00Z", new { userId = "anna" }),
            Event(Id(), w.SubscriptionId, "active_users", 1, "2026-11-03T08:00:00Z", new { userId = 42 }));
        Assert.Equal(12, body.GetProperty("accepted").GetInt32());

        // A second batch adds to the same aggregates (sum, count and max across transactions, distinct values across batches).
        await PostAsync(client,
            Event(Id(), w.SubscriptionId, "minutes", 0.01m, "2026-11-04T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "storage_gb", 7.2m, "2026-11-04T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "active_users", 1, "2026-11-04T08:00:00Z", new { userId = "ben" }));

        var usage = await UsageAsync(client, w.SubscriptionId, "2026-11");
        Assert.Equal("2026-11", usage.GetProperty("period").GetString());
        Assert.Equal(w.SubscriptionId, usage.GetProperty("subscriptionId").GetGuid());
        Assert.Equal((5m, 4L), (Metric(usage, "minutes").GetProperty("quantity").GetDecimal(), Metric(usage, "minutes").GetProperty("events").GetInt64()));   // 1 + 1 + 2 + 1
        Assert.Equal((7.25m, 4L), (Metric(usage, "storage_gb").GetProperty("quantity").GetDecimal(), Metric(usage, "storage_gb").GetProperty("events").GetInt64()));
        Assert.Equal((2m, 2L), (Metric(usage, "api_calls").GetProperty("quantity").GetDecimal(), Metric(usage, "api_calls").GetProperty("events").GetInt64()));
        Assert.Equal((3m, 5L), (Metric(usage, "active_users").GetProperty("quantity").GetDecimal(), Metric(usage, "active_users").GetProperty("events").GetInt64())); // anna, ben, 42

        // The raw events keep what was reported and what counted.
        await using var db = await app.DbAsync();
        var first = await db.UsageEvents.Where(e => e.SubscriptionId == w.SubscriptionId && e.Metric == "minutes").OrderBy(e => e.Id).FirstAsync();
        Assert.Equal((0.2m, 1m, Period.Parse("2026-11")), (first.Quantity, first.BillableQuantity, first.Period));
    }

    [Fact]
    public async Task EventsAfterTheSubscriptionsEnd_AreRejected_TheLastLocalMinuteIsNot()
    {
        var w = await WorldAsync(app, start: new DateOnly(2026, 10, 1), end: new DateOnly(2026, 11, 1));
        using var client = app.ApiClient(w.IsvKey);
        var (_, body) = await PostAsync(client,
            Event("in-" + Id(), w.SubscriptionId, "api_calls", 1, "2026-10-31T22:59:59Z"),   // 23:59:59 on 31 October in Berlin
            Event("out-" + Id(), w.SubscriptionId, "api_calls", 1, "2026-10-31T23:00:00Z"),  // 00:00 on 1 November: the end day is not counted
            Event("early-" + Id(), w.SubscriptionId, "api_calls", 1, "2026-09-30T21:59:59Z"),
            Event("first-" + Id(), w.SubscriptionId, "api_calls", 1, "2026-09-30T22:00:00Z"));
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var codes = body.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("code").GetString())).ToList();
        Assert.Equal([(1, UsageReasons.AfterEnd), (2, UsageReasons.BeforeStart)], codes);
    }

    [Fact]
    public async Task UpToFiveMinutesInTheFuture_IsAccepted_MoreIsRejected()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var now = app.Clock.GetUtcNow();
        var (_, body) = await PostAsync(client,
            Event(Id(), w.SubscriptionId, "api_calls", 1, now.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ")),
            Event(Id(), w.SubscriptionId, "api_calls", 1, now.AddMinutes(5).AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ")));
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected")[0].GetProperty("index").GetInt32());
        Assert.Equal(UsageReasons.InFuture, body.GetProperty("rejected")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheUsageOfASubscription_IsReadByItsIsvItsCustomersPartnerAndTheOperator_Only()
    {
        var reseller = await ResellerAsync(app);
        var w = await WorldAsync(app, resellerId: reseller.Id);
        using var isv = app.ApiClient(w.IsvKey);
        await PostAsync(isv, Event(Id(), w.SubscriptionId, "minutes", 3, "2026-11-20T08:00:00Z"));

        foreach (var key in new[] { w.IsvKey, PortalFactory.OperatorKey, reseller.Key })
        {
            using var client = app.ApiClient(key);
            Assert.Equal(3m, Metric(await UsageAsync(client, w.SubscriptionId, "2026-11"), "minutes").GetProperty("quantity").GetDecimal());
        }

        foreach (var foreign in new[] { Demo.ZeitWerk, Demo.Weser, Demo.Distributor, Demo.Pilot })
        {
            using var client = app.ApiClient(await Demo.KeyForAsync(app, foreign));
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/subscriptions/{w.SubscriptionId}/usage/2026-11")).StatusCode);
        }

        foreach (var bad in new[] { "2026-13", "2026-1", "november", "2026-11-01" })
            Assert.Equal(HttpStatusCode.BadRequest, (await isv.GetAsync($"/api/v1/subscriptions/{w.SubscriptionId}/usage/{bad}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await isv.GetAsync($"/api/v1/subscriptions/{Guid.NewGuid()}/usage/2026-11")).StatusCode);
    }

    [Fact]
    public async Task OnlyAnIsvsKey_ReportsUsage()
    {
        var w = await WorldAsync(app);
        foreach (var key in new[] { PortalFactory.OperatorKey, await Demo.KeyForAsync(app, Demo.Weser) })
        {
            using var client = app.ApiClient(key);
            var (status, _) = await PostAsync(client, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-20T08:00:00Z"));
            Assert.Equal(HttpStatusCode.Forbidden, status);
        }

        using var anonymous = app.ApiClient(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-20T08:00:00Z"))).Status);
    }

    [Fact]
    public async Task IngestCounters_CountAcceptedDuplicatesAndRejectionsByReason_PerMinute()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        var minute = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
        await using var before = await app.DbAsync();
        var counts = await before.UsageIngestCounters.Where(c => c.MinuteUtc == minute).ToDictionaryAsync(c => c.Outcome, c => c.Count);
        var id = Id();
        await PostAsync(client, Event(id, w.SubscriptionId, "minutes", 1, "2026-11-20T08:00:00Z"), Event(id, w.SubscriptionId, "minutes", 1, "2026-11-20T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "nope", 1, "2026-11-20T08:00:00Z"));

        await using var after = await app.DbAsync();
        var now = await after.UsageIngestCounters.Where(c => c.MinuteUtc == minute).ToDictionaryAsync(c => c.Outcome, c => c.Count);
        Assert.True(now["accepted"] >= counts.GetValueOrDefault("accepted") + 1);
        Assert.True(now["duplicate"] >= counts.GetValueOrDefault("duplicate") + 1);
        Assert.True(now[UsageReasons.UnknownMetric] >= counts.GetValueOrDefault(UsageReasons.UnknownMetric) + 1);
    }

    [Fact]
    public async Task TheReader_GivesBillableQuantitiesOfManySubscriptions_InOneCall()
    {
        var w = await WorldAsync(app);
        var second = await SubscriptionAsync(app, w.IsvId, w.AppId, w.PlanId, w.PlanVersionId, w.CustomerId, new DateOnly(2026, 11, 1));
        using var client = app.ApiClient(w.IsvKey);
        await PostAsync(client, Event(Id(), w.SubscriptionId, "minutes", 0.5m, "2026-11-20T08:00:00Z"), Event(Id(), second, "active_users", 1, "2026-11-20T08:00:00Z", new { userId = "x" }),
            Event(Id(), second, "active_users", 1, "2026-11-20T08:00:00Z", new { userId = "x" }));

        await using var db = await app.DbAsync();
        var quantities = await UsageReader.GetQuantitiesAsync(db, [w.SubscriptionId, second, Guid.NewGuid()], Period.Parse("2026-11"));
        Assert.Equal(new UsageQuantity(1m, 1), quantities[(w.SubscriptionId, "minutes")]);
        Assert.Equal(new UsageQuantity(1m, 2), quantities[(second, "active_users")]);
        Assert.Equal(2, quantities.Count);
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Usage;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// A cancel and the usage of the same subscription (the clock stands at 2026-11-26, Berlin): a cancel is refused when
/// accepted usage lies on or after its end day, and no event after an end gets in — not through the ingest's cached
/// subscription facts, and not when it was judged before the cancel committed.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UsageCancelTests(PortalFactory app)
{
    private static string Id() => Guid.NewGuid().ToString("N");

    private static async Task<HttpResponseMessage> CancelAsync(HttpClient client, Guid subscriptionId, string endDate) =>
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{subscriptionId}/cancel", new { endDate });

    private static string[] Codes(JsonElement body) => body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task ACancel_RejectsEventsAfterTheEnd_AtOnce_ThoughTheIngestHadTheSubscriptionCached()
    {
        var w = await WorldAsync(app);
        using var isv = app.ApiClient(w.IsvKey);
        using var operatorClient = app.ApiClient();
        // The first batch puts the subscription (no end yet) into the ingest's cache.
        Assert.Equal(1, (await PostAsync(isv, Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-11-18T08:00:00Z"))).Body.GetProperty("accepted").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(operatorClient, w.SubscriptionId, "2026-11-20")).StatusCode);

        var (_, body) = await PostAsync(isv, Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-11-19T22:59:59Z"),  // 23:59:59 on the 19th: the last counted day
            Event("late-" + Id(), w.SubscriptionId, "api_calls", 1, "2026-11-20T08:00:00Z"));
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal([UsageReasons.AfterEnd], Codes(body));
        Assert.Equal(1, body.GetProperty("rejected")[0].GetProperty("index").GetInt32());
        await using var db = await app.DbAsync();
        Assert.Equal(2, (await db.UsageAggregates.SingleAsync(a => a.SubscriptionId == w.SubscriptionId && a.Metric == "api_calls")).Count);
    }

    [Fact]
    public async Task AnEventJudgedWithAStaleEndDate_IsRejectedByTheWriter_AndNotStored()
    {
        // The race: the ingest judged with facts read before the cancel committed. Here the end is moved behind the
        // cache's back (no invalidation), so only the writer's re-check in its own transaction can catch the event.
        var w = await WorldAsync(app);
        using var isv = app.ApiClient(w.IsvKey);
        await PostAsync(isv, Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-11-18T08:00:00Z"));
        await using (var db = await app.DbAsync())
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.Id == w.SubscriptionId);
            subscription.Cancel(new DateOnly(2026, 11, 20));
            await db.SaveChangesAsync();
        }

        var lateId = "late-" + Id();
        var (_, body) = await PostAsync(isv, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-19T08:00:00Z"),
            Event(lateId, w.SubscriptionId, "minutes", 2, "2026-11-21T08:00:00Z"), Event(Id(), w.SubscriptionId, "nope", 1, "2026-11-19T08:00:00Z"));

        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("code").GetString())).ToList();
        Assert.Equal([(1, UsageReasons.AfterEnd), (2, UsageReasons.UnknownMetric)], rejected); // in index order
        Assert.Equal(lateId, body.GetProperty("rejected")[0].GetProperty("id").GetString());
        await using var check = await app.DbAsync();
        Assert.False(await check.UsageEvents.AnyAsync(e => e.EventId == lateId));
        Assert.Equal((1m, 1L), await check.UsageAggregates.Where(a => a.SubscriptionId == w.SubscriptionId && a.Metric == "minutes").Select(a => ValueTuple.Create(a.Sum, a.Count)).SingleAsync());
        Assert.True(await check.UsageRejections.AnyAsync(r => r.IsvPartnerId == w.IsvId && r.EventId == lateId && r.Code == UsageReasons.AfterEnd));
    }

    [Fact]
    public async Task ABackdatedCancel_BeforeAcceptedUsage_IsA409NamingTheLastEventsTime_AndChangesNothing()
    {
        var w = await WorldAsync(app);
        using var isv = app.ApiClient(w.IsvKey);
        using var operatorClient = app.ApiClient();
        var lastId = "last-" + Id();
        Assert.Equal(3, (await PostAsync(isv,
            Event(lastId, w.SubscriptionId, "minutes", 1, "2026-11-24T22:59:59Z"),              // 23:59:59 on the 24th in Berlin, sent first
            Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-10T08:00:00Z"),
            Event(Id(), w.SubscriptionId, "api_calls", 1, "2026-10-20T08:00:00Z"))).Body.GetProperty("accepted").GetInt32());

        foreach (var endDate in new[] { "2026-11-20", "2026-11-24", "2026-10-15" })
        {
            var response = await CancelAsync(operatorClient, w.SubscriptionId, endDate);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("2026-11-24T22:59:59Z", detail);
            Assert.Contains(lastId, detail);
            Assert.Contains(endDate, detail);
            Assert.Contains("2026-11-25", detail); // the earliest end that is possible
            Assert.True(problem.GetProperty("errors").TryGetProperty("endDate", out _));
        }

        var subscription = await (await operatorClient.GetAsync($"/api/v1/subscriptions/{w.SubscriptionId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("endDate").ValueKind);
        await using var db = await app.DbAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "subscription.cancelled" && e.Subject.Contains(w.SubscriptionId.ToString())));
        Assert.Equal(2, (await db.UsageAggregates.SingleAsync(a => a.SubscriptionId == w.SubscriptionId && a.Metric == "minutes" && a.Period == PartnerPortal.Domain.Periods.Period.Parse("2026-11"))).Count);
    }

    [Fact]
    public async Task ACancelOnTheDayAfterTheLastEvent_IsAccepted()
    {
        var w = await WorldAsync(app);
        using var isv = app.ApiClient(w.IsvKey);
        using var operatorClient = app.ApiClient();
        await PostAsync(isv, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-24T22:59:59Z"));

        var response = await CancelAsync(operatorClient, w.SubscriptionId, "2026-11-25");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-11-25", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endDate").GetString());
        Assert.Equal([UsageReasons.AfterEnd], Codes((await PostAsync(isv, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-24T23:00:00Z"))).Body));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The monthly settlement through the real pipeline on a portal of its own, with amounts computed by hand.
/// October 2026 has 31 days; the clock stands at 2026-11-26, so October has ended and November has not.
/// </summary>
public sealed class SettlementApiTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:DemoData"] = "false" });

    /// <summary>
    /// The hand-computed world: reseller R (under distributor D) brought customers A and B to an ISV's app
    /// (flat 100.00 + 10.00 per seat + 0.05 per started minute; platform fee 20 %; category Communication).
    /// A: from 2026-10-11 (21 of 31 days), 3 seats, calls of 2.2 and 0.5 minutes →
    ///    flat 100 × 21/31 = 67.741… → 67.74; seats 10 × 3 × 21/31 = 20.322… → 20.32; minutes 3 + 1 = 4 × 0.05 = 0.20;
    ///    revenue 88.26, used → platform fee 17.652 → 17.65, ISV payout 70.61; commission 15 % = 13.239 → 13.24;
    ///    override 2 % = 1.7652 → 1.77.
    /// B: the whole month, 1 seat, no usage → revenue 110.00, unused → no platform fee, ISV payout 110.00;
    ///    commission 16.50; override 2.20.
    /// </summary>
    private async Task<(SettlementWorld W, Guid Isv, Guid Distributor, Guid Reseller, Guid SubA, Guid SubB)> HandWorldAsync(decimal minimumPayout = 0m)
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var distributor = await w.PartnerAsync("Distributor", "Nord Distribution");
        var reseller = await w.PartnerAsync("Reseller", "Systemhaus R", distributor);
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m,
        [
            new { type = "flat", amount = 100m },
            new { type = "perSeat", unitPrice = 10m },
            new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.05m },
        ]);
        var customerA = await w.CustomerAsync(reseller, "2026-09-01");
        var customerB = await w.CustomerAsync(reseller, "2026-09-01");
        var subA = await w.SubscribeAsync(customerA, version, "2026-10-11", seats: 3);
        var subB = await w.SubscribeAsync(customerB, version, "2026-09-15");
        var isvKey = await w.KeyAsync(isv);
        await w.UsageAsync(isvKey,
            new { id = "a-1", subscriptionId = subA, metric = "minutes", quantity = 2.2m, timestamp = "2026-10-12T09:00:00Z" },
            new { id = "a-2", subscriptionId = subA, metric = "minutes", quantity = 0.5m, timestamp = "2026-10-31T22:59:59Z" }, // 23:59:59 in Berlin: October
            new { id = "a-3", subscriptionId = subA, metric = "minutes", quantity = 7m, timestamp = "2026-10-31T23:00:00Z" }); // November in Berlin
        var resellerPlan = await w.CommissionPlanAsync(new
        {
            name = "Reseller Standard", baseRate = 0.10m, categoryRates = new Dictionary<string, decimal> { ["communication"] = 0.15m }, status = "Published",
            minimumPayout,
        });
        var distributorPlan = await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" });
        await w.AssignAsync(reseller, resellerPlan, "2026-01-01");
        await w.AssignAsync(distributor, distributorPlan, "2026-01-01");
        IsvKey = isvKey;
        return (w, isv, distributor, reseller, subA, subB);
    }

    private string IsvKey { get; set; } = "";

    [Fact]
    public async Task Settle_HandComputedWorld_EveryLineAndTotalToTheCent()
    {
        var (w, isv, distributor, reseller, subA, subB) = await HandWorldAsync();

        var started = await w.PostAsync("/api/v1/settlements", new { period = "2026-10" }, HttpStatusCode.Accepted);
        Assert.Equal("2026-10", started.GetProperty("period").GetString());
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));

        var run = await w.GetAsync("/api/v1/settlements/2026-10");
        Assert.Equal("Draft", run.GetProperty("status").GetString());
        var totals = run.GetProperty("totals");
        Assert.Equal(198.26m, totals.GetProperty("revenue").GetDecimal());
        Assert.Equal(17.65m, totals.GetProperty("platformFees").GetDecimal());
        Assert.Equal(29.74m, totals.GetProperty("commissions").GetDecimal());
        Assert.Equal(3.97m, totals.GetProperty("overrides").GetDecimal());
        Assert.Equal(180.61m, totals.GetProperty("isvPayouts").GetDecimal());
        Assert.Equal(-16.06m, totals.GetProperty("platformNet").GetDecimal());

        var r = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10");
        Assert.Equal("Draft", r.GetProperty("status").GetString());
        Assert.Equal(13.24m, SettlementWorld.Line(r, "commission", subA));
        Assert.Equal(16.50m, SettlementWorld.Line(r, "commission", subB));
        Assert.Equal(29.74m, r.GetProperty("total").GetDecimal());
        var lineA = r.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("subscriptionId").GetGuid() == subA);
        Assert.Equal(88.26m, lineA.GetProperty("revenue").GetDecimal());
        Assert.Equal(0.15m, lineA.GetProperty("rate").GetDecimal());

        var d = await w.GetAsync($"/api/v1/partners/{distributor}/statements/2026-10");
        Assert.Equal(1.77m, SettlementWorld.Line(d, "override", subA));
        Assert.Equal(2.20m, SettlementWorld.Line(d, "override", subB));
        Assert.Equal(3.97m, d.GetProperty("total").GetDecimal());

        var i = await w.GetAsync($"/api/v1/partners/{isv}/statements/2026-10");
        Assert.Equal(70.61m, SettlementWorld.Line(i, "isvPayout", subA));
        Assert.Equal(110.00m, SettlementWorld.Line(i, "isvPayout", subB));
        Assert.Equal(180.61m, i.GetProperty("total").GetDecimal());

        var list = await w.GetAsync($"/api/v1/partners/{reseller}/statements");
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("2026-10", only.GetProperty("period").GetString());
        Assert.StartsWith("PP-202610-", only.GetProperty("number").GetString());
    }

    [Fact]
    public async Task SettleAgain_ReplacesDrafts_WithTheSameResult_ThenApprovePay_AndApprovedNeverChanges()
    {
        var (w, _, _, reseller, _, _) = await HandWorldAsync();
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        var first = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        var second = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10");
        Assert.Equal(first.GetProperty("lines").ToString(), second.GetProperty("lines").ToString());
        Assert.Equal(first.GetProperty("number").GetString(), second.GetProperty("number").GetString());
        Assert.Equal(2, (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("attempt").GetInt32());

        // Paying a draft is refused and changes nothing.
        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "SEPA-1" }, HttpStatusCode.Conflict);

        var approved = await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.Equal("Approved", (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).GetProperty("status").GetString());

        // Approved periods never change: settling or approving again is refused.
        await w.PostAsync("/api/v1/settlements", new { period = "2026-10" }, HttpStatusCode.Conflict);
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.Conflict);

        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "" }, HttpStatusCode.BadRequest);
        var paid = await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "SEPA-2026-11-0001" }, HttpStatusCode.OK);
        Assert.Equal("Paid", paid.GetProperty("status").GetString());
        Assert.Equal("SEPA-2026-11-0001", paid.GetProperty("paymentReference").GetString());
        // A retry with the same reference is harmless; another reference is a conflict.
        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "SEPA-2026-11-0001" }, HttpStatusCode.OK);
        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "OTHER" }, HttpStatusCode.Conflict);

        // October is approved: nothing may be dated into it any more.
        var customer = await w.PostAsync("/api/v1/customers", new { name = "Late GmbH", country = "DE", partnerId = reseller, attributedFrom = "2026-10-15" },
            HttpStatusCode.BadRequest);
        Assert.Contains("attributedFrom", customer.GetProperty("errors").ToString());
    }

    [Theory]
    [InlineData("""{"period":"2026-11"}""", 400)]   // not ended
    [InlineData("""{"period":"2027-01"}""", 400)]   // future
    [InlineData("""{"period":"2026-13"}""", 400)]
    [InlineData("""{"period":"10/2026"}""", 400)]
    [InlineData("""{}""", 400)]
    public async Task Settle_BadPeriod_IsAProblemNamingPeriod_AndWritesNothing(string body, int status)
    {
        using var client = _app.ApiClient();
        var response = await client.PostAsync("/api/v1/settlements", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("period", await response.Content.ReadAsStringAsync());
        var list = await new SettlementWorld(_app).GetAsync("/api/v1/settlements");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Approve_UnsettledPeriod_IsRefused()
    {
        var w = new SettlementWorld(_app);
        await w.PostAsync("/api/v1/settlements/2026-09/approve", new { }, HttpStatusCode.BadRequest);
        await w.PostAsync("/api/v1/settlements/2026-9/approve", new { }, HttpStatusCode.BadRequest);

        // A run still in progress cannot be approved.
        using var scope = _app.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementRunner>();
        await runner.BeginAsync(PartnerPortal.Domain.Periods.Period.Parse("2026-10"), "test", restart: false);
        var refused = await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("period", refused.GetProperty("errors").ToString());
        Assert.Equal("Running", (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("status").GetString());
    }

    /// <summary>
    /// Credits granted at the same time never take back more than the revenue: A's October revenue is 88.26, so of five
    /// simultaneous credits of 30.00 at most two fit; the others are refused naming the amount (they used to be checked
    /// against the credits saved before them, so all five could pass).
    /// </summary>
    [Fact]
    public async Task SimultaneousCredits_NeverTakeBackMoreThanTheRevenue()
    {
        var (w, _, _, _, subA, _) = await HandWorldAsync();
        await w.SettleNowAsync("2026-10");
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            using var client = _app.ApiClient();
            var response = await client.PostAsJsonAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 30m, reason = $"Ausfall {i}" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)a.StatusCode} {a.Body}"));
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.BadRequest), a => Assert.Contains("\"amount\"", a.Body));
        var credits = await w.GetAsync("/api/v1/credits");
        Assert.Equal(2, credits.GetProperty("total").GetInt32());
        Assert.Equal(60m, credits.GetProperty("items").EnumerateArray().Sum(c => c.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task CreditAndLateUsage_OnAnApprovedPeriod_AreSettledAsAdjustments_InTheNextOpenPeriod_AtTheOriginalRates()
    {
        var (w, isv, distributor, reseller, subA, subB) = await HandWorldAsync();
        await w.SettleNowAsync("2026-10");
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);
        var octoberBefore = (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).ToString();

        // Bad credits change nothing.
        await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-09", amount = 1m, reason = "x" }, HttpStatusCode.BadRequest);
        await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 88.27m, reason = "too much" }, HttpStatusCode.BadRequest);
        await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 0m, reason = "zero" }, HttpStatusCode.BadRequest);
        await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 5m, reason = "" }, HttpStatusCode.BadRequest);
        using (var resellerClient = _app.ApiClient(await w.KeyAsync(reseller)))
            await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 5m, reason = "mine" }, HttpStatusCode.Forbidden, resellerClient);
        Assert.Equal(0, (await w.GetAsync("/api/v1/credits")).GetProperty("total").GetInt32());

        // A credit of 10.00 on A's October: revenue 88.26 → 78.26. At October's rates: fee 20 % = 15.652 → 15.65 (−2.00),
        // ISV payout 62.61 (−8.00), commission 15 % = 11.739 → 11.74 (−1.50), override 2 % = 1.5652 → 1.57 (−0.20).
        var credit = await w.PostAsync("/api/v1/credits", new { subscriptionId = subA, period = "2026-10", amount = 10m, reason = "Ausfall am 20.10." });
        Assert.Equal(10m, (await w.GetAsync($"/api/v1/credits/{credit.GetProperty("id").GetGuid()}")).GetProperty("amount").GetDecimal());

        // A late event for B's October (one started minute, 0.05): B becomes used. Revenue 110.05, fee 22.01 (was none),
        // ISV payout 88.04 (−21.96), commission 16.5075 → 16.51 (+0.01), override 2.201 → 2.20 (no change, no line).
        await w.UsageAsync(IsvKey, new { id = "b-late", subscriptionId = subB, metric = "minutes", quantity = 0.3m, timestamp = "2026-10-20T08:00:00Z" });

        // Approved October never changes.
        Assert.Equal(octoberBefore, (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).ToString());

        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        var r = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11");
        var adjustments = r.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "adjustment").ToList();
        Assert.Equal(2, adjustments.Count);
        Assert.All(adjustments, a => Assert.Equal("2026-10", a.GetProperty("refersToPeriod").GetString()));
        Assert.Equal(-1.50m, SettlementWorld.Line(r, "adjustment", subA));
        Assert.Equal(0.01m, SettlementWorld.Line(r, "adjustment", subB));
        Assert.Equal(0.15m, adjustments.First(a => a.GetProperty("subscriptionId").GetGuid() == subA).GetProperty("rate").GetDecimal());
        Assert.Equal(-10.00m, adjustments.First(a => a.GetProperty("subscriptionId").GetGuid() == subA).GetProperty("revenue").GetDecimal());

        var i = await w.GetAsync($"/api/v1/partners/{isv}/statements/2026-11");
        Assert.Equal(-8.00m, SettlementWorld.Line(i, "adjustment", subA));
        Assert.Equal(-21.96m, SettlementWorld.Line(i, "adjustment", subB));
        var d = await w.GetAsync($"/api/v1/partners/{distributor}/statements/2026-11");
        Assert.Equal(-0.20m, SettlementWorld.Line(d, "adjustment", subA));
        Assert.DoesNotContain(d.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "adjustment" && l.GetProperty("subscriptionId").GetGuid() == subB);
        foreach (var statement in new[] { r, i, d })
            Assert.Equal(statement.GetProperty("total").GetDecimal(), statement.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amount").GetDecimal()));

        // Settling November again gives the same adjustments; approving it settles the credit, and a third run of a later
        // period adjusts nothing twice.
        await w.SettleNowAsync("2026-11");
        Assert.Equal(r.GetProperty("lines").ToString(), (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11")).GetProperty("lines").ToString());
        await w.PostAsync("/api/v1/settlements/2026-11/approve", new { }, HttpStatusCode.OK);
        Assert.Equal("2026-11", (await w.GetAsync($"/api/v1/credits/{credit.GetProperty("id").GetGuid()}")).GetProperty("settledInPeriod").GetString());
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));
        await w.SettleNowAsync("2026-12");
        var december = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-12");
        Assert.DoesNotContain(december.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "adjustment");
    }

    [Fact]
    public async Task BelowMinimumPayout_IsCarriedForward_AndPaidOnceInTheNextPeriod()
    {
        // October: the reseller earns 29.74 < 50.00 → carried forward, not payable. November: 29.74 opens the statement;
        // A full month (flat 100 + 3 seats × 10 + 7 minutes × 0.05 = 130.35 → 19.5525 → 19.55) and B (16.50):
        // 29.74 + 19.55 + 16.50 = 65.79 ≥ 50 → approved and payable.
        var (w, _, _, reseller, _, _) = await HandWorldAsync(minimumPayout: 50m);
        await w.SettleNowAsync("2026-10");
        Assert.True((await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).GetProperty("carriesForward").GetBoolean());
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);
        var october = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10");
        Assert.Equal("CarriedForward", october.GetProperty("status").GetString());
        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "X" }, HttpStatusCode.Conflict);

        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        await w.SettleNowAsync("2026-11");
        var november = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11");
        var carry = Assert.Single(november.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "carryForward");
        Assert.Equal(29.74m, carry.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-10", carry.GetProperty("refersToPeriod").GetString());
        Assert.Equal(65.79m, november.GetProperty("total").GetDecimal());
        await w.PostAsync("/api/v1/settlements/2026-11/approve", new { }, HttpStatusCode.OK);
        Assert.Equal("Approved", (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11")).GetProperty("status").GetString());

        // December carries nothing again: October's statement was taken over by November.
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));
        await w.SettleNowAsync("2026-12");
        var december = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-12");
        Assert.DoesNotContain(december.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "carryForward");
    }

    [Fact]
    public async Task TwoServersSettlingAtOnce_ProduceOneResult_AndAKilledRunResumesToTheSameResult()
    {
        var (w, _, _, reseller, _, _) = await HandWorldAsync();
        var period = PartnerPortal.Domain.Periods.Period.Parse("2026-10");

        // Two servers (two scopes, two runners) settle the same period at the same time.
        using var s1 = _app.Services.CreateScope();
        using var s2 = _app.Services.CreateScope();
        var r1 = s1.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementRunner>();
        var r2 = s2.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementRunner>();
        await Task.WhenAll(r1.SettleNowAsync(period, "node 1", restart: false), r2.SettleNowAsync(period, "node 2", restart: false));
        var run = await w.GetAsync("/api/v1/settlements/2026-10");
        Assert.Equal("Draft", run.GetProperty("status").GetString());
        Assert.Equal(1, run.GetProperty("attempt").GetInt32());
        Assert.Equal(198.26m, run.GetProperty("totals").GetProperty("revenue").GetDecimal());
        Assert.Equal(29.74m, run.GetProperty("totals").GetProperty("commissions").GetDecimal());
        var expected = (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).GetProperty("lines").ToString();
        await using (var db = await _app.DbAsync())
        {
            Assert.Equal(2, await db.RevenueLines.CountAsync());
            Assert.Equal(3, await db.Statements.CountAsync());
        }

        // A re-run killed after its first batch: starting the period again resumes it and finishes with the same result.
        var begun = await r1.BeginAsync(period, "node 1", restart: true);
        Assert.Equal(2, begun.PendingBatches.Count); // the reseller's batch and the unattributed one
        Assert.False(await r1.RunBatchAsync(period, begun.Attempt, begun.PendingBatches[0]));
        Assert.Equal("Running", (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("status").GetString());
        var resumed = await r2.BeginAsync(period, "node 2", restart: false);
        Assert.Equal(begun.Attempt, resumed.Attempt);
        Assert.Equal([begun.PendingBatches[1]], resumed.PendingBatches);
        // A duplicate delivery of the finished batch writes nothing.
        Assert.False(await r2.RunBatchAsync(period, begun.Attempt, begun.PendingBatches[0]));
        Assert.True(await r2.RunBatchAsync(period, resumed.Attempt, resumed.PendingBatches[0]));
        await r2.CloseAsync(period, resumed.Attempt);
        await r1.CloseAsync(period, resumed.Attempt); // a second close changes nothing
        Assert.Equal("Draft", (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("status").GetString());
        Assert.Equal(expected, (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-10")).GetProperty("lines").ToString());
        await using (var db = await _app.DbAsync())
        {
            Assert.Equal(2, await db.RevenueLines.CountAsync());
            Assert.Equal(3, await db.Statements.CountAsync());
        }
    }

    [Fact]
    public async Task PartnerWithoutCommissionPlan_EarnsNothing_AndTheRunReportSaysSo()
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Solo ISV");
        var reseller = await w.PartnerAsync("Reseller", "Planlos GmbH");
        var (_, version) = await w.AppAsync(isv, "Finance", 0.1m, [new { type = "flat", amount = 50m }]);
        var customer = await w.CustomerAsync(reseller, "2026-10-01");
        await w.SubscribeAsync(customer, version, "2026-10-01");
        await w.SettleNowAsync("2026-10");
        var run = await w.GetAsync("/api/v1/settlements/2026-10");
        Assert.Equal(0m, run.GetProperty("totals").GetProperty("commissions").GetDecimal());
        Assert.Contains(run.GetProperty("report").EnumerateArray(), r => r.GetString()!.Contains(reseller.ToString()) && r.GetString()!.Contains("no commission plan"));
        Assert.Equal(50m, (await w.GetAsync($"/api/v1/partners/{isv}/statements/2026-10")).GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task MonthlyJob_SettlesEveryEndedPeriodWithoutARun_AndResumesOnlyWhatIsLeft()
    {
        var (w, _, _, reseller, _, _) = await HandWorldAsync(); // the first subscription starts 2026-09-15
        using var scope = _app.Services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementJobs>();
        Assert.Equal(["2026-09", "2026-10"], await jobs.MonthlyAsync(CancellationToken.None));
        // The batches were handed to Hangfire (no server runs here): the runs wait, and this process finishes them.
        Assert.Equal("Running", (await w.GetAsync("/api/v1/settlements/2026-09")).GetProperty("status").GetString());
        var runner = scope.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementRunner>();
        foreach (var p in new[] { "2026-09", "2026-10" })
            Assert.Equal(PartnerPortal.Domain.Settlement.SettlementStatus.Draft, await runner.SettleNowAsync(PartnerPortal.Domain.Periods.Period.Parse(p), "test", restart: false));
        // September: B from the 15th, 16 of 30 days: flat 100 × 16/30 = 53.333… → 53.33, seat 10 × 16/30 = 5.333… → 5.33;
        // revenue 58.66, commission 15 % = 8.799 → 8.80.
        Assert.Equal(8.80m, (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-09")).GetProperty("total").GetDecimal());

        // Nothing is left: a second monthly run starts nothing.
        Assert.Empty(await jobs.MonthlyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task BrokenInvariant_FailsTheRunLoudly_AndStoresNoStatement()
    {
        var (w, _, _, _, subA, _) = await HandWorldAsync();
        using var scope = _app.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<PartnerPortal.Web.Features.Settlement.SettlementRunner>();
        var period = PartnerPortal.Domain.Periods.Period.Parse("2026-10");
        var begun = await runner.BeginAsync(period, "test", restart: false);
        foreach (var index in begun.PendingBatches) await runner.RunBatchAsync(period, begun.Attempt, index);
        await using (var db = await _app.DbAsync())
        {
            // A revenue line that no longer splits into payout and fees (as a bug or a hand edit would leave it).
            var line = await db.RevenueLines.SingleAsync(l => l.SubscriptionId == subA);
            line.PayoutCents += 1;
            await db.SaveChangesAsync();
        }

        await runner.CloseAsync(period, begun.Attempt);
        var run = await w.GetAsync("/api/v1/settlements/2026-10");
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("split", run.GetProperty("error").GetString());
        await using (var db = await _app.DbAsync())
            Assert.Equal(0, await db.Statements.CountAsync());
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.Conflict);

        // Settled again, the run is whole.
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
    }

    public void Dispose() => _app.Dispose();
}

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
    private async Task<(SettlementWorld W, Guid Isv, Guid Distributor, Guid Reseller, Guid SubA, Guid SubB)> HandWorldAsync()
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
        });
        var distributorPlan = await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" });
        await w.AssignAsync(reseller, resellerPlan, "2026-01-01");
        await w.AssignAsync(distributor, distributorPlan, "2026-01-01");
        return (w, isv, distributor, reseller, subA, subB);
    }

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
    }

    public void Dispose() => _app.Dispose();
}

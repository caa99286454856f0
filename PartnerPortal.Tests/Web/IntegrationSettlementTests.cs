using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// An integration closed as Done with a charge is billed once to the customer as the operator's revenue, in the first
/// period settled after it was closed; no commission, no override, no statement line. On a portal of its own (settlement
/// is global over a period); the clock stands at 2026-11-26, so the requests are closed in November 2026.
/// </summary>
public sealed class IntegrationSettlementTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:DemoData"] = "false" });

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// Reseller R (under distributor D, 10 % commission, 2 % override) with customer C on an app at a flat 100.00 a month;
    /// R asks for an integration at C, the operator closes it as Done with <paramref name="charge"/>.
    /// </summary>
    private async Task<(SettlementWorld W, Guid Reseller, Guid Distributor, Guid Customer, Guid Request)> WorldAsync(decimal charge)
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var distributor = await w.PartnerAsync("Distributor", "Nord Distribution");
        var reseller = await w.PartnerAsync("Reseller", "Systemhaus R", distributor);
        var (app, version) = await w.AppAsync(isv, "Communication", 0.2m, [new { type = "flat", amount = 100m }]);
        var customer = await w.CustomerAsync(reseller, "2026-09-01");
        await w.SubscribeAsync(customer, version, "2026-09-01");
        await w.AssignAsync(reseller, await w.CommissionPlanAsync(new { name = "R", baseRate = 0.10m, status = "Published" }), "2026-01-01");
        await w.AssignAsync(distributor, await w.CommissionPlanAsync(new { name = "D", baseRate = 0m, overrideRate = 0.02m, status = "Published" }), "2026-01-01");

        using var r = _app.ApiClient(await w.KeyAsync(reseller));
        var request = (await w.PostAsync("/api/v1/integration-requests", new { customerId = customer, appId = app, description = "VPN + SSO", contact = "IT-Leitung" },
            client: r)).GetProperty("id").GetGuid();
        await w.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "Scheduled", scheduledFor = "2026-11-27" }, HttpStatusCode.OK);
        await w.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "InProgress" }, HttpStatusCode.OK);
        await w.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "Done", charge }, HttpStatusCode.OK);
        return (w, reseller, distributor, customer, request);
    }

    private async Task<List<(string Period, Guid Customer, Guid Request, long Cents, string Description)>> ChargesAsync()
    {
        await using var db = await _app.DbAsync();
        return (await db.CustomerCharges.AsNoTracking().OrderBy(c => c.Id).ToListAsync())
            .Select(c => (c.Period.ToString(), c.CustomerId, c.IntegrationRequestId, c.AmountCents, c.Description)).ToList();
    }

    [Fact]
    public async Task ADoneCharge_IsBilledOnceToTheCustomer_InThePeriodOfItsDoneDate_AcrossReRuns_AndNotAgainInTheNextPeriod()
    {
        var (w, reseller, distributor, customer, request) = await WorldAsync(450.00m);

        // October ended before the request was closed: nothing of it there.
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        Assert.Empty(await ChargesAsync());
        Assert.Equal(0m, (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("totals").GetProperty("operatorCharges").GetDecimal());

        // November holds the Done date: billed there, once, however often November is settled again.
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        var first = await w.GetAsync("/api/v1/settlements/2026-11");
        var statementR = await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        var charges = await ChargesAsync();
        var number = "IR-" + request.ToString("N")[..8].ToUpperInvariant();
        Assert.Equal([("2026-11", customer, request, 45_000L, $"Integration service {number} (done 2026-11-26)")], charges);
        var again = await w.GetAsync("/api/v1/settlements/2026-11");
        Assert.Equal(first.GetProperty("totals").ToString(), again.GetProperty("totals").ToString());
        Assert.Equal(statementR.GetProperty("lines").ToString(), (await w.GetAsync($"/api/v1/partners/{reseller}/statements/2026-11")).GetProperty("lines").ToString());

        // Operator revenue of its own: the subscription's 100.00 stays the revenue, commission 10.00 and override 2.00 are
        // on it alone, no line of any statement is the charge, and platform net is DESIGN §5's formula over the split.
        var totals = again.GetProperty("totals");
        Assert.Equal(450.00m, totals.GetProperty("operatorCharges").GetDecimal());
        Assert.Equal(100.00m, totals.GetProperty("revenue").GetDecimal());
        Assert.Equal(10.00m, totals.GetProperty("commissions").GetDecimal());
        Assert.Equal(2.00m, totals.GetProperty("overrides").GetDecimal());
        Assert.Equal(0m - 10.00m - 2.00m, totals.GetProperty("platformNet").GetDecimal()); // unused: no platform fee
        Assert.Equal(["commission"], statementR.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(10.00m, statementR.GetProperty("total").GetDecimal());
        Assert.Equal(2.00m, (await w.GetAsync($"/api/v1/partners/{distributor}/statements/2026-11")).GetProperty("total").GetDecimal());

        // The request says where it was billed; the customer's settled amounts hold it next to its subscription's revenue.
        Assert.Equal("2026-11", (await w.GetAsync($"/api/v1/integration-requests/{request}")).GetProperty("billedInPeriod").GetString());
        await using (var db = await _app.DbAsync(PartnerPortal.Web.Tenancy.Tenant.ForCustomer(customer)))
        {
            var revenue = await db.RevenueLines.Where(l => l.Period == PartnerPortal.Domain.Periods.Period.Parse("2026-11")).SumAsync(l => l.RevenueCents);
            var billed = await db.CustomerCharges.Where(c => c.Period == PartnerPortal.Domain.Periods.Period.Parse("2026-11")).SumAsync(c => c.AmountCents);
            Assert.Equal((10_000L, 45_000L), (revenue, billed));
        }

        // Approved, and December settled: the charge is not billed again.
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);
        await w.PostAsync("/api/v1/settlements/2026-11/approve", new { }, HttpStatusCode.OK);
        Assert.Equal("Draft", await w.SettleNowAsync("2026-12"));
        Assert.Single(await ChargesAsync());
        Assert.Equal(0m, (await w.GetAsync("/api/v1/settlements/2026-12")).GetProperty("totals").GetProperty("operatorCharges").GetDecimal());
    }

    [Fact]
    public async Task AChargeClosedInAnAlreadyApprovedPeriod_IsBilledInTheNextPeriodSettled_AndADoneWithoutChargeBillsNothing()
    {
        var (w, _, _, customer, request) = await WorldAsync(99.99m);
        var (_, _, _, _, free) = await WorldAsync(0m);
        // October is settled and approved first; then the request turns out to have been closed in October (as if the
        // operator had closed it before the run): October never changes, November bills it.
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);
        await using (var db = await _app.DbAsync())
            await db.IntegrationRequests.Where(r => r.Id == request)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClosedAtUtc, new DateTime(2026, 10, 20, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        var charges = await ChargesAsync();
        Assert.Equal(("2026-11", customer, 9_999L), (charges.Single().Period, charges.Single().Customer, charges.Single().Cents));
        Assert.DoesNotContain(charges, c => c.Request == free);
        Assert.Equal(0m, (await w.GetAsync("/api/v1/settlements/2026-10")).GetProperty("totals").GetProperty("operatorCharges").GetDecimal());
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Cockpit;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The month-to-date estimate: the job class called through DI on a portal of its own (no demo data), with amounts
/// computed by hand and compared with what settling the period then gives. November 2026 has 30 days; the clock
/// stands at 2026-11-26, so November is the open period.
/// </summary>
public sealed class EstimateJobTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:DemoData"] = "false" });
    private static readonly Period November = new(2026, 11);

    /// <summary>
    /// Reseller R (under distributor D) brought customers A and B to an ISV's app (flat 100.00 + 10.00 per seat + 0.05 per
    /// started minute; platform fee 20 %; category Communication at 15 %, override 2 %).
    /// A: from 2026-11-11 (20 of 30 days), 3 seats, calls of 2.2 and 0.5 minutes → flat 100 × 20/30 = 66.666… → 66.67;
    ///    seats 10 × 3 × 20/30 = 20.00; minutes 3 + 1 = 4 × 0.05 = 0.20 → revenue 86.87; used → fee 17.374 → 17.37, ISV
    ///    payout 69.50; commission 13.0305 → 13.03; override 1.7374 → 1.74.
    /// B: since 2026-09-15, 1 seat, no usage → revenue 110.00, no fee, payout 110.00; commission 16.50; override 2.20.
    /// </summary>
    private async Task<(SettlementWorld W, Guid Isv, Guid Distributor, Guid Reseller, Guid CustomerA, Guid SubA, Guid SubB)> HandWorldAsync()
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
        var subA = await w.SubscribeAsync(customerA, version, "2026-11-11", seats: 3);
        var subB = await w.SubscribeAsync(customerB, version, "2026-09-15");
        await w.UsageAsync(await w.KeyAsync(isv),
            new { id = "a-1", subscriptionId = subA, metric = "minutes", quantity = 2.2m, timestamp = "2026-11-12T09:00:00Z" },
            new { id = "a-2", subscriptionId = subA, metric = "minutes", quantity = 0.5m, timestamp = "2026-11-20T10:00:00Z" });
        var resellerPlan = await w.CommissionPlanAsync(new
        {
            name = "Reseller Standard", baseRate = 0.10m, categoryRates = new Dictionary<string, decimal> { ["communication"] = 0.15m }, status = "Published",
        });
        var distributorPlan = await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" });
        await w.AssignAsync(reseller, resellerPlan, "2026-01-01");
        await w.AssignAsync(distributor, distributorPlan, "2026-01-01");
        return (w, isv, distributor, reseller, customerA, subA, subB);
    }

    private async Task<int> RunJobAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EstimateJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Estimate_HandComputedWorld_PerPartnerAndSubscription_EqualsWhatSettlingGives()
    {
        var (w, isv, distributor, reseller, _, subA, subB) = await HandWorldAsync();

        Assert.Equal(2, await RunJobAsync());

        await using (var db = await _app.DbAsync())
        {
            var run = await db.EstimateRuns.SingleAsync();
            Assert.Equal(November, run.Period);
            Assert.Equal(PortalFactory.Now.UtcDateTime, run.ComputedAtUtc);
            var partners = await db.PartnerEstimates.ToDictionaryAsync(e => e.PartnerId);
            // (revenue, commission, override, payout) in cents, by hand (see HandWorldAsync).
            Assert.Equal((19687L, 2953L, 0L, 0L), Cents(partners[reseller]));
            Assert.Equal((19687L, 0L, 394L, 0L), Cents(partners[distributor]));
            Assert.Equal((19687L, 0L, 0L, 17950L), Cents(partners[isv]));
            var subscriptions = await db.SubscriptionEstimates.ToDictionaryAsync(e => e.SubscriptionId, e => e.RevenueCents);
            Assert.Equal(8687L, subscriptions[subA]);
            Assert.Equal(11000L, subscriptions[subB]);
            Assert.All(partners.Values, p => Assert.Equal(PortalFactory.Now.UtcDateTime, p.ComputedAtUtc));
        }

        // Settling November once it has ended gives the same amounts: one rule, one implementation.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-11"));
        await using (var db = await _app.DbAsync())
        {
            var estimates = await db.PartnerEstimates.Where(e => e.Period == November).ToListAsync();
            var lines = await db.StatementLines.Where(l => l.Period == November).ToListAsync();
            foreach (var e in estimates)
            {
                var own = lines.Where(l => l.PartnerId == e.PartnerId).ToList();
                Assert.Equal(e.CommissionCents, own.Where(l => l.Kind == StatementLineKind.Commission).Sum(l => l.AmountCents));
                Assert.Equal(e.OverrideCents, own.Where(l => l.Kind == StatementLineKind.Override).Sum(l => l.AmountCents));
                Assert.Equal(e.PayoutCents, own.Where(l => l.Kind == StatementLineKind.IsvPayout).Sum(l => l.AmountCents));
            }
            var revenue = await db.RevenueLines.Where(l => l.Period == November).ToDictionaryAsync(l => l.SubscriptionId, l => l.RevenueCents);
            var subscriptions = await db.SubscriptionEstimates.Where(e => e.Period == November).ToDictionaryAsync(e => e.SubscriptionId, e => e.RevenueCents);
            Assert.Equal(revenue, subscriptions);
        }
    }

    [Fact]
    public async Task Estimate_RunTwiceOrAtOnce_ReplacesThePeriodsRows()
    {
        var (_, _, _, reseller, _, subA, _) = await HandWorldAsync();
        await RunJobAsync();
        _app.Clock.Advance(TimeSpan.FromHours(20)); // the next day's run
        await Task.WhenAll(RunJobAsync(), RunJobAsync());

        await using var db = await _app.DbAsync();
        Assert.Single(await db.EstimateRuns.ToListAsync());
        Assert.Equal(3, await db.PartnerEstimates.CountAsync());
        Assert.Equal(2, await db.SubscriptionEstimates.CountAsync());
        var row = await db.PartnerEstimates.SingleAsync(e => e.PartnerId == reseller);
        Assert.Equal(2953L, row.CommissionCents);
        Assert.Equal(PortalFactory.Now.UtcDateTime.AddHours(20), row.ComputedAtUtc);
        Assert.Equal(8687L, (await db.SubscriptionEstimates.SingleAsync(e => e.SubscriptionId == subA)).RevenueCents);

        using var scope = _app.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<EstimateJob>().IsFreshAsync());
    }

    [Fact]
    public async Task Estimate_TenancyFilters_EachSeesItsOwn()
    {
        var (w, isv, distributor, reseller, customerA, subA, _) = await HandWorldAsync();
        var other = await w.PartnerAsync("Reseller", "Systemhaus Anders");
        await RunJobAsync();

        await using (var db = await _app.DbAsync(Tenant.ForPartner(reseller, PartnerKind.Reseller)))
        {
            Assert.Equal([reseller], await db.PartnerEstimates.Select(e => e.PartnerId).ToListAsync());
            Assert.Equal(2, await db.SubscriptionEstimates.CountAsync());
        }
        await using (var db = await _app.DbAsync(Tenant.ForPartner(distributor, PartnerKind.Distributor)))
            Assert.Equal(new[] { distributor, reseller }.Order(), (await db.PartnerEstimates.Select(e => e.PartnerId).ToListAsync()).Order());
        await using (var db = await _app.DbAsync(Tenant.ForPartner(other, PartnerKind.Reseller)))
        {
            Assert.Empty(await db.PartnerEstimates.ToListAsync());
            Assert.Empty(await db.SubscriptionEstimates.ToListAsync());
            Assert.Single(await db.EstimateRuns.ToListAsync()); // when it was computed is nobody's secret
        }
        await using (var db = await _app.DbAsync(Tenant.ForCustomer(customerA)))
        {
            Assert.Empty(await db.PartnerEstimates.ToListAsync());
            Assert.Equal([subA], await db.SubscriptionEstimates.Select(e => e.SubscriptionId).ToListAsync());
        }
        await using (var db = await _app.DbAsync(Tenant.Nobody))
            Assert.Empty(await db.EstimateRuns.ToListAsync());
        _ = isv;
    }

    private static (long, long, long, long) Cents(PartnerEstimateRecord e) => (e.RevenueCents, e.CommissionCents, e.OverrideCents, e.PayoutCents);

    public void Dispose() => _app.Dispose();
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Usage;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The writer's merge of a group into the stored aggregates is the database form of the domain's
/// <see cref="UsageAggregate.Combine"/>: for the same events, over several transactions, the stored rows equal the
/// domain's aggregate and the billable quantity equals <see cref="UsageAggregation.Aggregate"/>.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UsageAggregateMergeTests(PortalFactory app)
{
    private static string Id() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TheStoredAggregates_EqualTheDomainsAggregation_OfTheSameEvents_AcrossTransactions()
    {
        var w = await WorldAsync(app);
        using var isv = app.ApiClient(w.IsvKey);
        var batches = new (string Metric, decimal Quantity, string At)[][]
        {
            [("minutes", 0.2m, "2026-11-02T08:00:00Z"), ("storage_gb", 3.5m, "2026-11-02T08:00:00Z"), ("api_calls", 40m, "2026-11-02T08:00:00Z")],
            [("minutes", 1.01m, "2026-11-03T08:00:00Z"), ("minutes", 0m, "2026-11-03T09:00:00Z"), ("storage_gb", 7.25m, "2026-11-02T09:00:00Z")],
            [("minutes", 2.5m, "2026-11-02T10:00:00Z"), ("storage_gb", 7.2m, "2026-11-04T08:00:00Z"), ("api_calls", 0m, "2026-11-04T08:00:00Z")],
        };
        foreach (var batch in batches) // one request each: three transactions, each merged into what the last one stored
            Assert.Equal(batch.Length, (await PostAsync(isv, batch.Select(e => Event(Id(), w.SubscriptionId, e.Metric, e.Quantity, e.At)).ToArray())).Body.GetProperty("accepted").GetInt32());

        await using var db = await app.DbAsync();
        var rows = await db.UsageAggregates.Where(a => a.SubscriptionId == w.SubscriptionId && a.Period == Period.Parse("2026-11")).ToDictionaryAsync(a => a.Metric);
        var daily = await db.UsageDaily.Where(d => d.SubscriptionId == w.SubscriptionId).ToListAsync();
        var quantities = await UsageReader.GetQuantitiesAsync(db, [w.SubscriptionId], Period.Parse("2026-11"));
        foreach (var metric in new[] { Minutes, Gigabytes, Calls }.Select(m => m.ToUsageMetric()))
        {
            var events = batches.SelectMany(b => b).Where(e => e.Metric == metric.Code).Select(e => new UsageEvent(e.Metric, e.Quantity)).ToList();
            var domain = events.Aggregate(UsageAggregate.Empty, (a, e) => a.Add(UsageAggregation.ApplyRounding(metric, e.Quantity)));
            var row = rows[metric.Code];
            Assert.Equal(domain, new UsageAggregate(row.Sum, row.Count, row.Max));
            Assert.Equal(UsageAggregation.Aggregate(metric, events), quantities[(w.SubscriptionId, metric.Code)].Quantity);
            var days = daily.Where(d => d.Metric == metric.Code).ToList();
            Assert.Equal((domain.Sum, domain.Count), (days.Sum(d => d.Quantity), days.Sum(d => d.Events)));
        }

        Assert.Equal(6m, rows["minutes"].Sum);   // 1 + 2 + 0 + 3 started minutes, worked out by hand
        Assert.Equal(7.25m, rows["storage_gb"].Max);
    }

    [Fact]
    public void TheSqlServerMerge_IsCombineInSql()
    {
        // SQL Server cannot run here: the statement must say what Combine says — sums add, counts add, the larger max wins.
        var merge = UsageSql.SqlServer.WriteAggregate;
        Assert.Contains("[Sum] = [Sum] + @sum", merge);
        Assert.Contains("[Count] = [Count] + @count", merge);
        Assert.Contains("[Max] = CASE WHEN [Max] > @max THEN [Max] ELSE @max END", merge);
        Assert.Contains("[UniqueCount] = [UniqueCount] + @unique", merge);
        Assert.Equal(new UsageAggregate(5m, 3, 4m), new UsageAggregate(2m, 1, 4m).Combine(new UsageAggregate(3m, 2, 2m)));
    }
}

using Bunit;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Features.Statements;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Localization;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// The drill-down behind a statement line on the demo world (October 2026 is drafted at first start): the line, the
/// revenue line it came from, the usage aggregates (as the usage API answers them) and the raw events, paged.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RevenueChainTests(PortalFactory app) : ComponentTestContext(app)
{
    private static readonly Period October = Period.Parse("2026-10");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }
        base.Dispose(disposing);
    }

    /// <summary>Weser's commission line whose revenue line counted the most events (more than a page of them).</summary>
    private async Task<(Guid Partner, StatementLineRecord Line, RevenueLineRecord Revenue, int Events)> BusiestLineAsync()
    {
        await using var db = await App.DbAsync();
        var weser = (await Demo.PartnerAsync(App, Demo.Weser)).Id;
        var pair = await (from l in db.StatementLines
                          where l.PartnerId == weser && l.Period == October && l.Kind == StatementLineKind.Commission
                          join r in db.RevenueLines on l.RevenueLineId equals r.Id
                          orderby r.Events descending
                          select new { Line = l, Revenue = r }).FirstAsync();
        var events = await UsageReader.RawEvents(db, pair.Line.SubscriptionId!.Value, October).CountAsync();
        return (weser, pair.Line, pair.Revenue, events);
    }

    [Fact]
    public async Task TheChain_ShowsLineRevenueAggregatesAndPagedEvents_OfTheSubscription()
    {
        var (weser, line, revenue, events) = await BusiestLineAsync();
        Assert.True(events > RevenueChain.EventsPageSize, $"the demo's busiest subscription has {events} events");
        using var client = App.ApiClient();
        var usage = await (await client.GetAsync($"/api/v1/subscriptions/{line.SubscriptionId}/usage/2026-10")).Content.ReadFromJsonAsync<JsonElement>();

        await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        var cut = Render<RevenueChain>(p => p.Add(x => x.PartnerId, weser).Add(x => x.Period, "2026-10").Add(x => x.LineId, line.Id));
        cut.WaitForAssertion(() => Assert.Equal(RevenueChain.EventsPageSize, cut.FindAll("[data-testid=chain-event]").Count), TimeSpan.FromSeconds(10));

        Assert.Equal("commission", cut.Find("[data-testid=chain-line-kind]").GetAttribute("data-kind"));
        Assert.Equal(Format.Money(line.AmountCents), cut.Find("[data-testid=chain-line-amount]").TextContent.Trim());
        Assert.Equal(Format.Money(revenue.RevenueCents), cut.Find("[data-testid=chain-revenue-total]").TextContent.Trim());
        Assert.Contains(Format.Money(revenue.CommissionCents), cut.Find("[data-testid=chain-fact-commission]").TextContent);
        Assert.Equal($"/customers/{line.CustomerId}", cut.Find("[data-testid=chain-customer]").GetAttribute("href"));

        // The aggregates are the usage API's answer for this subscription and month.
        var metrics = cut.FindAll("[data-testid=chain-metric]");
        var expected = usage.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(expected.Count, metrics.Count);
        foreach (var m in expected)
        {
            var row = metrics.Single(r => r.GetAttribute("data-metric") == m.GetProperty("metric").GetString());
            Assert.Equal(m.GetProperty("events").GetInt64().ToString("N0"), row.QuerySelector("[data-testid=chain-metric-events]")!.TextContent.Trim());
            Assert.Equal(m.GetProperty("quantity").GetDecimal().ToString("#,0.##########"), row.QuerySelector("[data-testid=chain-metric-quantity]")!.TextContent.Trim());
        }

        // The raw events, a page at a time: the last page holds the rest.
        Assert.Equal(events.ToString("N0"), cut.Find("[data-testid=chain-events-total]").TextContent.Trim());
        var pages = (events + RevenueChain.EventsPageSize - 1) / RevenueChain.EventsPageSize;
        cut.FindAll("[data-testid=chain-events-pages] button").Last(b => b.TextContent.Trim() == pages.ToString()).Click();
        var rest = events - (pages - 1) * RevenueChain.EventsPageSize;
        cut.WaitForAssertion(() => Assert.Equal(rest, cut.FindAll("[data-testid=chain-event]").Count), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnotherPartner_SeesNothingOfTheLine()
    {
        var (weser, line, _, _) = await BusiestLineAsync();
        await SignInAsPartnerAsync(Demo.Rheinland, PortalRoles.Reseller);
        var cut = Render<RevenueChain>(p => p.Add(x => x.PartnerId, weser).Add(x => x.Period, "2026-10").Add(x => x.LineId, line.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=chain-not-found]")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=chain-event]"));
    }

    [Fact]
    public async Task ALineOfAnotherStatement_IsNotFound_ThroughTheOwnPartnersPath()
    {
        var (_, line, _, _) = await BusiestLineAsync();
        var rheinland = await Demo.PartnerAsync(App, Demo.Rheinland);
        await SignInAsPartnerAsync(Demo.Rheinland, PortalRoles.Reseller);
        // Rheinland's own partner id with Weser's line id: the line must belong to the statement in the path.
        var cut = Render<RevenueChain>(p => p.Add(x => x.PartnerId, rheinland.Id).Add(x => x.Period, "2026-10").Add(x => x.LineId, line.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=chain-not-found]")), TimeSpan.FromSeconds(10));
    }

    /// <summary>The settlement stores the engine's English label of the minimum commitment top-up; the page names it in German.</summary>
    [Fact]
    public async Task TheMinimumCommitmentTopUp_IsNamedInThePagesLanguage()
    {
        Guid weser;
        StatementLineRecord line;
        await using (var db = await App.DbAsync())
        {
            weser = (await Demo.PartnerAsync(App, Demo.Weser)).Id;
            var partner = weser;
            line = await (from l in db.StatementLines
                          where l.PartnerId == partner && l.Period == October && l.Kind == StatementLineKind.Commission
                          join r in db.RevenueLines on l.RevenueLineId equals r.Id
                          where r.DetailJson.Contains("MinimumCommitment")
                          select l).FirstAsync();
        }

        UseCulture("de-DE");
        await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        var cut = Render<RevenueChain>(p => p.Add(x => x.PartnerId, weser).Add(x => x.Period, "2026-10").Add(x => x.LineId, line.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=chain-charge-label]")), TimeSpan.FromSeconds(10));
        var labels = cut.FindAll("[data-testid=chain-charge-label]").Select(l => l.TextContent.Trim()).ToList();
        Assert.Contains("Aufstockung auf den Mindestumsatz", labels);
        Assert.DoesNotContain(PartnerPortal.Domain.Pricing.PricingEngine.MinimumCommitmentLabel, labels);
    }
}

using System.Security.Claims;
using Bunit;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Tenancy;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Components;

[Collection(PortalCollection.Name)]
public sealed class UsagePagesTests(PortalFactory app) : ComponentTestContext(app)
{
    private static string Id() => Guid.NewGuid().ToString("N");

    // MudSelect's services are only IAsyncDisposable: dispose the bUnit context asynchronously.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        base.Dispose(disposing);
    }

    [Fact]
    public async Task TheExplorer_ChartsTheIsvsUsageOfTheMonth_PerDay()
    {
        var w = await WorldAsync(App);
        var (appId, subscription) = (w.AppId, w.SubscriptionId);
        using var client = App.ApiClient(w.IsvKey);
        var (_, body) = await PostAsync(client, Event(Id(), subscription, "api_calls", 1, "2026-11-02T08:00:00Z"), Event(Id(), subscription, "api_calls", 1, "2026-11-03T08:00:00Z"),
            Event(Id(), subscription, "api_calls", 1, "2026-11-03T09:00:00Z"), Event(Id(), subscription, "api_calls", 1, "2026-10-03T09:00:00Z"));
        Assert.Equal(4, body.GetProperty("accepted").GetInt32());

        await using (var db = await App.DbAsync()) await SignInAsPartnerAsync(db.Partners.Single(p => p.Id == w.IsvId).Name, PortalRoles.Isv);
        var cut = Render<UsageExplorer>();
        // The first metric in code order is active_users, without usage: the page says so.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=usage-empty]")), TimeSpan.FromSeconds(10));
        await PostAsync(client, Event(Id(), subscription, "active_users", 1, "2026-11-05T08:00:00Z", new { userId = "u1" }));
        var again = Render<UsageExplorer>();
        again.WaitForAssertion(() =>
        {
            Assert.Equal("1", again.Find("[data-testid=usage-total-events]").TextContent.Trim());
            Assert.Contains("Endkunde ", again.Find("[data-testid=usage-subscriptions] tbody").TextContent);
        }, TimeSpan.FromSeconds(10));
        var pages = Services.GetService(typeof(UsagePages)) as UsagePages;
        Assert.NotNull(pages);
        var days = await pages!.DailyAsync(appId, "api_calls", PartnerPortal.Domain.Periods.Period.Parse("2026-11"));
        Assert.Equal(30, days.Count);
        Assert.Equal([0L, 1L, 2L], days.Take(3).Select(d => d.Events).ToArray());
        var rows = await pages.SubscriptionsAsync(appId, Calls.ToUsageMetric(), PartnerPortal.Domain.Periods.Period.Parse("2026-11"), 0, 10);
        Assert.Equal((1, 3m, 3L), (rows.Total, rows.Items[0].Quantity, rows.Items[0].Events));
        Assert.Equal(3m, await pages.PeriodQuantityAsync(appId, Calls.ToUsageMetric(), PartnerPortal.Domain.Periods.Period.Parse("2026-11")));
    }

    [Fact]
    public async Task TheRejectionLog_ShowsTheIsvsOwnRejections_NotAnothers()
    {
        var w = await WorldAsync(App, isvName: Demo.Belegfix + " probe " + Id()[..4]);
        using var client = App.ApiClient(w.IsvKey);
        var mine = "mine-" + Id();
        await PostAsync(client, Event(mine, w.SubscriptionId, "no_such_metric", 1, "2026-11-20T08:00:00Z"));
        using var belegfix = App.ApiClient(await Demo.KeyForAsync(App, Demo.Belegfix));
        var theirs = "belegfix-" + Id();
        await PostAsync(belegfix, Event(theirs, Guid.NewGuid(), "minutes", 1, "2026-11-20T08:00:00Z"));

        await SignInAsPartnerAsync(Demo.Belegfix, PortalRoles.Isv);
        var cut = Render<UsageRejections>();
        cut.WaitForAssertion(() => Assert.Contains(theirs, cut.Find("[data-testid=usage-rejections]").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(mine, cut.Markup);
        Assert.Contains("Unbekanntes Abonnement", cut.Markup.Replace("Unknown subscription", "Unbekanntes Abonnement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResellerSeesMonthToDateUsage_OfItsCustomersSubscriptions()
    {
        var reseller = await ResellerAsync(App);
        var w = await WorldAsync(App, resellerId: reseller.Id);
        using var client = App.ApiClient(w.IsvKey);
        await PostAsync(client, Event(Id(), w.SubscriptionId, "minutes", 0.2m, "2026-11-20T08:00:00Z"), Event(Id(), w.SubscriptionId, "minutes", 2.5m, "2026-11-21T08:00:00Z"));
        await using var db = await App.DbAsync();
        var customer = db.Customers.Single(c => c.Id == w.CustomerId).Name;

        await SignInAsPartnerAsync(reseller.Name, PortalRoles.Reseller);
        var cut = Render<CustomerUsage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=customer-usage]")));
        cut.Find("[data-testid=customer-usage] input").Input(customer);
        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("[data-testid=customer-usage] tbody tr"), r => r.TextContent.Contains(customer, StringComparison.Ordinal));
            var chip = Assert.Single(row.QuerySelectorAll("[data-testid=customer-usage-metric]")).TextContent;
            Assert.Contains("minutes", chip);
            Assert.Matches("4[.,]00", chip); // 1 + 3 started minutes
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheOperator_SeesIngestCountsByReason()
    {
        var w = await WorldAsync(App);
        using var client = App.ApiClient(w.IsvKey);
        await PostAsync(client, Event(Id(), w.SubscriptionId, "minutes", 1, "2026-11-26T09:58:00Z"), Event(Id(), w.SubscriptionId, "minutes", 1, "2027-01-01T00:00:00Z"));

        var auth = AddAuthorization();
        auth.SetAuthorized("operator");
        auth.SetRoles(PortalRoles.Operator);
        auth.SetClaims(new Claim(PortalClaims.OrganisationKind, nameof(OrganisationKind.Operator)));
        var cut = Render<IngestHealth>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=ingest-reasons]")), TimeSpan.FromSeconds(10));
        Assert.NotEqual("0", cut.Find("[data-testid=ingest-accepted]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=ingest-chart] svg"));
    }
}

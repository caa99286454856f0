using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Home;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The home tiles' numbers against the same data counted another way: loaded as the tenant, filtered in memory.</summary>
[Collection(PortalCollection.Name)]
public sealed class HomeServiceTests(PortalFactory app) : ComponentTestContext(app)
{
    private static int Tile(HomeSummary home, string key) => home.Tiles.Single(t => t.LabelKey == key).Value;

    [Fact]
    public async Task AReseller_CountsItsCustomersAndTheirSubscriptionsThatHaveNotEnded()
    {
        var partner = await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        var home = await Services.GetRequiredService<HomeService>().GetAsync();

        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        await using var db = await App.DbAsync(Tenant.ForPartner(partner.Id, PartnerKind.Reseller));
        var subscriptions = await db.Subscriptions.AsNoTracking().ToListAsync();
        Assert.Contains(subscriptions, s => s.EndDate is not null && s.EndDate <= today); // the demo has ended ones to leave out
        Assert.Equal(subscriptions.Count(s => s.EndDate is null || s.EndDate > today), Tile(home, "Home.ActiveSubscriptions"));
        Assert.Equal(await db.Customers.CountAsync(), Tile(home, "Home.MyCustomers"));
    }

    [Fact]
    public async Task AnIsv_CountsItsLiveAppsAndRunningContracts()
    {
        var partner = await SignInAsPartnerAsync(Demo.ZeitWerk, PortalRoles.Isv);
        var home = await Services.GetRequiredService<HomeService>().GetAsync();

        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        await using var db = await App.DbAsync(Tenant.ForPartner(partner.Id, PartnerKind.Isv));
        var contracts = (await db.Subscriptions.AsNoTracking().ToListAsync()).Where(s => s.ContractPartnerId == partner.Id).ToList();
        Assert.NotEmpty(contracts);
        Assert.Equal(contracts.Count(s => s.EndDate is null || s.EndDate > today), Tile(home, "Home.Contracts"));
        Assert.Equal((await db.Apps.AsNoTracking().ToListAsync()).Count(a => a.IsvPartnerId == partner.Id && a.Status == AppStatus.Live), Tile(home, "Home.MyLiveApps"));
    }
}

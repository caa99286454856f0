using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Statements;
using PartnerPortal.Web.Localization;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// A statement with more lines than a page holds (a reseller with 5,000 customers has 5,000 lines a month; all of them
/// made an 8.7 MB page): the page shows 50 lines at a time, says which, keeps the statement's total, and the page is in
/// the address. A world of its own: a reseller with 52 customers settled for October 2026.
/// </summary>
public sealed class StatementDetailPagingTests() : ComponentTestContext(new CustomPortalFactory(new() { ["Portal:DemoData"] = "false" })), IAsyncLifetime
{
    private const int Customers = 52;
    private Guid _reseller;

    public Task InitializeAsync()
    {
        // Here and not in the async part: a culture set inside an async method is gone when it returns to xunit.
        UseCulture("en-US");
        return ArrangeAsync();
    }

    private async Task ArrangeAsync()
    {
        var w = new SettlementWorld(App);
        var isv = await w.PartnerAsync("Isv", "Paging ISV GmbH");
        _reseller = await w.PartnerAsync("Reseller", "Paging Systemhaus GmbH");
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m, [new { type = "flat", amount = 10m }]);
        for (var i = 0; i < Customers; i++)
            await w.SubscribeAsync(await w.CustomerAsync(_reseller, "2026-09-01"), version, "2026-10-01");
        await w.AssignAsync(_reseller, await w.CommissionPlanAsync(new { name = "Standard", baseRate = 0.1m, status = "Published" }), "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await App.DisposeAsync();
    }

    [Fact]
    public async Task ALongStatement_ShowsFiftyLinesAPage_TheRangeAndTheWholeTotal()
    {
        await SignInAsPartnerAsync("Paging Systemhaus GmbH", PortalRoles.Reseller);
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<StatementDetail>(p => p.Add(x => x.PartnerId, _reseller).Add(x => x.Period, "2026-10"));
        cut.WaitForElement("[data-testid=lines-range]");

        Assert.Equal(50, cut.FindAll("[data-testid=line-amount]").Count);
        Assert.Equal($"Lines 1–50 of {Customers}", cut.Find("[data-testid=lines-range]").TextContent.Trim());
        // Each line: 10 % of €10.00; the footer is the statement's total over every page, not the page's.
        Assert.All(cut.FindAll("[data-testid=line-amount]"), a => Assert.Equal("€1.00", a.TextContent.Trim()));
        Assert.Equal("€52.00", cut.Find("[data-testid=lines-total]").TextContent.Trim());
        Assert.Equal("€52.00", cut.Find("[data-testid=statement-total]").TextContent.Trim());
    }

    [Fact]
    public async Task TheSecondPage_IsInTheAddress_AndHoldsTheRest()
    {
        await SignInAsPartnerAsync("Paging Systemhaus GmbH", PortalRoles.Reseller);
        Render<MudBlazor.MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/statements/{_reseller}/2026-10?page=2");
        var cut = Render<StatementDetail>(p => p.Add(x => x.PartnerId, _reseller).Add(x => x.Period, "2026-10"));
        cut.WaitForElement("[data-testid=lines-range]");

        Assert.Equal(Customers - 50, cut.FindAll("[data-testid=line-amount]").Count);
        Assert.Equal($"Lines 51–{Customers} of {Customers}", cut.Find("[data-testid=lines-range]").TextContent.Trim());
    }

    [Fact]
    public async Task ChoosingAPage_PutsItInTheAddress()
    {
        await SignInAsPartnerAsync("Paging Systemhaus GmbH", PortalRoles.Reseller);
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<StatementDetail>(p => p.Add(x => x.PartnerId, _reseller).Add(x => x.Period, "2026-10"));
        cut.WaitForElement("[data-testid=lines-pages]");
        cut.Find("[data-testid=lines-pages] button[aria-label='Next page']").Click();
        Assert.EndsWith("?page=2", Services.GetRequiredService<NavigationManager>().Uri);
    }
}

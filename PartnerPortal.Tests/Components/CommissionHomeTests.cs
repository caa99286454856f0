using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Cockpit;
using PartnerPortal.Web.Localization;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// The commission home on a demo portal: the seeder drafted 2026-10 and computed November's estimate (clock 2026-11-26).
/// The chart's data is the logic worth testing: twelve periods in order, zero where there was no statement.
/// </summary>
public sealed class CommissionHomeTests() : ComponentTestContext(new PortalFactory()), IAsyncLifetime
{
    public Task InitializeAsync()
    {
        UseCulture("en-US");
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await App.DisposeAsync();
    }

    [Fact]
    public void Chart_OneBarPerPeriod_InOrder_TotalsInEuros()
    {
        var history = new List<PeriodTotal>
        {
            new(new Period(2025, 12), 0, null),
            new(new Period(2026, 1), 1, "Paid"),
            new(new Period(2026, 2), 123_45, "Approved"),
            new(new Period(2026, 3), -5_00, "CarriedForward"),
        };
        var cut = Render<CommissionChart>(p => p.Add(c => c.History, history));

        Assert.Equal(["Dec 25", "Jan 26", "Feb 26", "Mar 26"], cut.Instance.Data.Labels);
        Assert.Equal([0d, 0.01d, 123.45d, -5d], cut.Instance.Data.Values);
    }

    [Fact]
    public async Task Home_DemoReseller_ShowsEstimateWithItsTime_AndTheLastTwelveStatements()
    {
        var weser = await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        Render<MudBlazor.MudPopoverProvider>();
        long october, estimate;
        await using (var db = await App.DbAsync())
        {
            october = await db.Statements.Where(s => s.PartnerId == weser.Id && s.Period == new Period(2026, 10)).Select(s => s.TotalCents).SingleAsync();
            var row = await db.PartnerEstimates.SingleAsync(e => e.PartnerId == weser.Id && e.Period == new Period(2026, 11));
            estimate = row.CommissionCents + row.OverrideCents;
        }
        Assert.True(october > 0 && estimate > 0, "the demo reseller earns in October and November");

        var cut = Render<CommissionHome>();
        cut.WaitForElement("[data-testid=commission-estimate-amount]");

        Assert.Equal(Format.Money(estimate), cut.Find("[data-testid=commission-estimate-amount]").TextContent.Trim());
        Assert.Contains("11/26/2026", cut.Find("[data-testid=commission-estimate-computed]").TextContent);
        var chart = cut.FindComponent<CommissionChart>().Instance.Data;
        Assert.Equal(12, chart.Values.Count);
        Assert.Equal("Nov 25", chart.Labels[0]);
        Assert.Equal("Oct 26", chart.Labels[^1]);
        Assert.Equal((double)(october / 100m), chart.Values[^1]);
        Assert.Equal(Format.Money(october), cut.Find("[data-testid=commission-payout-amount]").TextContent.Trim());
        Assert.Equal("awaiting approval", cut.Find("[data-testid=commission-payout-status]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid=commission-top] tbody tr"));
        Assert.Single(cut.FindAll("[data-testid=commission-pilot-slot]"));
    }

    /// <summary>Lifetime and a downline partner's "earned" are read from statement totals: they equal the sum of the lines without carry-forwards.</summary>
    [Fact]
    public async Task Home_Lifetime_IsTheSumOfTheResellersLines_WithoutCarryForwards()
    {
        var weser = await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        Render<MudBlazor.MudPopoverProvider>();
        long lines;
        await using (var db = await App.DbAsync())
            lines = await db.StatementLines.Where(l => l.PartnerId == weser.Id && l.Kind != StatementLineKind.CarryForward).SumAsync(l => l.AmountCents);
        Assert.True(lines > 0);

        var cut = Render<CommissionHome>();
        cut.WaitForElement("[data-testid=commission-lifetime]");
        Assert.Equal(Format.Money(lines), cut.Find("[data-testid=commission-lifetime]").TextContent.Trim());
    }

    /// <summary>
    /// A downline partner's commission is what its customers' app revenue earned it (the revenue lines' commission, the same
    /// source as the table per month), not its statement total: Weser's statements also pay out its own services.
    /// </summary>
    [Fact]
    public async Task Downline_CommissionPerPartner_IsItsRevenueLinesCommission_NotItsServicePayouts()
    {
        await SignInAsPartnerAsync(Demo.Distributor, PortalRoles.Distributor);
        var weser = await Demo.PartnerAsync(App, Demo.Weser);
        long commission, revenue, statementLines;
        await using (var db = await App.DbAsync())
        {
            var lines = db.RevenueLines.Where(l => l.AttributedPartnerId == weser.Id && l.AppId != null);
            commission = await lines.SumAsync(l => l.CommissionCents);
            revenue = await lines.SumAsync(l => l.RevenueCents);
            statementLines = await db.StatementLines.Where(l => l.PartnerId == weser.Id && l.Kind != StatementLineKind.CarryForward).SumAsync(l => l.AmountCents);
        }
        Assert.True(commission > 0);
        Assert.NotEqual(statementLines, commission); // the demo pays Weser for a service too: the two must not be confused

        var view = await Services.GetRequiredService<CockpitService>().DownlineAsync();
        var row = view.Partners.Single(p => p.PartnerId == weser.Id);
        Assert.Equal(commission, row.CommissionCents);
        Assert.Equal(revenue, row.RevenueCents);
        Assert.Equal(view.Periods.Where(p => p.PartnerId == weser.Id).Sum(p => p.CommissionCents), row.CommissionCents); // one settled history in the demo, inside the 12 months
    }

    [Fact]
    public async Task Downline_DemoDistributor_ListsItsPartnersAndItsOwnStatement()
    {
        await SignInAsPartnerAsync(Demo.Distributor, PortalRoles.Distributor);
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<Downline>();
        cut.WaitForElement("[data-testid=downline-partners]");
        var partners = cut.Find("[data-testid=downline-partners]").TextContent;
        Assert.Contains(Demo.Weser, partners);
        Assert.Contains(Demo.Rheinland, partners);
        Assert.DoesNotContain(Demo.Pilot, partners); // not in its downline
        Assert.Contains("PP-202610-", cut.Find("[data-testid=downline-statements]").TextContent);
    }
}

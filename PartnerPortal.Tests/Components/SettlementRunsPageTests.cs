using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Localization;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// The operator's settlement runs on a demo portal of each test's own (approving is global over a period): the demo
/// seeder drafts the last ended month, 2026-10 at the test clock 2026-11-26.
/// </summary>
public sealed class SettlementRunsPageTests() : ComponentTestContext(new PortalFactory()), IAsyncLifetime
{
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public Task InitializeAsync()
    {
        UseCulture("de-DE");
        SignInAsOperator();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true)); // the page polls only when interactive
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await App.DisposeAsync();
    }

    private async Task<SettlementRunRecord> RunAsync(string period)
    {
        await using var db = await App.DbAsync();
        return await db.SettlementRuns.AsNoTracking().SingleAsync(r => r.Period == Period.Parse(period));
    }

    [Fact]
    public async Task ADraftsTotals_AreShownInTheDialog_AndApprovingMakesTheRunApproved()
    {
        var run = await RunAsync("2026-10");
        Assert.Equal(SettlementStatus.Draft, run.Status);
        Assert.True(run.RevenueCents > 0, "the demo world earns revenue in October");
        var revenue = Format.Money(run.RevenueCents, run.Currency); // de-DE: "1.234,56 €"
        Assert.EndsWith(" €", revenue);

        var cut = Render<SettlementRuns>();
        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=run-status-2026-10]").GetAttribute("data-status")));
        Assert.Equal(revenue, cut.Find("[data-testid=run-revenue-2026-10]").TextContent.Trim());
        Assert.Equal(Format.Money(run.CommissionCents, run.Currency), cut.Find("[data-testid=run-commissions-2026-10]").TextContent.Trim());

        cut.Find("[data-testid=run-approve-2026-10]").Click();
        _dialogs.WaitForAssertion(() => Assert.Equal(revenue, _dialogs.Find("[data-testid=approve-revenue]").TextContent.Trim()));
        Assert.Equal(run.Statements.ToString(), _dialogs.Find("[data-testid=approve-statements]").TextContent.Trim());
        Assert.Equal(SettlementStatus.Draft, (await RunAsync("2026-10")).Status); // nothing is approved before the confirmation

        _dialogs.Find("[data-testid=approve-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Approved", cut.Find("[data-testid=run-status-2026-10]").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid=run-approve-2026-10]"));
        var approved = await RunAsync("2026-10");
        Assert.Equal((SettlementStatus.Approved, "Operator Test"), (approved.Status, approved.ApprovedBy));
    }

    [Fact]
    public async Task Cancelling_TheDialog_ApprovesNothing()
    {
        var cut = Render<SettlementRuns>();
        cut.WaitForElement("[data-testid=run-approve-2026-10]").Click();
        _dialogs.WaitForElement("[data-testid=approve-cancel]").Click();
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=approve-confirm]")));
        Assert.Equal(SettlementStatus.Draft, (await RunAsync("2026-10")).Status);
        Assert.Single(cut.FindAll("[data-testid=run-approve-2026-10]"));
    }

    [Fact]
    public async Task ARunningRun_ShowsItsProgress_UntilThePollSeesItDrafted()
    {
        var period = Period.Parse("2026-10");
        SettlementRunner.Begun begun;
        using (var scope = App.Services.CreateScope())
            begun = await scope.ServiceProvider.GetRequiredService<SettlementRunner>().BeginAsync(period, "test", restart: true);
        Assert.NotEmpty(begun.PendingBatches);

        var cut = Render<SettlementRuns>();
        cut.WaitForAssertion(() => Assert.Equal("Running", cut.Find("[data-testid=run-status-2026-10]").GetAttribute("data-status")));
        Assert.Contains($"0 von {begun.PendingBatches.Count} Paketen", cut.Find("[data-testid=run-progress-2026-10]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=run-approve-2026-10]"));

        // The batches run elsewhere (Hangfire in the app); the page's timer polls and follows.
        using (var scope = App.Services.CreateScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<SettlementRunner>();
            await runner.RunBatchAsync(period, begun.Attempt, begun.PendingBatches[0]);
            if (begun.PendingBatches.Count > 1)
                cut.WaitForAssertion(() => Assert.Contains($"1 von {begun.PendingBatches.Count} Paketen", cut.Find("[data-testid=run-progress-2026-10]").TextContent),
                    TimeSpan.FromSeconds(10));
            foreach (var index in begun.PendingBatches.Skip(1)) await runner.RunBatchAsync(period, begun.Attempt, index);
            await runner.CloseAsync(period, begun.Attempt);
        }
        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=run-status-2026-10]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=run-progress-2026-10]"));
        cut.Find("[data-testid=run-approve-2026-10]");
    }
}

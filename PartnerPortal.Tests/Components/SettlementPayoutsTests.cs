using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// The operator's settlement page beyond approving: each total's change to the month before (pure logic and the card),
/// and the payouts of an approved month on the demo world (download the file, not payable partners, mark the file paid).
/// </summary>
public sealed class SettlementPayoutsTests() : ComponentTestContext(new PortalFactory()), IAsyncLifetime
{
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public Task InitializeAsync()
    {
        UseCulture("de-DE");
        SignInAsOperator();
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

    private static SettlementTotalsDto Totals(decimal revenue, decimal platformFees, decimal serviceFees, decimal commissions, decimal overrides,
        decimal isvPayouts, decimal net) => new(revenue, platformFees, serviceFees, commissions, overrides, isvPayouts, 0m, 0m, 0m, net);

    private static SettlementDto Run(string period, string status, SettlementTotalsDto totals) =>
        new(period, status, 1, null, totals, "EUR", 10, 5, [], null, DateTime.UtcNow, DateTime.UtcNow, null, null);

    [Fact]
    public void Compare_GivesEachTotalsChange_AndItsRateAgainstThePreviousAmount()
    {
        var october = Totals(1100.00m, 110.00m, 0m, 165.00m, 22.00m, 990.00m, -77.00m);
        var september = Totals(1000.00m, 120.00m, 0m, 150.00m, 22.00m, 880.00m, -52.00m);
        var rows = SettlementComparison.Compare(october, september).ToDictionary(r => r.Id);
        //                                   amount     change    rate
        Assert.Equal((1100.00m, 100.00m, 0.1m), (rows["revenue"].Amount, rows["revenue"].Change, rows["revenue"].ChangeRate));
        Assert.Equal((110.00m, -10.00m, -0.0833m), (rows["platformfees"].Amount, rows["platformfees"].Change, rows["platformfees"].ChangeRate));
        Assert.Equal((0m, 0m, (decimal?)null), (rows["servicefees"].Amount, rows["servicefees"].Change, rows["servicefees"].ChangeRate)); // nothing to divide by
        Assert.Equal((165.00m, 15.00m, 0.1m), (rows["commissions"].Amount, rows["commissions"].Change, rows["commissions"].ChangeRate));
        Assert.Equal((22.00m, 0m, 0m), (rows["overrides"].Amount, rows["overrides"].Change, rows["overrides"].ChangeRate));
        Assert.Equal((990.00m, 110.00m, 0.125m), (rows["isvpayouts"].Amount, rows["isvpayouts"].Change, rows["isvpayouts"].ChangeRate));
        // A negative net that falls further: the change is negative, relative to the size of the previous net.
        Assert.Equal((-77.00m, -25.00m, -0.4808m), (rows["net"].Amount, rows["net"].Change, rows["net"].ChangeRate));

        Assert.Equal("+100,00 € (+10,0 %)", SettlementComparison.Describe(rows["revenue"], "EUR"));
        Assert.Equal("-10,00 € (-8,3 %)", SettlementComparison.Describe(rows["platformfees"], "EUR"));
        Assert.Equal("0,00 €", SettlementComparison.Describe(rows["servicefees"], "EUR"));

        Assert.All(SettlementComparison.Compare(october, null), r => Assert.Null(r.Change));
    }

    [Fact]
    public void PreviousOf_IsTheMonthRightBefore_WithTotals()
    {
        var t = Totals(1m, 0m, 0m, 0m, 0m, 0m, 0m);
        var runs = new[] { Run("2026-10", "Draft", t), Run("2026-09", "Approved", t), Run("2026-07", "Approved", t), Run("2026-06", "Failed", t) };
        Assert.Equal("2026-09", SettlementComparison.PreviousOf(runs[0], runs)?.Period);
        Assert.Null(SettlementComparison.PreviousOf(runs[1], runs));  // no August run
        Assert.Null(SettlementComparison.PreviousOf(runs[2], runs));  // June failed: no totals
    }

    [Fact]
    public void TheCard_ShowsEachTotalsChange_AndWhichMonthItIsComparedWith()
    {
        var cut = Render<SettlementRunCard>(p => p
            .Add(c => c.Run, Run("2026-10", "Draft", Totals(1100.00m, 110.00m, 0m, 165.00m, 22.00m, 990.00m, -77.00m)))
            .Add(c => c.Previous, Run("2026-09", "Approved", Totals(1000.00m, 120.00m, 0m, 150.00m, 22.00m, 880.00m, -52.00m))));
        Assert.Equal("+100,00 € (+10,0 %)", cut.Find("[data-testid=run-revenue-change-2026-10]").TextContent.Trim());
        Assert.Equal("-25,00 € (-48,1 %)", cut.Find("[data-testid=run-net-change-2026-10]").TextContent.Trim());
        Assert.Contains("September 2026", cut.Find("[data-testid=run-compared-2026-10]").TextContent);

        var alone = Render<SettlementRunCard>(p => p.Add(c => c.Run, Run("2026-08", "Draft", Totals(5m, 0m, 0m, 0m, 0m, 0m, 0m))));
        Assert.Empty(alone.FindAll("[data-testid=run-revenue-change-2026-08]"));
    }

    [Fact]
    public async Task AnApprovedMonth_DownloadsItsFile_ListsThePartnerWithoutIban_AndMarksTheWholeFilePaid()
    {
        using (var op = App.ApiClient())
            (await op.PostAsJsonAsync("/api/v1/settlements/2026-10/approve", new { })).EnsureSuccessStatusCode();
        var module = JSInterop.SetupModule("./js/download.js");
        module.SetupVoid("download", _ => true).SetVoidResult();

        var cut = Render<SettlementPayouts>(p => p.Add(c => c.Period, "2026-10"));
        cut.WaitForElement("[data-testid=payouts-summary-2026-10]");
        Assert.Contains(Demo.Belegfix, cut.Find("[data-testid=payouts-notpayable-2026-10]").TextContent);
        Assert.Contains("keine IBAN hinterlegt", cut.Find("[data-testid=payouts-notpayable-2026-10]").TextContent);
        var rows = cut.FindAll("[data-testid=payouts-payable-2026-10] tbody tr").Count;
        Assert.True(rows > 0, "the demo's October pays someone");

        cut.Find("[data-testid=payouts-download-2026-10] ").Click();
        cut.WaitForElement("[data-testid=payouts-file-2026-10]");
        var call = Assert.Single(module.Invocations, i => i.Identifier == "download");
        Assert.Equal("sepa-payouts-2026-10.xml", call.Arguments[0]);

        cut.Find("[data-testid=payouts-payfile-2026-10]").Click();
        _dialogs.WaitForElement(".mud-message-box__yes-button, .mud-dialog-actions button:last-child").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=payouts-payable-2026-10]")));

        await using var db = await App.DbAsync();
        var paid = await db.Statements.AsNoTracking().Where(s => s.Period == Period.Parse("2026-10") && s.Status == StatementStatus.Paid).ToListAsync();
        Assert.Equal(rows, paid.Count);
        Assert.All(paid, s => Assert.StartsWith("PP-202610-", s.PaymentReference)); // the file's message id, as the reference field was filled
        Assert.Contains("bezahlt", cut.Find("[data-testid=payouts-paid-2026-10]").TextContent);
    }
}

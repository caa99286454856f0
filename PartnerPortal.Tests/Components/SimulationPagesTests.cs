using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Simulation;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The simulation page and the pilot card on a demo portal (October 2026 settled; "Provision 2027 (Pilot)" shared with the pilot).</summary>
public sealed class SimulationPagesTests() : ComponentTestContext(new PortalFactory()), IAsyncLifetime
{
    public Task InitializeAsync()
    {
        UseCulture("de-DE");
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await App.DisposeAsync();
    }

    [Fact]
    public async Task Operator_SimulatesThePilotCandidate_ForThePilots_AndSeesRowsAndTotals()
    {
        SignInAsOperator("Operator");
        var pilot = await Demo.PartnerAsync(App, Demo.Pilot);
        Render<MudPopoverProvider>();

        var cut = Render<Simulations>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sim-run]")));
        cut.Find("[data-testid=sim-run] ").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=sim-row-partner]")), TimeSpan.FromSeconds(20));
        var partners = cut.FindAll("[data-testid=sim-row-partner]").Select(td => td.TextContent.Trim()).ToList();
        Assert.All(partners, p => Assert.Equal(pilot.Name, p)); // "all pilot partners": the demo has one
        Assert.EndsWith(" €", cut.Find("[data-testid=sim-total-simulated]").TextContent.Trim());
    }

    [Fact]
    public async Task Operator_SharesADraftWithThePilots_ThenPublishesIt_ToThePilot_FromTheDialog()
    {
        SignInAsOperator("Operator");
        var pilot = await Demo.PartnerAsync(App, Demo.Pilot);
        Guid draftId;
        await using (var db = await App.DbAsync())
        {
            var draft = CommissionPlan.Create("Entwurf Pilot-Test", CommissionPlanStatus.Draft, DateTime.UtcNow);
            var version = draft.AddVersion(new CommissionTerms { BaseRate = 0.2m }, DateTime.UtcNow);
            db.CommissionPlans.Add(draft);
            db.CommissionPlanVersions.Add(version);
            await db.SaveChangesAsync();
            draftId = draft.Id;
        }

        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<Simulations>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sim-run]")));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Guid?>>().Instance.ValueChanged.InvokeAsync(draftId));

        // Share: the draft becomes Pilot and is shown to the pilot partners.
        cut.Find("[data-testid=sim-share]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sim-shared]")));
        await using (var db = await App.DbAsync())
        {
            Assert.Equal(CommissionPlanStatus.Pilot, (await db.CommissionPlans.SingleAsync(p => p.Id == draftId)).Status);
            Assert.True(await db.PilotShares.AnyAsync(s => s.CommissionPlanId == draftId));
        }

        // Publish: the dialog proposes the first of next month and the pilot partners; one click publishes and assigns.
        cut.Find("[data-testid=sim-publish]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=publish-confirm]")));
        dialogs.Find("[data-testid=publish-confirm]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=publish-confirm]")));
        await using (var db = await App.DbAsync())
        {
            Assert.Equal(CommissionPlanStatus.Published, (await db.CommissionPlans.SingleAsync(p => p.Id == draftId)).Status);
            var assignment = await db.CommissionAssignments.SingleAsync(a => a.PartnerId == pilot.Id && a.CommissionPlanId == draftId);
            Assert.Equal(new DateOnly(2026, 12, 1), assignment.From);
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.To == pilot.Email && m.HtmlBody.Contains("Entwurf Pilot-Test")));
        }

        // Published is no candidate any more.
        cut.WaitForAssertion(() => Assert.DoesNotContain("Entwurf Pilot-Test", cut.Find("[data-testid=sim-form]").TextContent));
    }

    [Fact]
    public async Task Operator_Publish_WithoutADate_KeepsTheDialogOpen_WithTheProblemAtTheDate_AndChangesNothing()
    {
        SignInAsOperator("Operator");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<Simulations>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=sim-publish]")));
        cut.Find("[data-testid=sim-publish]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=publish-confirm]")));
        var from = dialogs.FindAll("input[data-testid=publish-from], [data-testid=publish-from] input").First();
        Assert.Equal("01.12.2026", from.GetAttribute("value")); // the proposed first of next month, written as the (German) page writes dates
        from.Change("");
        dialogs.Find("[data-testid=publish-confirm]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("effectiveFrom", dialogs.Find("[data-testid=publish-dialog]").TextContent));
        await using var db = await App.DbAsync();
        Assert.Equal(CommissionPlanStatus.Pilot, (await db.CommissionPlans.SingleAsync(p => p.Name == "Provision 2027 (Pilot)")).Status);
    }

    [Fact]
    public async Task PilotPartner_SeesTheCandidateCard_AndSendsFeedback_NonPilotSeesNothing()
    {
        await SignInAsPartnerAsync(Demo.Pilot, PortalRoles.Reseller);
        Render<MudPopoverProvider>();
        var cut = Render<PilotCandidateCard>();
        cut.WaitForAssertion(() => Assert.Equal("Provision 2027 (Pilot)", cut.Find("[data-testid=pilot-plan]").TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("[data-testid=pilot-month]"));
        var stars = cut.FindComponent<MudRating>();
        await cut.InvokeAsync(() => stars.Instance.SelectedValueChanged.InvokeAsync(4));
        cut.FindComponent<MudTextField<string>>().Find("textarea").Change("Passt für uns.");
        cut.Find("[data-testid=pilot-send]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=pilot-thanks]")));
    }

    [Fact]
    public async Task NonPilotPartner_SeesNoCandidate()
    {
        await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        var cut = Render<PilotCandidateCard>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=pilot-loaded]")));
        Assert.Empty(cut.FindAll("[data-testid=pilot-card]"));
    }

    [Fact]
    public void Csv_HasBom_SemicolonsInGerman_CommasInEnglish_AndSortsWinnersFirst()
    {
        var a = Guid.NewGuid();
        var lines = SimulationView.Lines(
        [
            new SimulationRowDto(a, "2026-10", 10m, 9m, 1m, 2m),
            new SimulationRowDto(a, "2026-09", 10m, 12.5m, 1m, -1.5m),
        ], new Dictionary<Guid, string> { [a] = "Müller; IT" });
        Assert.Equal("2026-09", SimulationView.Sorted(lines, SimulationSort.Winners).First().Period);
        Assert.Equal("2026-10", SimulationView.Sorted(lines, SimulationSort.Losers).First().Period);
        string[] headers = ["Partner", "Id", "Monat", "a", "b", "c", "d", "e", "f"];
        var german = SimulationView.Csv(lines, CultureInfo.GetCultureInfo("de-DE"), headers);
        Assert.Equal([0xEF, 0xBB, 0xBF], german[..3]);
        var text = System.Text.Encoding.UTF8.GetString(german[3..]);
        Assert.Contains("\"Müller; IT\";", text);
        Assert.Contains(";12,50;2,50;", text);
        var english = System.Text.Encoding.UTF8.GetString(SimulationView.Csv(lines, CultureInfo.GetCultureInfo("en-GB"), headers)[3..]);
        Assert.Contains(",12.50,2.50,", english);
        Assert.Equal(new SimulationTotals(20m, 21.5m, 2m, 0.5m), SimulationView.Totals(lines));
    }
}

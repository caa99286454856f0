using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Commissions;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The commission plan form: percentages typed in German become the service's fractions; the service's field errors show at their fields.</summary>
[Collection(PortalCollection.Name)]
public sealed class CommissionPlanFormTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    public Task InitializeAsync()
    {
        UseCulture("de-DE");
        SignInAsOperator();
        Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
    }

    /// <summary>Types into a field: numeric fields report every keystroke (input), text fields their change.</summary>
    private static void Type<T>(IRenderedComponent<T> cut, string testId, string value) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var selector = $"input[data-testid='{testId}'], [data-testid='{testId}'] input";
        try { cut.Find(selector).Input(value); }
        catch (MissingEventHandlerException) { cut.Find(selector).Change(value); }
    }

    [Fact]
    public async Task Create_SendsThePercentagesAsFractions()
    {
        CommissionPlanDto? saved = null;
        var name = "Test-Provision " + Guid.NewGuid().ToString("N")[..6];
        var cut = Render<CommissionPlanForm>(p => p.Add(x => x.OnSaved, (CommissionPlanDto plan) => saved = plan));
        cut.WaitForElement("[data-testid=plan-save]");

        Type(cut, "plan-name", name);
        Type(cut, "plan-base", "12,5");
        Type(cut, "plan-override", "2");
        Type(cut, "plan-servicefee", "0,75");
        Type(cut, "plan-minpayout", "25");
        cut.Find("[data-testid=plan-category-add]").Click();
        var category = cut.FindComponents<MudSelect<string>>().Single();
        await cut.InvokeAsync(() => category.Instance.ValueChanged.InvokeAsync("Communication"));
        Type(cut, "plan-category-0-rate", "15");
        cut.Find("[data-testid=plan-tier-add]").Click();
        cut.Find("[data-testid=plan-tier-add]").Click();
        Type(cut, "plan-tier-0-upTo", "5000");
        Type(cut, "plan-tier-0-rate", "10");
        Type(cut, "plan-tier-1-rate", "12,25");
        cut.Find("[data-testid=plan-save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(saved));
        Assert.Equal(0.125m, saved!.BaseRate);
        Assert.Equal(0.02m, saved.OverrideRate);
        Assert.Equal(0.0075m, saved.ServiceFeeRate);
        Assert.Equal(25m, saved.MinimumPayout);
        Assert.Equal(0.15m, saved.CategoryRates["Communication"]);
        Assert.Equal([new CommissionTierDto(5000m, 0.10m), new CommissionTierDto(null, 0.1225m)], saved.Tiers);
        Assert.Equal(CommissionPlanStatus.Draft, saved.Status);
        await using var db = await App.DbAsync();
        Assert.True(await db.CommissionPlans.AnyAsync(p => p.Name == name));
    }

    [Fact]
    public async Task TheServicesFieldError_ShowsAtTheTier_AndNothingIsCreated()
    {
        var name = "Falsche Staffel " + Guid.NewGuid().ToString("N")[..6];
        var cut = Render<CommissionPlanForm>();
        cut.WaitForElement("[data-testid=plan-save]");
        Type(cut, "plan-name", name);
        Type(cut, "plan-base", "10");
        cut.Find("[data-testid=plan-tier-add]").Click();
        cut.Find("[data-testid=plan-tier-add]").Click();
        cut.Find("[data-testid=plan-tier-add]").Click();
        Type(cut, "plan-tier-0-upTo", "5000");
        Type(cut, "plan-tier-0-rate", "10");
        Type(cut, "plan-tier-1-upTo", "1000"); // below the tier before it
        Type(cut, "plan-tier-1-rate", "11");
        Type(cut, "plan-tier-2-rate", "12");
        cut.Find("[data-testid=plan-save]").Click();

        // The domain's message ("Tiers must be in ascending order of upTo.") at the second tier's upper bound.
        cut.WaitForAssertion(() => Assert.Contains("ascending order", cut.Find("[data-testid=plan-tiers] tr:nth-child(2)").TextContent));
        Assert.DoesNotContain("ascending order", cut.Find("[data-testid=plan-tiers] tr:nth-child(1)").TextContent);
        await using var db = await App.DbAsync();
        Assert.False(await db.CommissionPlans.AnyAsync(p => p.Name == name));
    }

    [Fact]
    public void APercentageAbove100_IsRefusedAtItsField_InTheUsersWords()
    {
        var cut = Render<CommissionPlanForm>();
        cut.WaitForElement("[data-testid=plan-save]");
        Type(cut, "plan-name", "Zu hoch");
        Type(cut, "plan-base", "150");
        cut.Find("[data-testid=plan-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Prozentsatz zwischen 0 und 100", cut.Markup));
    }

    [Fact]
    public void TheDraft_RoundTripsAPlansTerms_InPercent()
    {
        var plan = new CommissionPlanDto(Guid.NewGuid(), "Standard", CommissionPlanStatus.Published, Guid.NewGuid(), 3, 0.1000m,
            new Dictionary<string, decimal> { ["Communication"] = 0.15m }, [new(5000m, 0.1m), new(null, 0.125m)], 36, 0.02m, 0m, 25m, DateTime.UtcNow, 4);
        var draft = CommissionPlanDraft.From(plan);
        Assert.Equal((10m, 12.5m), (draft.BasePercent!.Value, draft.Tiers[1].Percent!.Value));
        Assert.Equal("10", draft.BasePercent.Value.ToString(CultureInfo.InvariantCulture)); // no trailing zeros in the field
        Assert.Null(draft.ServiceFeePercent);
        var request = draft.ToRequest();
        Assert.Equal((0.1m, 0.02m, 36, 25m), (request.BaseRate!.Value, request.OverrideRate!.Value, request.DurationMonths!.Value, request.MinimumPayout!.Value));
        Assert.Equal(0.15m, request.CategoryRates!["communication"]);
        Assert.Equal([new CommissionTierDto(5000m, 0.1m), new CommissionTierDto(null, 0.125m)], request.Tiers);
    }

    [Fact]
    public void Percent_IsShownInTheUsersCulture()
    {
        Assert.Equal("12,5 %", CommissionText.Percent(0.125m));
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        Assert.Equal("12.5%", CommissionText.Percent(0.125m));
    }
}

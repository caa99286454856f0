using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Catalog;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

[Collection(PortalCollection.Name)]
public sealed class CatalogPlanEditorTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    // MudBlazor's input services are only IAsyncDisposable: dispose the context asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static readonly MetricDto Minutes = new("minutes", "min", "sum", "ceilPerEvent");

    private static ChargeBuilderModel BuilderWithCharges()
    {
        var builder = new ChargeBuilderModel { Metrics = [Minutes], MinimumCommitment = 200m };
        builder.Charges.Add(new ChargeDraft { Type = "flat", Amount = 19.99m, Name = "Grundgebühr" });
        builder.Charges.Add(new ChargeDraft { Type = "perSeat", UnitPrice = 4.95m });
        builder.Charges.Add(new ChargeDraft
        {
            Type = "usage", Metric = "minutes", Model = "graduated",
            Tiers = [new() { UpTo = 10, UnitPrice = 10, FlatFee = 2 }, new() { UpTo = 20, UnitPrice = 5, FlatFee = 3 }, new() { UnitPrice = 5, FlatFee = 3 }],
        });
        builder.Validate();
        return builder;
    }

    private static void Type(IRenderedComponent<PricePreview> cut, string testId, string value) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input").Input(value);

    [Fact]
    public async Task ThePreview_AndTheQuoteEndpoint_GiveTheSameNumbers_ForTheSameInput()
    {
        var builder = BuilderWithCharges();
        var cut = Render<PricePreview>(p => p.Add(x => x.Builder, builder).Add(x => x.Preview, new PricePreviewModel()));
        Type(cut, "preview-qty-minutes", "21");
        Type(cut, "preview-seats", "3");
        Type(cut, "preview-active-days", "10");
        Type(cut, "preview-days-in-period", "31");

        var shown = cut.WaitForElements("[data-testid=preview-line-amount]").Select(e => decimal.Parse(e.GetAttribute("data-amount")!, CultureInfo.InvariantCulture)).ToList();
        var shownTotal = decimal.Parse(cut.Find("[data-testid=preview-total]").GetAttribute("data-amount")!, CultureInfo.InvariantCulture);

        using var client = App.ApiClient(await Demo.KeyForAsync(App, Demo.ZeitWerk));
        var response = await client.PostAsJsonAsync("/api/v1/pricing/quote", new
        {
            charges = builder.ToSpecs(), quantities = new Dictionary<string, decimal> { ["minutes"] = 21 }, seats = 3, activeDays = 10, daysInPeriod = 31,
            minimumCommitment = 200m, metrics = new[] { Minutes },
        });
        var api = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, api.ToString());
        Assert.Equal(api.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount").GetDecimal()), shown);
        Assert.Equal(api.GetProperty("total").GetDecimal(), shownTotal);
        // By hand: 19.99 × 10/31 = 6.448… → 6.45; 3 × 4.95 × 10/31 = 4.790… → 4.79; graduated at 21 = 163 (not prorated);
        // minimum 200 × 10/31 = 64.516… → below 174.24, no top-up.
        Assert.Equal([6.45m, 4.79m, 163m], shown);
        Assert.Equal(174.24m, shownTotal);
    }

    [Fact]
    public void ThePreview_PricesAListOfEvents_WithTheMetricsRounding()
    {
        var builder = new ChargeBuilderModel { Metrics = [Minutes] };
        builder.Charges.Add(new ChargeDraft { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.5m });
        builder.Validate();
        var cut = Render<PricePreview>(p => p.Add(x => x.Builder, builder).Add(x => x.Preview, new PricePreviewModel { UseEvents = true }));
        // Every started minute counts: 0.2 → 1, 1,5 → 2, 3 → 3: 6 minutes × 0.50 = 3.00.
        cut.Find("textarea[data-testid=preview-events], [data-testid=preview-events] textarea").Input("minutes 0.2\nminutes 1,5\nminutes 3");
        cut.WaitForAssertion(() => Assert.Equal("3.00", cut.Find("[data-testid=preview-total]").GetAttribute("data-amount")));
        cut.Find("textarea[data-testid=preview-events], [data-testid=preview-events] textarea").Input("minutes lots");
        cut.WaitForAssertion(() => Assert.Contains("Line 1", cut.Markup));
    }

    [Fact]
    public void ATierOutOfOrder_ShowsItsErrorAtThatInput_AndThePreviewWaits()
    {
        var builder = BuilderWithCharges();
        var preview = new PricePreviewModel();
        var cut = Render<ChargeBuilder>(p => p.Add(x => x.Builder, builder));
        cut.Find("input[data-testid=tier-2-1-upTo], [data-testid=tier-2-1-upTo] input").Input("5");

        Assert.Contains("charges[2].tiers[1].upTo", builder.Errors.Keys);
        var field = cut.Find("[data-testid=tier-2-1-upTo]").Closest(".mud-input-control")!;
        Assert.Contains("strictly ascending", field.TextContent);
        preview.Compute(builder);
        Assert.Null(preview.Answer);
    }

    [Fact]
    public void TheTierTable_KeepsItsLastTierOpen()
    {
        var builder = BuilderWithCharges();
        builder.AddTier(2);
        Assert.Equal([10m, 20m, 40m, null], builder.Charges[2].Tiers.Select(t => t.UpTo));
        Assert.True(builder.IsValid);
        builder.RemoveTier(2, 3); // remove the open tier: the one before becomes open
        Assert.Equal([10m, 20m, null], builder.Charges[2].Tiers.Select(t => t.UpTo));
        Assert.True(builder.IsValid);
    }

    [Fact]
    public void SwitchingTheModel_SendsOnlyTheFieldsOfTheNewModel()
    {
        var draft = new ChargeDraft { Type = "usage", Metric = "minutes", Model = "package", PackageSize = 100, PackagePrice = 5, UnitPrice = 0.1m };
        Assert.Null(draft.ToSpec().UnitPrice);
        draft.Model = "perUnit";
        var spec = draft.ToSpec();
        Assert.Equal(0.1m, spec.UnitPrice);
        Assert.Null(spec.PackageSize);
        Assert.Empty(ChargeValidator.Validate([spec], new HashSet<string> { "minutes" }, null));
        Assert.Equal(spec, ChargeDraft.From(spec).ToSpec());
    }

    [Fact]
    public async Task SavingTwice_MakesOnePlan()
    {
        var zeitwerk = await SignInAsPartnerAsync(Demo.ZeitWerk, PortalRoles.Isv);
        Guid appId;
        await using (var db = await App.DbAsync())
        {
            var created = global::PartnerPortal.Domain.Catalog.App.Create(zeitwerk.Id, "Editor-Test " + Guid.NewGuid().ToString("N")[..6], null, "Productivity", 0.2m,
                [new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null)], App.Clock.GetUtcNow().UtcDateTime);
            db.Apps.Add(created);
            await db.SaveChangesAsync();
            appId = created.Id;
        }

        var cut = Render<PlanEditor>(p => p.Add(x => x.AppId, appId));
        cut.WaitForElement("[data-testid=plan-save]");
        cut.Find("input[data-testid=plan-name], [data-testid=plan-name] input").Change("Standard");
        cut.Find("[data-testid=add-flat]").Click();
        cut.Find("input[data-testid=charge-0-amount], [data-testid=charge-0-amount] input").Input("29");
        var save = cut.Find("[data-testid=plan-save]");
        var first = save.ClickAsync(new());
        var second = cut.Find("[data-testid=plan-save]").ClickAsync(new());
        await Task.WhenAll(first, second);

        await using var check = await App.DbAsync();
        Assert.Equal(1, await check.Plans.CountAsync(p => p.AppId == appId));
        var version = await check.PlanVersions.SingleAsync(v => check.Plans.Any(p => p.AppId == appId && p.Id == v.PlanId));
        Assert.Equal(29m, version.Charges.Single().Amount);
    }
}

using Bunit;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Statements;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>
/// A charge without a name is stored with the engine's English default label ("Flat fee", "Usage minutes (perUnit)",
/// as the API answers it); the line chain names it in the page's language. Named charges keep their names. A world of
/// its own: one app whose plan has an unnamed flat charge, an unnamed usage charge and a named flat charge.
/// </summary>
public sealed class RevenueChainChargeLabelTests() : ComponentTestContext(new CustomPortalFactory(new() { ["Portal:DemoData"] = "false" })), IAsyncLifetime
{
    private Guid _reseller;
    private long _lineId;

    public async Task InitializeAsync()
    {
        var w = new SettlementWorld(App);
        var isv = await w.PartnerAsync("Isv", "Label ISV GmbH");
        _reseller = await w.PartnerAsync("Reseller", "Label Systemhaus GmbH");
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m,
        [
            new { type = "flat", amount = 10m },
            new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.05m },
            new { type = "flat", name = "Grundgebühr", amount = 5m },
        ]);
        var sub = await w.SubscribeAsync(await w.CustomerAsync(_reseller, "2026-09-01"), version, "2026-10-01");
        await w.UsageAsync(await w.KeyAsync(isv), new { id = "l-1", subscriptionId = sub, metric = "minutes", quantity = 3m, timestamp = "2026-10-10T09:00:00Z" });
        await w.AssignAsync(_reseller, await w.CommissionPlanAsync(new { name = "Standard", baseRate = 0.1m, status = "Published" }), "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        await using var db = await App.DbAsync();
        var october = Period.Parse("2026-10");
        _lineId = await db.StatementLines.Where(l => l.PartnerId == _reseller && l.Period == october && l.Kind == StatementLineKind.Commission)
            .Select(l => l.Id).SingleAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await App.DisposeAsync();
    }

    [Theory]
    [InlineData("de-DE", "Flatrate", "Nutzung minutes (Je Einheit)")]
    [InlineData("en-US", "Flat rate", "Usage minutes (Per unit)")]
    public async Task UnnamedCharges_AreNamedInThePagesLanguage_NamedOnesKeepTheirNames(string culture, string flat, string usage)
    {
        UseCulture(culture);
        await SignInAsPartnerAsync("Label Systemhaus GmbH", PortalRoles.Reseller);
        var cut = Render<RevenueChain>(p => p.Add(x => x.PartnerId, _reseller).Add(x => x.Period, "2026-10").Add(x => x.LineId, _lineId));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=chain-charge-label]").Count), TimeSpan.FromSeconds(10));

        var labels = cut.FindAll("[data-testid=chain-charge-label]").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal([flat, usage, "Grundgebühr"], labels);
    }
}

using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Support;

/// <summary>
/// Arranges catalog data straight in the database (a System context) for customer and subscription tests, while the
/// catalog API is built elsewhere: a live app of an ISV with a plan, a partner's own service with a plan.
/// </summary>
public static class CatalogArrange
{
    public sealed record Offer(Guid ProductId, Guid PlanId, Guid VersionId, string ProductName, string PlanName);

    public static readonly IReadOnlyList<ChargeSpec> PerSeat = [new ChargeSpec { Type = "perSeat", UnitPrice = 9.90m }];

    /// <summary>A live app of <paramref name="isvName"/> with one plan (per seat); answers the plan's current version.</summary>
    public static async Task<Offer> LiveAppAsync(PortalFactory app, string isvName, string? appName = null, bool live = true)
    {
        var isv = await Demo.PartnerAsync(app, isvName);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var name = appName ?? "App " + Guid.NewGuid().ToString("N")[..8];
        var created = App.Create(isv.Id, name, "test app", "Productivity", 0.2m, [], now);
        if (live)
        {
            created.Submit(now);
            created.Approve(0.2m, now);
        }
        var plan = Plan.ForApp(created.Id, "Business", "EUR", now);
        var version = plan.AddVersion(PerSeat, null, now);
        await using var db = await app.DbAsync();
        db.Apps.Add(created);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        await db.SaveChangesAsync();
        return new Offer(created.Id, plan.Id, version.Id, name, plan.Name);
    }

    /// <summary>A service of <paramref name="partnerName"/> with one plan (a flat fee); answers the plan's current version.</summary>
    public static async Task<Offer> PartnerServiceAsync(PortalFactory app, string partnerName, string? serviceName = null)
    {
        var partner = await Demo.PartnerAsync(app, partnerName);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var name = serviceName ?? "Service " + Guid.NewGuid().ToString("N")[..8];
        var service = PartnerService.Create(partner.Id, name, "managed support", now);
        var plan = Plan.ForPartnerService(service.Id, "Monthly", "EUR", now);
        var version = plan.AddVersion([new ChargeSpec { Type = "flat", Amount = 150m }], null, now);
        await using var db = await app.DbAsync();
        db.PartnerServices.Add(service);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        await db.SaveChangesAsync();
        return new Offer(service.Id, plan.Id, version.Id, name, plan.Name);
    }
}

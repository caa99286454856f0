using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the app-category endpoints. Categories are store data, public to every signed-in organisation, so the
/// victims own none: reading is fine for everybody, and adding one is the operator's alone (the attackers get 403).
/// </summary>
public sealed class CatalogCategoryTenancyProbes : ITenancyProbeSet
{
    public Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v) =>
        Task.FromResult<IReadOnlyDictionary<string, Probe>>(new Dictionary<string, Probe>
        {
            ["GET /api/v1/app-categories"] = new("/api/v1/app-categories?pageSize=200"),
            ["GET /api/v1/app-categories/{code}"] = new("/api/v1/app-categories/communication"),
            ["POST /api/v1/app-categories"] = new("/api/v1/app-categories", new { code = "Hijacked" + Guid.NewGuid().ToString("N")[..6], name = "Fremd" }),
        });
}

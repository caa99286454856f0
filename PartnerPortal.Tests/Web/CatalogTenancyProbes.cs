using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the catalog endpoints: a draft app of the victim ISV (Belegfix) with a plan, and a service of the victim
/// reseller (Rheinland) — neither may be read, published, reviewed or changed by the attackers.
/// </summary>
public sealed class CatalogTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        using var isv = app.ApiClient(v.IsvKey);
        var appName = "Geheime Buchhaltung " + Guid.NewGuid().ToString("N")[..6];
        var created = await (await isv.PostAsJsonAsync("/api/v1/apps", new
        {
            isvPartnerId = v.IsvId, name = appName, category = "Finance", platformFeeRate = 0.2m,
            metrics = new[] { new { code = "belege", unit = "Beleg", aggregation = "count", rounding = "none" } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var appId = created.GetProperty("id").GetGuid();
        var planName = "Geheimtarif " + Guid.NewGuid().ToString("N")[..6];
        var version = await (await isv.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new
        {
            name = planName, currency = "EUR", charges = new object[] { new { type = "usage", metric = "belege", model = "perUnit", unitPrice = 0.07m } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var versionId = version.GetProperty("id").GetGuid();
        var planId = version.GetProperty("planId").GetGuid();

        using var reseller = app.ApiClient(v.ResellerKey);
        var serviceName = "Rheinland Vor-Ort-Service " + Guid.NewGuid().ToString("N")[..6];
        var service = await (await reseller.PostAsJsonAsync("/api/v1/partner-services", new
        {
            partnerId = v.ResellerId, name = serviceName, charges = new object[] { new { type = "oneTime", amount = 990m } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var serviceId = service.GetProperty("partnerServiceId").GetGuid();

        string[] appSecrets = [appName, appId.ToString(), planName, versionId.ToString(), planId.ToString()];
        string[] serviceSecrets = [serviceName, serviceId.ToString()];
        var charges = new object[] { new { type = "flat", amount = 1m } };
        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/apps"] = new("/api/v1/apps?pageSize=200", null, appSecrets),
            ["POST /api/v1/apps"] = new("/api/v1/apps", new { isvPartnerId = v.IsvId, name = "Untergeschoben", category = "Finance", platformFeeRate = 0m, metrics = Array.Empty<object>() }, appSecrets),
            ["GET /api/v1/apps/{id:guid}"] = new($"/api/v1/apps/{appId}", null, appSecrets),
            ["POST /api/v1/apps/{id:guid}/publish"] = new($"/api/v1/apps/{appId}/publish", null, appSecrets),
            ["POST /api/v1/apps/{id:guid}/retire"] = new($"/api/v1/apps/{appId}/retire", null, appSecrets),
            ["POST /api/v1/apps/{id:guid}/approve"] = new($"/api/v1/apps/{appId}/approve", new { platformFeeRate = 0m }, appSecrets),
            ["POST /api/v1/apps/{id:guid}/reject"] = new($"/api/v1/apps/{appId}/reject", new { reason = "sabotage" }, appSecrets),
            ["POST /api/v1/apps/{id:guid}/plans"] = new($"/api/v1/apps/{appId}/plans", new { name = "Fremd", currency = "EUR", charges }, appSecrets),
            ["GET /api/v1/apps/{id:guid}/plans"] = new($"/api/v1/apps/{appId}/plans", null, appSecrets),
            ["GET /api/v1/plans/{planId:guid}"] = new($"/api/v1/plans/{planId}", null, appSecrets),
            ["POST /api/v1/plans/{planId:guid}/versions"] = new($"/api/v1/plans/{planId}/versions", new { charges }, appSecrets),
            ["GET /api/v1/plan-versions/{id:guid}"] = new($"/api/v1/plan-versions/{versionId}", null, appSecrets),
            ["POST /api/v1/partner-services"] = new("/api/v1/partner-services", new { partnerId = v.ResellerId, name = "Fremd", charges }, serviceSecrets),
            ["GET /api/v1/partner-services"] = new("/api/v1/partner-services?pageSize=200", null, serviceSecrets),
            ["GET /api/v1/partner-services/{id:guid}"] = new($"/api/v1/partner-services/{serviceId}", null, serviceSecrets),
            ["POST /api/v1/pricing/quote"] = new("/api/v1/pricing/quote", new { charges }, appSecrets),
        };
    }
}

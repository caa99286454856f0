using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the integration-service endpoints: the victim reseller registers a customer and requests an integration
/// for it; the attackers (another reseller, an ISV, a pilot reseller) try to read, request for the victim's customer,
/// move, assign and comment on it.
/// </summary>
public sealed class IntegrationTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix, "Belegfix Integration Victim " + Guid.NewGuid().ToString("N")[..6]);
        using var victim = app.ApiClient(v.ResellerKey);
        var customerName = "Victim Integration Kunde " + Guid.NewGuid().ToString("N")[..8];
        var customer = await (await victim.PostAsJsonAsync("/api/v1/customers", new { name = customerName, country = "DE", postcode = "50668" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var customerId = customer.GetProperty("id").GetGuid();
        var description = "Victim secret integration " + Guid.NewGuid().ToString("N");
        var request = await (await victim.PostAsJsonAsync("/api/v1/integration-requests",
                new { customerId, appId = offer.ProductId, description, contact = "victim-contact@rheinland.example" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = request.GetProperty("id").GetGuid();
        string[] secrets = [customerName, customerId.ToString(), description, id.ToString(), "victim-contact@rheinland.example"];

        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/integration-requests"] = new("/api/v1/integration-requests?pageSize=200", null, secrets),
            ["POST /api/v1/integration-requests"] = new("/api/v1/integration-requests",
                new { customerId, appId = offer.ProductId, description = "mine now", contact = "intruder@evil.example" }, secrets),
            ["GET /api/v1/integration-requests/{id:guid}"] = new($"/api/v1/integration-requests/{id}", null, secrets),
            ["POST /api/v1/integration-requests/{id:guid}/status"] = new($"/api/v1/integration-requests/{id}/status",
                new { status = "Declined", note = "stolen" }, secrets),
            ["PUT /api/v1/integration-requests/{id:guid}/assignee"] = new($"/api/v1/integration-requests/{id}/assignee", new { userId = (string?)null }, secrets),
            ["POST /api/v1/integration-requests/{id:guid}/comments"] = new($"/api/v1/integration-requests/{id}/comments", new { note = "hello" }, secrets),
        };
    }
}

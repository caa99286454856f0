using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the customer and subscription endpoints: the victim reseller registers a customer and subscribes it to
/// the victim ISV's app; the attackers try to read, move, invite into and change them.
/// </summary>
public sealed class CustomerTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix, "Belegfix Victim App " + Guid.NewGuid().ToString("N")[..6]);
        using var victim = app.ApiClient(v.ResellerKey);
        var customerName = "Victim Kunde " + Guid.NewGuid().ToString("N")[..8];
        var customer = await (await victim.PostAsJsonAsync("/api/v1/customers", new { name = customerName, country = "DE", postcode = "50667" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var customerId = customer.GetProperty("id").GetGuid();
        var subscription = await (await victim.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = offer.VersionId, startDate = "2026-11-01", seats = 4 }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var subscriptionId = subscription.GetProperty("id").GetGuid();
        string[] secrets = [customerName, customerId.ToString(), subscriptionId.ToString(), offer.VersionId.ToString()];

        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/customers"] = new("/api/v1/customers?pageSize=200", null, secrets),
            ["POST /api/v1/customers"] = new("/api/v1/customers", new { name = customerName, country = "DE", postcode = "50667", partnerId = v.ResellerId }, secrets),
            ["GET /api/v1/customers/{id:guid}"] = new($"/api/v1/customers/{customerId}", null, secrets),
            ["PUT /api/v1/customers/{id:guid}/attribution"] = new($"/api/v1/customers/{customerId}/attribution", new { partnerId = v.ResellerId, from = "2026-11-20" }, secrets),
            ["GET /api/v1/customers/{id:guid}/users"] = new($"/api/v1/customers/{customerId}/users", null, secrets),
            ["POST /api/v1/customers/{id:guid}/users"] = new($"/api/v1/customers/{customerId}/users", new { email = $"intruder-{Guid.NewGuid():N}@evil.example" }, secrets),
            ["GET /api/v1/subscriptions"] = new($"/api/v1/subscriptions?pageSize=200", null, secrets),
            ["POST /api/v1/subscriptions"] = new("/api/v1/subscriptions", new { customerId, planId = offer.VersionId, startDate = "2026-11-26" }, secrets),
            ["GET /api/v1/subscriptions/{id:guid}"] = new($"/api/v1/subscriptions/{subscriptionId}", null, secrets),
            ["POST /api/v1/subscriptions/{id:guid}/cancel"] = new($"/api/v1/subscriptions/{subscriptionId}/cancel", new { endDate = "2026-12-01" }, secrets),
            ["POST /api/v1/subscriptions/{id:guid}/seats"] = new($"/api/v1/subscriptions/{subscriptionId}/seats", new { from = "2026-12-01", seats = 1 }, secrets),
        };
    }
}

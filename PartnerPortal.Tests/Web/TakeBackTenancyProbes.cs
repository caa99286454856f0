using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the take-back endpoints: the victim reseller registers a customer, requests its export and records its
/// notice to leave; the attackers try to list, read, download, request and withdraw.
/// </summary>
public sealed class TakeBackTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        using var victim = app.ApiClient(v.ResellerKey);
        var name = "Victim TakeBack " + Guid.NewGuid().ToString("N")[..8];
        var customer = await (await victim.PostAsJsonAsync("/api/v1/customers", new { name, country = "DE" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var customerId = customer.GetProperty("id").GetGuid();
        var export = await (await victim.PostAsync($"/api/v1/customers/{customerId}/exports", null))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var exportId = export.GetProperty("id").GetGuid();
        await TakeBackWorld.RunExportAsync(app, exportId);
        (await victim.PostAsJsonAsync($"/api/v1/customers/{customerId}/switching", new { reason = "victim leaves" })).EnsureSuccessStatusCode();

        string[] secrets = [name, customerId.ToString(), exportId.ToString(), "victim leaves"];
        var exports = $"/api/v1/customers/{customerId}/exports";
        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/customers/{id:guid}/exports"] = new(exports, null, secrets),
            ["POST /api/v1/customers/{id:guid}/exports"] = new(exports, null, secrets),
            ["GET /api/v1/customers/{id:guid}/exports/{exportId:guid}"] = new($"{exports}/{exportId}", null, secrets),
            ["GET /api/v1/customers/{id:guid}/exports/{exportId:guid}/download"] = new($"{exports}/{exportId}/download", null, secrets),
            ["GET /api/v1/customers/{id:guid}/switching"] = new($"/api/v1/customers/{customerId}/switching", null, secrets),
            ["POST /api/v1/customers/{id:guid}/switching"] = new($"/api/v1/customers/{customerId}/switching", new { reason = "stolen" }, secrets),
            ["DELETE /api/v1/customers/{id:guid}/switching"] = new($"/api/v1/customers/{customerId}/switching", null, secrets),
        };
    }
}

using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>Simulations are the operator's: a partner asking for the victim reseller's history under a candidate gets a 403.</summary>
public sealed class SimulationTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        using var op = app.ApiClient();
        var planName = "Victim Kandidat " + Guid.NewGuid().ToString("N")[..8];
        var plan = await (await op.PostAsJsonAsync("/api/v1/commission-plans", new { name = planName, baseRate = 0.3m, status = "Pilot" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var planId = plan.GetProperty("id").GetGuid();
        string[] secrets = [planName, planId.ToString()];
        return new Dictionary<string, Probe>
        {
            ["POST /api/v1/simulations"] = new("/api/v1/simulations",
                new { commissionPlanId = planId, partnerIds = new[] { v.ResellerId }, fromPeriod = "2026-10", toPeriod = "2026-10" }, secrets),
        };
    }
}

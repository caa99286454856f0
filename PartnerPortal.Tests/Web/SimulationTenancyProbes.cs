using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Simulations and pilot programs: the operator's candidate is NOT shared with pilots here, so even the pilot attacker
/// (Demo.Pilot) is not shown it; simulations, sharing, publishing and reading feedback are the operator's.
/// </summary>
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
            ["POST /api/v1/commission-plans/{id:guid}/pilot-share"] = new($"/api/v1/commission-plans/{planId}/pilot-share", new { }, secrets),
            ["GET /api/v1/commission-plans/{id:guid}/pilot-view"] = new($"/api/v1/commission-plans/{planId}/pilot-view", null, secrets),
            ["POST /api/v1/commission-plans/{id:guid}/feedback"] = new($"/api/v1/commission-plans/{planId}/feedback", new { rating = 1, comment = "x" }, secrets),
            ["GET /api/v1/commission-plans/{id:guid}/feedback"] = new($"/api/v1/commission-plans/{planId}/feedback", null, secrets),
            ["POST /api/v1/commission-plans/{id:guid}/publish"] = new($"/api/v1/commission-plans/{planId}/publish",
                new { effectiveFrom = "2027-01-01", partnerIds = new[] { v.ResellerId } }, secrets),
            ["GET /api/v1/pilot-candidates"] = new("/api/v1/pilot-candidates", null, secrets),
        };
    }
}

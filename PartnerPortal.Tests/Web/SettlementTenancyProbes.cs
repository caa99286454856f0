using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the commission-plan and settlement endpoints: the operator gives the victim reseller a plan of its own
/// and the victim has a statement (arranged in the database for a period long past); the attackers try to read, assign,
/// settle, approve and pay.
/// </summary>
public sealed class SettlementTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        using var op = app.ApiClient();
        var planName = "Victim Provision " + Guid.NewGuid().ToString("N")[..8];
        var plan = await (await op.PostAsJsonAsync("/api/v1/commission-plans", new { name = planName, baseRate = 0.1m, status = "Published" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var planId = plan.GetProperty("id").GetGuid();
        (await op.PutAsJsonAsync($"/api/v1/partners/{v.ResellerId}/commission-plan", new { commissionPlanId = planId, effectiveFrom = "2026-12-01" }))
            .EnsureSuccessStatusCode();

        var period = Period.Parse("2019-01");
        var number = "PP-201901-" + Random.Shared.Next(100000, 999999);
        var customerId = Guid.NewGuid();
        var creditId = Guid.NewGuid();
        await using (var db = await app.DbAsync())
        {
            db.Statements.Add(new StatementRecord
            {
                Id = Guid.NewGuid(), PartnerId = v.ResellerId, Period = period, Number = number, Status = StatementStatus.Approved, TotalCents = 12345,
                Lines = 1, CreatedAtUtc = DateTime.UtcNow,
            });
            db.StatementLines.Add(new StatementLineRecord
            {
                Period = period, PartnerId = v.ResellerId, Kind = StatementLineKind.Commission, LineKey = "Commission:victim", CustomerId = customerId,
                SubscriptionId = Guid.NewGuid(), RevenueCents = 123450, Rate = 0.1m, AmountCents = 12345,
            });
            db.Credits.Add(new CreditRecord
            {
                Id = creditId, SubscriptionId = Guid.NewGuid(), CustomerId = customerId, Period = period, AmountCents = 500, Reason = "victim credit",
                CreatedAtUtc = DateTime.UtcNow, CreatedBy = "operator",
            });
            await db.SaveChangesAsync();
        }

        string[] secrets = [planName, planId.ToString(), number, customerId.ToString(), creditId.ToString()];
        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/commission-plans"] = new("/api/v1/commission-plans?pageSize=200", null, secrets),
            ["POST /api/v1/commission-plans"] = new("/api/v1/commission-plans", new { name = "Mine", baseRate = 0.9m, status = "Published" }, secrets),
            ["GET /api/v1/commission-plans/{id:guid}"] = new($"/api/v1/commission-plans/{planId}", null, secrets),
            ["POST /api/v1/commission-plans/{id:guid}/versions"] = new($"/api/v1/commission-plans/{planId}/versions", new { baseRate = 0.9m }, secrets),
            ["POST /api/v1/commission-plans/{id:guid}/status"] = new($"/api/v1/commission-plans/{planId}/status", new { status = "Retired" }, secrets),
            ["PUT /api/v1/partners/{id:guid}/commission-plan"] = new($"/api/v1/partners/{v.ResellerId}/commission-plan",
                new { commissionPlanId = planId, effectiveFrom = "2026-12-01" }, secrets),
            ["GET /api/v1/partners/{id:guid}/commission-plan"] = new($"/api/v1/partners/{v.ResellerId}/commission-plan", null, secrets),
            ["GET /api/v1/settlements"] = new("/api/v1/settlements", null, secrets),
            ["POST /api/v1/settlements"] = new("/api/v1/settlements", new { period = "2026-10" }, secrets),
            ["GET /api/v1/settlements/{period}"] = new("/api/v1/settlements/2019-01", null, secrets),
            ["POST /api/v1/settlements/{period}/approve"] = new("/api/v1/settlements/2019-01/approve", new { }, secrets),
            ["GET /api/v1/partners/{id:guid}/statements"] = new($"/api/v1/partners/{v.ResellerId}/statements", null, secrets),
            ["GET /api/v1/partners/{id:guid}/statements/{period}"] = new($"/api/v1/partners/{v.ResellerId}/statements/2019-01", null, secrets),
            ["GET /api/v1/credits"] = new("/api/v1/credits", null, secrets),
            ["POST /api/v1/credits"] = new("/api/v1/credits", new { subscriptionId = Guid.NewGuid(), period = "2019-01", amount = 1m, reason = "x" }, secrets),
            ["GET /api/v1/credits/{id:guid}"] = new($"/api/v1/credits/{creditId}", null, secrets),
            ["POST /api/v1/partners/{id:guid}/statements/{period}/pay"] = new($"/api/v1/partners/{v.ResellerId}/statements/2019-01/pay",
                new { reference = "stolen" }, secrets),
        };
    }
}

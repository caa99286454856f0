using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the usage endpoints against a subscription of the victim ISV (Belegfix) with reported usage: no attacker
/// reads its usage, and no attacker's key gets an event accepted for it (a reseller's key is refused; another ISV's
/// events are rejected one by one, so the 2xx answer must not say <c>"accepted":1</c>).
/// </summary>
public sealed class UsageTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        var (appId, planId, versionId) = await UsageArrange.AppAsync(app, v.IsvId, "Belegfix Scan " + Guid.NewGuid().ToString("N")[..6]);
        var customerId = await UsageArrange.CustomerAsync(app);
        var subscriptionId = await UsageArrange.SubscriptionAsync(app, v.IsvId, appId, planId, versionId, customerId, new DateOnly(2026, 10, 1));
        using var victim = app.ApiClient(v.IsvKey);
        var (status, body) = await UsageArrange.PostAsync(victim, UsageArrange.Event("victim-" + Guid.NewGuid().ToString("N"), subscriptionId, "minutes", 777.5m, "2026-11-20T08:00:00Z"));
        if (status != HttpStatusCode.OK || body.GetProperty("accepted").GetInt32() != 1) throw new InvalidOperationException("The victim's usage was not stored: " + body);

        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/subscriptions/{id:guid}/usage/{period}"] = new($"/api/v1/subscriptions/{subscriptionId}/usage/2026-11", null, "778", "\"minutes\""),
            ["POST /api/v1/usage"] = new("/api/v1/usage",
                new { events = new[] { UsageArrange.Event("attack-" + Guid.NewGuid().ToString("N"), subscriptionId, "minutes", 1, "2026-11-20T08:00:00Z") } },
                "\"accepted\":1", subscriptionId.ToString()),
        };
    }
}

using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the payout endpoints: only the operator reads a period's payouts or writes its payment file; partners
/// are refused before anything is read, and never see the victim's IBAN or statement.
/// </summary>
public sealed class PayoutTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        var victim = await Demo.PartnerAsync(app, Demo.Rheinland);
        string[] secrets = victim.Iban is { } iban ? [iban] : [];
        return new Dictionary<string, Probe>
        {
            ["GET /api/v1/settlements/{period}/payments"] = new("/api/v1/settlements/2026-10/payments", null, secrets),
            ["GET /api/v1/settlements/{period}/payouts"] = new("/api/v1/settlements/2026-10/payouts", null, secrets),
        };
    }
}

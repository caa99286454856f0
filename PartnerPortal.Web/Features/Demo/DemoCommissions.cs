using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Features.Demo;

/// <summary>
/// The demo's commission programs: a published standard plan for the resellers and system integrators (10 %, 15 % on
/// communication apps, 12 % above 5,000 EUR attributed revenue a month, 25 EUR minimum payout, 5 % service fee), an
/// override plan for the distributor (2 %), and a pilot candidate for the pilot partner to try.
/// </summary>
internal static class DemoCommissions
{
    public static void Add(PortalDbContext db, PortalSeeder.World world, DateTime now)
    {
        var standard = CommissionPlan.Create("Standard-Provision 2026", CommissionPlanStatus.Published, now);
        var standardTerms = standard.AddVersion(new CommissionTerms
        {
            BaseRate = 0.10m,
            CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m },
            Tiers = [new CommissionTier(5_000m, 0.10m), new CommissionTier(null, 0.12m)],
            MinimumPayout = 25m,
            ServiceFeeRate = 0.05m,
        }, now);
        var distributor = CommissionPlan.Create("Distributor-Override 2026", CommissionPlanStatus.Published, now);
        var distributorTerms = distributor.AddVersion(new CommissionTerms { BaseRate = 0m, OverrideRate = 0.02m }, now);
        var pilot = CommissionPlan.Create("Provision 2027 (Pilot)", CommissionPlanStatus.Pilot, now);
        var pilotTerms = pilot.AddVersion(new CommissionTerms
        {
            BaseRate = 0.12m,
            CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.18m },
            DurationMonths = 36,
            MinimumPayout = 25m,
        }, now);
        db.CommissionPlans.AddRange(standard, distributor, pilot);
        db.CommissionPlanVersions.AddRange(standardTerms, distributorTerms, pilotTerms);
        // The candidate is shared with the pilot partners: the pilot login sees it on /pilot (issue 10).
        db.PilotShares.Add(new Simulation.PilotShareRecord { CommissionPlanId = pilot.Id, SharedAtUtc = now, SharedBy = "demo" });

        var from = new DateOnly(2026, 1, 1);
        foreach (var partner in world.Partners.Where(p => p.Status == PartnerStatus.Active))
        {
            var plan = partner.Kind switch
            {
                PartnerKind.Reseller or PartnerKind.SystemIntegrator => standard,
                PartnerKind.Distributor => distributor,
                _ => null,
            };
            if (plan is null) continue;
            db.CommissionAssignments.Add(CommissionAssignment.Assign(partner.Id, plan, from, [], "demo", now).Added);
        }
    }
}

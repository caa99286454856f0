using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// Corrections of approved periods (DESIGN §5): a late usage event or a credit changes what an approved period should
/// have earned; the difference is settled in the next open period as <c>adjustment</c> lines naming the corrected
/// period, at the original line's rates. Approved statements never change.
/// <para>
/// DESIGN: adjustments are DIFFERENCES, not events. For each candidate (approved period P, subscription) the revenue P
/// should have had — re-rated with the usage known now, less its credits — is split with the rates the original line
/// remembers, and compared with what was settled for P so far (the original line plus adjustments in approved
/// statements). Re-running a draft therefore gives the same lines, a correction is never settled twice, and one that
/// arrives after a draft was made is picked up by the next run. Candidates are the subscriptions with credits on
/// approved periods and those whose usage aggregate of an approved period changed at or after its approval.
/// </para>
/// </summary>
internal static class SettlementAdjustments
{
    /// <summary>Adds the adjustment records and statement lines of <paramref name="period"/> to <paramref name="db"/> (not saved).</summary>
    public static async Task<List<string>> AddAsync(PortalDbContext db, Period period, CancellationToken ct)
    {
        var report = new List<string>();
        var approved = await db.SettlementRuns.AsNoTracking().Where(r => r.Status == SettlementStatus.Approved)
            .Select(r => new { r.Period, r.ApprovedAtUtc }).ToListAsync(ct);
        if (approved.Count == 0) return report;
        var lastApproved = approved.Max(r => r.Period);
        if (period != lastApproved.Next()) return report; // corrections go into the first open period only
        var approvedAt = approved.ToDictionary(r => r.Period, r => r.ApprovedAtUtc ?? DateTime.MinValue);
        var since = approvedAt.Values.Min();

        var credited = (await db.Credits.AsNoTracking().Select(c => new { c.SubscriptionId, c.Period }).Distinct().ToListAsync(ct))
            .Where(c => approvedAt.ContainsKey(c.Period)).Select(c => (c.Period, c.SubscriptionId));
        var late = (await db.UsageAggregates.AsNoTracking().Where(a => a.UpdatedAtUtc >= since)
                .Select(a => new { a.Period, a.SubscriptionId, a.UpdatedAtUtc }).ToListAsync(ct))
            .Where(a => approvedAt.TryGetValue(a.Period, out var at) && a.UpdatedAtUtc >= at).Select(a => (a.Period, a.SubscriptionId));
        var candidates = credited.Concat(late).Distinct().GroupBy(c => c.Period).ToList();

        foreach (var group in candidates.OrderBy(g => g.Key))
        {
            var corrected = group.Key;
            var ids = group.Select(c => c.SubscriptionId).Distinct().ToList();
            var originals = await db.RevenueLines.AsNoTracking().Where(l => l.Period == corrected && ids.Contains(l.SubscriptionId))
                .ToDictionaryAsync(l => l.SubscriptionId, ct);
            var previous = (await db.RevenueAdjustments.AsNoTracking().Where(a => a.CorrectedPeriod == corrected && ids.Contains(a.SubscriptionId))
                    .ToListAsync(ct))
                .Where(a => approvedAt.ContainsKey(a.Period)).GroupBy(a => a.SubscriptionId).ToDictionary(g => g.Key, g => g.ToList());
            var credits = (await db.Credits.AsNoTracking().Where(c => c.Period == corrected && ids.Contains(c.SubscriptionId))
                    .Select(c => new { c.SubscriptionId, c.AmountCents }).ToListAsync(ct))
                .GroupBy(c => c.SubscriptionId).ToDictionary(g => g.Key, g => g.Sum(c => c.AmountCents));
            var rated = await RateAsync(db, corrected, originals.Values.ToList(), ct);

            foreach (var id in ids.OrderBy(x => x))
            {
                if (!originals.TryGetValue(id, out var original))
                {
                    report.Add($"Subscription {id} has a correction for {corrected} but no revenue line there; nothing adjusted.");
                    continue;
                }

                var (revenueNow, events) = rated.GetValueOrDefault(id, (original.RevenueCents, original.Events));
                var credit = credits.GetValueOrDefault(id);
                var expected = Split(original, Money.FromMinorUnits(revenueNow - credit, original.Currency), events > 0);
                var settled = Settled(original, previous.GetValueOrDefault(id));
                var delta = new RevenueAdjustmentRecord
                {
                    Period = period, CorrectedPeriod = corrected, SubscriptionId = id, CustomerId = original.CustomerId, RevenueLineId = original.Id,
                    Currency = original.Currency, CreditCents = credit, Events = events,
                    RevenueDeltaCents = expected.Revenue - settled.Revenue,
                    PlatformFeeDeltaCents = expected.PlatformFee - settled.PlatformFee,
                    ServiceFeeDeltaCents = expected.ServiceFee - settled.ServiceFee,
                    PayoutDeltaCents = expected.Payout - settled.Payout,
                    CommissionDeltaCents = expected.Commission - settled.Commission,
                    OverrideDeltaCents = expected.Override - settled.Override,
                };
                if (delta is { RevenueDeltaCents: 0, PlatformFeeDeltaCents: 0, ServiceFeeDeltaCents: 0, PayoutDeltaCents: 0, CommissionDeltaCents: 0, OverrideDeltaCents: 0 })
                    continue;
                db.RevenueAdjustments.Add(delta);
                var payoutKind = original.AppId is null ? "servicePayout" : "isvPayout";
                AddLine(db, delta, original, original.ContractPartnerId, payoutKind, original.AppId is null ? original.ServiceFeeRate : original.PlatformFeeRate, delta.PayoutDeltaCents);
                if (original.AttributedPartnerId is { } partner && original.CommissionRate is { } rate)
                    AddLine(db, delta, original, partner, "commission", rate, delta.CommissionDeltaCents);
                if (original.DistributorId is { } distributor && original.OverrideRate is { } overrideRate)
                    AddLine(db, delta, original, distributor, "override", overrideRate, delta.OverrideDeltaCents);
            }
        }

        return report;
    }

    private sealed record Amounts(long Revenue, long PlatformFee, long ServiceFee, long Payout, long Commission, long Override);

    /// <summary>What <paramref name="revenue"/> splits into at the rates <paramref name="line"/> remembers.</summary>
    private static Amounts Split(RevenueLineRecord line, Money revenue, bool used)
    {
        long platformFee = 0, serviceFee = 0, payout;
        if (line.AppId is not null)
        {
            var split = SettlementEngine.SplitApp(revenue, used, line.PlatformFeeRate);
            platformFee = split.PlatformFee.ToMinorUnits();
            payout = split.IsvPayout.ToMinorUnits();
        }
        else
        {
            var split = SettlementEngine.SplitService(revenue, line.ServiceFeeRate);
            serviceFee = split.ServiceFee.ToMinorUnits();
            payout = split.Payout.ToMinorUnits();
        }

        var commission = line.CommissionRate is { } rate ? SettlementEngine.Round(revenue.Amount * rate, revenue.Currency).ToMinorUnits() : 0;
        var @override = line.OverrideRate is { } o ? SettlementEngine.Round(revenue.Amount * o, revenue.Currency).ToMinorUnits() : 0;
        return new Amounts(revenue.ToMinorUnits(), platformFee, serviceFee, payout, commission, @override);
    }

    private static Amounts Settled(RevenueLineRecord line, List<RevenueAdjustmentRecord>? adjustments)
    {
        var a = adjustments ?? [];
        return new Amounts(line.RevenueCents + a.Sum(x => x.RevenueDeltaCents), line.PlatformFeeCents + a.Sum(x => x.PlatformFeeDeltaCents),
            line.ServiceFeeCents + a.Sum(x => x.ServiceFeeDeltaCents), line.PayoutCents + a.Sum(x => x.PayoutDeltaCents),
            line.CommissionCents + a.Sum(x => x.CommissionDeltaCents), line.OverrideCents + a.Sum(x => x.OverrideDeltaCents));
    }

    private static void AddLine(PortalDbContext db, RevenueAdjustmentRecord delta, RevenueLineRecord original, Guid partnerId, string what, decimal rate, long amount)
    {
        if (amount == 0) return;
        db.StatementLines.Add(new StatementLineRecord
        {
            Period = delta.Period, PartnerId = partnerId, Kind = StatementLineKind.Adjustment,
            LineKey = $"Adjustment:{what}:{PeriodKey.ToInt(delta.CorrectedPeriod)}:{delta.SubscriptionId:N}",
            CustomerId = original.CustomerId, SubscriptionId = original.SubscriptionId, RevenueLineId = original.Id, Currency = original.Currency,
            RevenueCents = delta.RevenueDeltaCents, Rate = rate, AmountCents = amount, RefersToPeriod = delta.CorrectedPeriod,
            Description = $"{what} correction of {delta.CorrectedPeriod}" + (delta.CreditCents != 0 ? " (credit)" : "") ,
        });
    }

    /// <summary>Re-rates the original lines' subscriptions for <paramref name="period"/> with the usage known now: revenue cents and accepted events.</summary>
    private static async Task<Dictionary<Guid, (long RevenueCents, long Events)>> RateAsync(PortalDbContext db, Period period, List<RevenueLineRecord> lines, CancellationToken ct)
    {
        var ids = lines.Select(l => l.SubscriptionId).ToList();
        var rated = await SettlementInputs.RateAsync(db, period, db.Subscriptions.Where(s => EF.Parameter(ids).Contains(s.Id)), ct);
        return rated.ToDictionary(r => r.Row.Id, r => (r.Rated.Revenue.ToMinorUnits(), r.Events));
    }
}

using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using Money = PartnerPortal.Domain.Money.Money;

namespace PartnerPortal.Web.Features.Simulation;

/// <summary>
/// What the replay reads of a stored app revenue line: every input of the commission rule (DESIGN §5) — category,
/// revenue, attribution date. Which subscription and customer it was is not read: the engine only orders and labels its
/// result lines by them, and the replay adds the amounts up.
/// </summary>
public sealed record ReplayAppLine(Period Period, Guid AttributedPartnerId, DateOnly AttributedFrom, string? Category, string Currency, long RevenueCents);

/// <summary>What was settled on one attributed partner's lines of a period, added up: platform fees, its commissions, its distributor's overrides.</summary>
public sealed record ReplaySettled(long PlatformFeeCents, long CommissionCents, long OverrideCents)
{
    public static readonly ReplaySettled None = new(0, 0, 0);
}

/// <summary>
/// What one attributed partner's period was settled under (the same on all its lines): its plan version, its distributor
/// and the distributor's plan version; with the amounts settled on it.
/// </summary>
public sealed record ReplayHead(Guid? CommissionPlanVersionId, Guid? DistributorId, Guid? DistributorPlanVersionId, ReplaySettled Settled);

/// <summary>What the replay reads of a stored partner-service revenue line.</summary>
public sealed record ReplayServiceLine(Period Period, Guid PartnerId, string Currency, long RevenueCents, long ServiceFeeCents);

/// <summary>
/// One attributed partner's app revenue lines of one period, what was settled on them, and the terms it was settled
/// under: its own plan version and its distributor's (both as the lines remember them).
/// </summary>
public sealed record ReplayGroup(Guid PartnerId, Period Period, IReadOnlyList<ReplayAppLine> Lines, ReplaySettled Settled, CommissionTerms? OwnTerms,
    Guid? DistributorId, CommissionTerms? DistributorTerms)
{
    /// <summary>The lines as the settlement's input, made once: a group is replayed for its own row and for its distributor's.</summary>
    public IReadOnlyList<AttributedRevenue> Revenues { get; } = Lines.Select(l =>
        new AttributedRevenue(Guid.Empty, Guid.Empty, l.Category, Money.FromMinorUnits(l.RevenueCents, l.Currency), l.AttributedFrom)).ToList();
}

/// <summary>
/// The simulation's arithmetic: the stored lines replayed through <see cref="SettlementEngine.Commissions"/> and
/// <see cref="SettlementEngine.SplitService"/> — the settlement's own functions, no rule of its own.
/// <para>
/// A row answers "what if THIS partner had had the candidate": its own attributed customers earn under the candidate
/// (its distributor's override on them follows, as settled, the distributor's plan); where the partner is a distributor,
/// its override on its downline's revenue follows the candidate's <c>overrideRate</c> while the downline keeps its
/// settled plans; its own services pay the candidate's <c>serviceFeeRate</c>. Every row is its own scenario: the rows of
/// a distributor and of its reseller are not meant to be added up.
/// </para>
/// <para>
/// Current is what was settled (the stored amounts); margins are the platform net of DESIGN §5 — platform fees + service
/// fees − commissions − overrides — over the revenue the row concerns. Carry-forwards and adjustments are left aside.
/// </para>
/// </summary>
public static class SimulationReplay
{
    public static SimulationRowDto Row(Guid partnerId, Period period, CommissionTerms candidate, IEnumerable<ReplayGroup> own,
        IEnumerable<ReplayGroup> downline, IEnumerable<ReplayServiceLine> services)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        long current = 0, simulated = 0, marginCurrent = 0, marginSimulated = 0;
        foreach (var g in own)
        {
            var result = Replay(g, candidate, g.DistributorTerms);
            var settledCommission = g.Settled.CommissionCents;
            current += settledCommission;
            var commission = result.Commissions.Sum(c => c.Amount.ToMinorUnits());
            var overrides = result.Overrides.Sum(o => o.Amount.ToMinorUnits());
            simulated += commission;
            var fees = g.Settled.PlatformFeeCents;
            marginCurrent += fees - settledCommission - g.Settled.OverrideCents;
            marginSimulated += fees - commission - overrides;
        }

        foreach (var g in downline)
        {
            var result = Replay(g, g.OwnTerms, candidate);
            var settledOverride = g.Settled.OverrideCents;
            var overrides = result.Overrides.Sum(o => o.Amount.ToMinorUnits());
            current += settledOverride;
            simulated += overrides;
            var feesLessCommission = g.Settled.PlatformFeeCents - g.Settled.CommissionCents;
            marginCurrent += feesLessCommission - settledOverride;
            marginSimulated += feesLessCommission - overrides;
        }

        foreach (var s in services)
        {
            marginCurrent += s.ServiceFeeCents;
            marginSimulated += SettlementEngine.SplitService(Money.FromMinorUnits(s.RevenueCents, s.Currency), candidate.ServiceFeeRate).ServiceFee.ToMinorUnits();
        }

        return new SimulationRowDto(partnerId, period.ToString(), current / 100m, simulated / 100m, marginCurrent / 100m, marginSimulated / 100m);
    }

    private static PartnerCommissions Replay(ReplayGroup g, CommissionTerms? terms, CommissionTerms? distributorTerms)
    {
        var currency = g.Lines.Count > 0 ? g.Lines[0].Currency : Money.DefaultCurrency;
        return SettlementEngine.Commissions(g.Period, terms, distributorTerms, g.Revenues, currency);
    }
}

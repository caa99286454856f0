using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Simulation;

/// <summary>
/// Commission simulations (DESIGN §5, §8): the stored revenue lines of settled periods replayed under a candidate plan
/// (<see cref="SimulationReplay"/>). Reads only — nothing is written. Partners are taken in batches, each batch's lines
/// loaded set-based with one context, so memory stays flat in the number of partners and rows stream out as they are made.
/// </summary>
public sealed class SimulationService(PortalDbFactory dbFactory)
{
    /// <summary>Most periods one simulation replays (three years).</summary>
    public const int MaxPeriods = 36;

    /// <summary>Partners replayed per batch (with their downline's lines): bounds the lines held in memory at once.</summary>
    public const int PartnersPerBatch = 100;

    /// <summary>Batches read and replayed at once (the machine's cores, at most two: a simulation leaves room for the portal).</summary>
    private static readonly int BatchesInFlight = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Operator: checks the request (every problem named by its field) and answers what will be replayed.</summary>
    public async Task<SimulationScope> ScopeAsync(SimulationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator simulates commission plans.");
        var errors = new List<FieldError>();

        CommissionPlan? plan = null;
        CommissionTerms? candidate = null;
        if (request.CommissionPlanId is null) errors.Add(new("commissionPlanId", "commissionPlanId is required: the candidate plan (Draft or Pilot)."));
        else
        {
            plan = await db.CommissionPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.CommissionPlanId, ct);
            if (plan is null) errors.Add(new("commissionPlanId", "The commission plan does not exist."));
            else if (plan.Status is not (CommissionPlanStatus.Draft or CommissionPlanStatus.Pilot))
                errors.Add(new("commissionPlanId", $"Only a Draft or Pilot plan is a candidate to simulate; this one is {plan.Status}."));
            else
                candidate = await db.CommissionPlanVersions.AsNoTracking().Where(v => v.Id == plan.CurrentVersionId).Select(v => v.Terms).SingleOrDefaultAsync(ct);
            if (plan is not null && candidate is null && errors.Count == 0) errors.Add(new("commissionPlanId", "The commission plan has no terms yet."));
        }

        var periods = await PeriodsAsync(db, request, errors, ct);
        var partnerIds = await PartnersAsync(db, request.PartnerIds, periods, errors, ct);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        return new SimulationScope(plan!.Id, plan.Name, candidate!, partnerIds, periods);
    }

    /// <summary>
    /// The rows of <paramref name="scope"/>, one per partner and period, partner batch by partner batch. The caller has
    /// checked the scope (<see cref="ScopeAsync"/>); the replay reads as the system because a distributor's row needs
    /// its downline's lines and plans.
    /// </summary>
    public async IAsyncEnumerable<SimulationRowDto> RowsAsync(SimulationScope scope, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        // Two batches in flight: the next one is read and replayed on another core while this one's rows are written out.
        // Each has its own context; memory stays bounded by two batches, whatever the number of partners.
        var pending = new Queue<Task<List<SimulationRowDto>>>();
        foreach (var batch in scope.PartnerIds.Chunk(PartnersPerBatch))
        {
            pending.Enqueue(Task.Run(() => BatchAsync(scope, batch, ct), ct));
            if (pending.Count < BatchesInFlight) continue;
            foreach (var row in await pending.Dequeue()) yield return row;
        }

        while (pending.Count > 0)
            foreach (var row in await pending.Dequeue()) yield return row;
    }

    private async Task<List<SimulationRowDto>> BatchAsync(SimulationScope scope, Guid[] batch, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        return await BatchAsync(db, scope, batch, ct);
    }

    /// <summary>Everything at once (the pages and tests; the API streams).</summary>
    public async Task<List<SimulationRowDto>> SimulateAsync(SimulationRequest request, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(request, ct);
        var rows = new List<SimulationRowDto>();
        await foreach (var row in RowsAsync(scope, ct)) rows.Add(row);
        return rows;
    }

    /// <summary>Operator: what the simulation page offers — candidates (Draft, Pilot), commission partners, settled periods.</summary>
    public async Task<SimulationChoices> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator simulates commission plans.");
        var candidates = await db.CommissionPlans.AsNoTracking()
            .Where(p => p.Status == CommissionPlanStatus.Draft || p.Status == CommissionPlanStatus.Pilot)
            .OrderBy(p => p.Name).Select(p => new CandidateChoice(p.Id, p.Name, p.Status)).ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.Kind != PartnerKind.Isv)
            .OrderBy(p => p.Name).Select(p => new PartnerChoice(p.Id, p.Name, p.Kind, p.Pilot, p.Status)).ToListAsync(ct);
        var periods = (await db.SettlementRuns.AsNoTracking()
                .Where(r => r.Status == SettlementStatus.Draft || r.Status == SettlementStatus.Approved).Select(r => r.Period).ToListAsync(ct))
            .OrderDescending().ToList();
        return new SimulationChoices(candidates, partners, periods);
    }

    // ------------------------------------------------------------------ validation

    private static async Task<List<Period>> PeriodsAsync(PortalDbContext db, SimulationRequest request, List<FieldError> errors, CancellationToken ct)
    {
        Period from = default, to = default;
        var fromOk = Period.TryParse(request.FromPeriod, out from);
        var toOk = Period.TryParse(request.ToPeriod, out to);
        if (!fromOk) errors.Add(new("fromPeriod", "fromPeriod is required, as yyyy-MM (2026-01)."));
        if (!toOk) errors.Add(new("toPeriod", "toPeriod is required, as yyyy-MM (2026-12)."));
        if (!fromOk || !toOk) return [];
        if (from > to)
        {
            errors.Add(new("fromPeriod", $"fromPeriod {from} is after toPeriod {to}."));
            return [];
        }

        var count = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        if (count > MaxPeriods)
        {
            errors.Add(new("toPeriod", $"A simulation covers at most {MaxPeriods} periods; {from} to {to} are {count}."));
            return [];
        }

        var periods = new List<Period>(count);
        for (var p = from; p <= to; p = p.Next()) periods.Add(p);
        var settled = (await db.SettlementRuns.AsNoTracking()
                .Where(r => r.Period >= from && r.Period <= to && (r.Status == SettlementStatus.Draft || r.Status == SettlementStatus.Approved))
                .Select(r => r.Period).ToListAsync(ct)).ToHashSet();
        var unsettled = periods.Where(p => !settled.Contains(p)).ToList();
        if (unsettled.Count > 0)
            errors.Add(new(unsettled[0] == from ? "fromPeriod" : "toPeriod",
                $"Only settled periods can be replayed; not settled: {string.Join(", ", unsettled.Take(6))}{(unsettled.Count > 6 ? " …" : "")}."));
        return periods;
    }

    /// <summary>The named partners (each must exist and earn commission: not an ISV), or every partner the periods' lines concern.</summary>
    private static async Task<List<Guid>> PartnersAsync(PortalDbContext db, IReadOnlyList<Guid>? requested, List<Period> periods, List<FieldError> errors,
        CancellationToken ct)
    {
        if (requested is not null)
        {
            if (requested.Count == 0)
            {
                errors.Add(new("partnerIds", "partnerIds is empty: name partners, or leave it out for all."));
                return [];
            }

            var distinct = requested.Distinct().ToList();
            var named = await db.Partners.AsNoTracking().Where(p => EF.Parameter(distinct).Contains(p.Id)).Select(p => new { p.Id, p.Kind, p.ParentPartnerId })
                .ToDictionaryAsync(p => p.Id, ct);
            for (var i = 0; i < requested.Count; i++)
            {
                if (!named.TryGetValue(requested[i], out var partner)) errors.Add(new($"partnerIds[{i}]", $"Partner {requested[i]} does not exist."));
                else if (partner.Kind == PartnerKind.Isv) errors.Add(new($"partnerIds[{i}]", $"Partner {requested[i]} is an ISV: it earns no commission."));
            }

            return FamilyOrder(distinct, id => named.GetValueOrDefault(id)?.ParentPartnerId);
        }

        if (periods.Count == 0) return [];
        // Who was attributed, who got an override, who sold services in the range: one probe per partner into each of the
        // (partner, period) indexes, instead of reading every line of the range for its partner columns.
        Period first = periods[0], last = periods[^1];
        var partners = await db.Partners.AsNoTracking().Select(p => new
        {
            p.Id, p.Kind, p.ParentPartnerId,
            Attributed = db.RevenueLines.Any(l => l.AttributedPartnerId == p.Id && l.Period >= first && l.Period <= last),
            Overridden = db.RevenueLines.Any(l => l.DistributorId == p.Id && l.Period >= first && l.Period <= last),
        }).ToDictionaryAsync(p => p.Id, ct);
        // Service sellers among the few partners that own services (SQLite would not cut a per-partner probe short for the others).
        var owners = await db.PartnerServices.AsNoTracking().Select(s => s.PartnerId).Distinct().ToListAsync(ct);
        var sellers = owners.Count == 0 ? [] : await db.RevenueLines.AsNoTracking()
            .Where(l => EF.Parameter(owners).Contains(l.ContractPartnerId) && l.Period >= first && l.Period <= last && l.PartnerServiceId != null)
            .Select(l => l.ContractPartnerId).Distinct().ToListAsync(ct);
        Guid? ParentOf(Guid id) => partners.GetValueOrDefault(id)?.ParentPartnerId;
        var concerned = partners.Values.Where(p => p.Attributed || p.Overridden).Select(p => p.Id).Concat(sellers);
        var parentsOfAttributed = partners.Values.Where(p => p.Attributed && p.ParentPartnerId != null).Select(p => p.ParentPartnerId!.Value);
        var ids = concerned.Concat(parentsOfAttributed)
            .Where(id => partners.TryGetValue(id, out var partner) && partner.Kind != PartnerKind.Isv).Distinct();
        return FamilyOrder(ids, ParentOf);
    }

    /// <summary>
    /// A distributor next to its partners (then by id): a batch then mostly holds whole families, and the lines a distributor's
    /// row needs are those its partners' rows load anyway.
    /// </summary>
    private static List<Guid> FamilyOrder(IEnumerable<Guid> ids, Func<Guid, Guid?> parentOf) =>
        ids.OrderBy(id => parentOf(id) ?? id).ThenBy(id => parentOf(id) is null ? 0 : 1).ThenBy(id => id).ToList();

    // ------------------------------------------------------------------ replay

    private static async Task<List<SimulationRowDto>> BatchAsync(PortalDbContext db, SimulationScope scope, Guid[] batch, CancellationToken ct)
    {
        var periods = scope.Periods;
        // A range, not a list: SQLite then finds a partner's lines through the (partner, period) indexes.
        Period first = periods[0], last = periods[^1];
        // The batch's downline: its partners' children now, and whoever settled an override to them in the range.
        var children = await db.Partners.AsNoTracking().Where(p => p.ParentPartnerId != null && EF.Parameter(batch).Contains(p.ParentPartnerId.Value))
            .Select(p => p.Id).ToListAsync(ct);
        // Only distributors are ever a parent (Partner.Create): the others' settled overrides need not be looked for.
        var distributors = await db.Partners.AsNoTracking().Where(p => EF.Parameter(batch).Contains(p.Id) && p.Kind == PartnerKind.Distributor).Select(p => p.Id)
            .ToListAsync(ct);
        var attributed = batch.Concat(children).Distinct().ToList();
        // Partners that settled an override to a batch distributor but are not its children now (they moved): their periods
        // are replayed whole too (the tier follows the partner's whole revenue).
        var moved = distributors.Count == 0 ? [] : await db.RevenueLines.AsNoTracking()
            .Where(l => l.DistributorId != null && EF.Parameter(distributors).Contains(l.DistributorId.Value) && l.Period >= first && l.Period <= last
                        && l.AttributedPartnerId != null && !EF.Parameter(attributed).Contains(l.AttributedPartnerId.Value))
            .Select(l => l.AttributedPartnerId!.Value).Distinct().ToListAsync(ct);
        attributed.AddRange(moved);
        var appLines = await AppLinesAsync(db, attributed, first, last, ct);
        var heads = await HeadsAsync(db, attributed, first, last, ct);

        var serviceLines = await db.RevenueLines.AsNoTracking()
            .Where(l => EF.Parameter(batch).Contains(l.ContractPartnerId) && l.Period >= first && l.Period <= last && l.PartnerServiceId != null)
            .Select(l => new ReplayServiceLine(l.Period, l.ContractPartnerId, l.Currency, l.RevenueCents, l.ServiceFeeCents))
            .ToListAsync(ct);

        // Who the distributor of a group was: as the lines remember it, else the partner's parent now (no override was paid:
        // the distributor had no override rate, or the partner earned nothing), with the plan in force on the period's last day.
        var parents = await db.Partners.AsNoTracking().Where(p => EF.Parameter(attributed).Contains(p.Id))
            .Select(p => new { p.Id, p.ParentPartnerId }).ToDictionaryAsync(p => p.Id, p => p.ParentPartnerId, ct);
        var parentIds = parents.Values.Where(v => v != null).Select(v => v!.Value).Distinct().ToList();
        var assignments = (await db.CommissionAssignments.AsNoTracking().Where(a => EF.Parameter(parentIds).Contains(a.PartnerId))
            .Select(a => new { a.PartnerId, a.CommissionPlanVersionId, a.From, a.ToExclusive }).ToListAsync(ct)).ToLookup(a => a.PartnerId);

        // A group per partner and period with settled lines (its lines with revenue, if any, are what is replayed).
        var linesOf = appLines.ToLookup(l => (l.AttributedPartnerId, l.Period));
        var raw = heads.Select(h =>
        {
            var ((partnerId, period), head) = (h.Key, h.Value);
            Guid? distributor = head.DistributorId ?? parents.GetValueOrDefault(partnerId);
            var lastDay = period.EndExclusive.AddDays(-1);
            var distributorVersion = head.DistributorPlanVersionId
                                     ?? (distributor is { } d ? assignments[d] : []).FirstOrDefault(a => a.From <= lastDay && (a.ToExclusive == null || a.ToExclusive > lastDay))
                                         ?.CommissionPlanVersionId;
            return (AttributedPartnerId: partnerId, Period: period, Lines: linesOf[h.Key].ToList(), head.Settled, Own: head.CommissionPlanVersionId,
                Distributor: distributor, DistributorVersion: distributorVersion);
        }).ToList();

        var versionIds = raw.SelectMany(r => new[] { r.Own, r.DistributorVersion }).Where(v => v != null).Select(v => v!.Value).Distinct().ToList();
        var terms = await db.CommissionPlanVersions.AsNoTracking().Where(v => EF.Parameter(versionIds).Contains(v.Id))
            .Select(v => new { v.Id, v.Terms }).ToDictionaryAsync(v => v.Id, v => v.Terms, ct);
        var groups = raw.Select(r => new ReplayGroup(r.AttributedPartnerId, r.Period, r.Lines, r.Settled, r.Own is { } o ? terms.GetValueOrDefault(o) : null,
            r.Distributor, r.DistributorVersion is { } d ? terms.GetValueOrDefault(d) : null)).ToList();

        var ownOf = groups.ToLookup(g => (g.PartnerId, g.Period));
        var downlineOf = groups.Where(g => g.DistributorId != null).ToLookup(g => (g.DistributorId!.Value, g.Period));
        var servicesOf = serviceLines.ToLookup(s => (s.PartnerId, s.Period));
        var rows = new List<SimulationRowDto>(batch.Length * periods.Count);
        foreach (var partner in batch)
            foreach (var period in periods)
                rows.Add(SimulationReplay.Row(partner, period, scope.Candidate, ownOf[(partner, period)], downlineOf[(partner, period)],
                    servicesOf[(partner, period)]));
        return rows;
    }

    /// <summary>The app revenue lines of the range attributed to <paramref name="attributed"/>: a range of the replay index per partner.</summary>
    private static IQueryable<Settlement.RevenueLineRecord> AttributedAppLines(PortalDbContext db, List<Guid> attributed, Period first, Period last) =>
        db.RevenueLines.AsNoTracking()
            .Where(l => l.AttributedPartnerId != null && EF.Parameter(attributed).Contains(l.AttributedPartnerId.Value) && l.Period >= first && l.Period <= last)
            .Where(l => l.AppId != null);

    /// <summary>
    /// The app revenue lines of the range attributed to <paramref name="attributed"/>: the columns the commission rule
    /// reads, all in the (attributed partner, period) index, lines without revenue left out (they earn nothing, settled or
    /// replayed). What is the same on every line of a partner's period (plan versions, distributor) and what is only
    /// added up (the settled amounts) is read once per period (<see cref="HeadsAsync"/>): every column read per line
    /// costs (SQLite's reader, ~0.3 µs a column).
    /// </summary>
    private static Task<List<ReplayAppLine>> AppLinesAsync(PortalDbContext db, List<Guid> attributed, Period first, Period last, CancellationToken ct) =>
        AttributedAppLines(db, attributed, first, last)
            .Where(l => l.RevenueCents != 0)
            .Select(l => new ReplayAppLine(l.Period, l.AttributedPartnerId!.Value, l.AttributedFrom!.Value, l.Category, l.Currency, l.RevenueCents))
            .ToListAsync(ct);

    /// <summary>
    /// Per partner and period of <paramref name="attributed"/>: the plan version its lines were settled under, the
    /// distributor with the plan version its override was settled under, and the amounts settled on its lines. The
    /// settlement computes a partner's period in one call with one pair of terms (<see cref="SettlementEngine.Commissions"/>),
    /// so each id is one value or absent (lines that earned nothing carry none); the sums are added over its groups here.
    /// </summary>
    private static async Task<Dictionary<(Guid, Period), ReplayHead>> HeadsAsync(PortalDbContext db, List<Guid> attributed, Period first, Period last,
        CancellationToken ct)
    {
        // Two reads, each in the order of the (attributed partner, period) index, so SQLite needs no sort: the ids (distinct),
        // and the sums (grouped by partner and period only).
        var lines = AttributedAppLines(db, attributed, first, last);
        var ids = (await lines.Where(l => l.CommissionPlanVersionId != null || l.DistributorId != null)
                .Select(l => new { PartnerId = l.AttributedPartnerId!.Value, l.Period, l.CommissionPlanVersionId, l.DistributorId, l.DistributorPlanVersionId })
                .Distinct().ToListAsync(ct))
            .ToLookup(h => (h.PartnerId, h.Period));
        var sums = await lines.GroupBy(l => new { PartnerId = l.AttributedPartnerId!.Value, l.Period })
            .Select(g => new
            {
                g.Key.PartnerId, g.Key.Period,
                PlatformFeeCents = g.Sum(l => l.PlatformFeeCents), CommissionCents = g.Sum(l => l.CommissionCents), OverrideCents = g.Sum(l => l.OverrideCents),
            })
            .ToListAsync(ct);
        return sums.ToDictionary(s => (s.PartnerId, s.Period), s =>
        {
            var idsOf = ids[(s.PartnerId, s.Period)];
            return new ReplayHead(idsOf.Select(h => h.CommissionPlanVersionId).FirstOrDefault(v => v != null),
                idsOf.Select(h => h.DistributorId).FirstOrDefault(v => v != null), idsOf.Select(h => h.DistributorPlanVersionId).FirstOrDefault(v => v != null),
                new ReplaySettled(s.PlatformFeeCents, s.CommissionCents, s.OverrideCents));
        });
    }
}

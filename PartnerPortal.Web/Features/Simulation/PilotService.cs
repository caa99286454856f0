using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Commissions;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Simulation;

public sealed record PilotShareDto(Guid CommissionPlanId, string Name, CommissionPlanStatus Status, DateTime SharedAtUtc, string SharedBy);

public sealed record FeedbackRequest(int? Rating, string? Comment);

public sealed record FeedbackDto(Guid Id, Guid CommissionPlanId, Guid PartnerId, string PartnerName, int Rating, string Comment, DateTime CreatedAtUtc);

/// <summary>A shared candidate as a pilot partner sees it: its terms and, month by month, what it earned and would have earned.</summary>
public sealed record PilotViewDto(Guid CommissionPlanId, string Name, decimal BaseRate, IReadOnlyDictionary<string, decimal> CategoryRates, int? DurationMonths,
    IReadOnlyList<SimulationRowDto> Months);

public sealed record PublishRequest(string? EffectiveFrom, IReadOnlyList<Guid>? PartnerIds);

public sealed record PublishDto(Guid CommissionPlanId, CommissionPlanStatus Status, DateOnly EffectiveFrom, IReadOnlyList<Guid> PartnerIds, int Emails);

/// <summary>
/// Pilot programs (issue 10): the operator shares a candidate with the pilot partners; a pilot partner sees it replayed
/// over its own settled history and leaves feedback; the operator publishes it and assigns it to partners in one step.
/// Who sees a candidate is decided in the data layer: <see cref="PilotShareRecord"/>s are visible to pilot partners only,
/// and a shared <c>Pilot</c> plan becomes visible to them through the commission plans' query filter.
/// </summary>
public sealed class PilotService(PortalDbFactory dbFactory, SimulationService simulations, TimeProvider clock, PortalSettings settings)
{
    /// <summary>How much history a pilot partner sees: its last 12 settled months.</summary>
    public const int PilotMonths = 12;

    /// <summary>The effective date the operator's publish dialog proposes: the first day of next month.</summary>
    public DateOnly NextMonthStart()
    {
        var today = settings.Today(clock);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(1);
    }

    /// <summary>Operator: shares a Draft or Pilot candidate with the pilot partners (a draft becomes Pilot). Sharing again changes nothing.</summary>
    public async Task<PilotShareDto> ShareAsync(Guid planId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator shares candidates with pilot partners.");
        var plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw RequestRejectedException.NotFound("The commission plan");
        if (plan.Status is not (CommissionPlanStatus.Draft or CommissionPlanStatus.Pilot))
            throw RequestRejectedException.Conflict($"Only a Draft or Pilot plan is shared with pilot partners; this one is {plan.Status}.", "commissionPlanId");
        var now = clock.GetUtcNow().UtcDateTime;
        var share = await db.PilotShares.SingleOrDefaultAsync(s => s.CommissionPlanId == planId, ct);
        if (share is null)
        {
            if (plan.Status == CommissionPlanStatus.Draft) plan.MoveTo(CommissionPlanStatus.Pilot);
            share = new PilotShareRecord { CommissionPlanId = planId, SharedAtUtc = now, SharedBy = db.Tenant.ActorName };
            db.PilotShares.Add(share);
            Audit.Audit.Record(db, db.Tenant, now, "commissionPlan.shared", $"commission plan {plan.Id}", null, $"{plan.Name} shared with pilot partners");
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { throw RequestRejectedException.Conflict("The plan was shared or changed at the same time; reload and try again."); }
        }

        return new PilotShareDto(plan.Id, plan.Name, plan.Status, share.SharedAtUtc, share.SharedBy);
    }

    /// <summary>The shared candidates the caller may see: all for the operator, those shared with pilots for a pilot partner, none for anybody else.</summary>
    public async Task<IReadOnlyList<PilotShareDto>> SharedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await (from s in db.PilotShares.AsNoTracking()
                      join p in db.CommissionPlans.AsNoTracking() on s.CommissionPlanId equals p.Id
                      where p.Status == CommissionPlanStatus.Pilot
                      orderby s.SharedAtUtc descending
                      select new PilotShareDto(p.Id, p.Name, p.Status, s.SharedAtUtc, s.SharedBy)).ToListAsync(ct);
    }

    /// <summary>
    /// A pilot partner: the shared candidate replayed over its own last settled months (the replay is the operator's
    /// simulation, scoped to the caller's partner id alone). Anybody to whom the candidate is not shown gets a 404.
    /// </summary>
    public async Task<PilotViewDto> ViewAsync(Guid planId, CancellationToken ct = default)
    {
        Guid partnerId;
        CommissionPlan plan;
        CommissionTerms terms;
        List<Period> periods;
        await using (var db = await dbFactory.CreateAsync(ct))
        {
            (partnerId, plan) = await ShownAsync(db, planId, ct);
            terms = await db.CommissionPlanVersions.AsNoTracking().Where(v => v.Id == plan.CurrentVersionId).Select(v => v.Terms).SingleAsync(ct);
        }

        await using (var system = await dbFactory.CreateForAsync(Tenant.System, ct))
            periods = (await system.SettlementRuns.AsNoTracking()
                    .Where(r => r.Status == SettlementStatus.Draft || r.Status == SettlementStatus.Approved).Select(r => r.Period).ToListAsync(ct))
                .OrderDescending().Take(PilotMonths).Order().ToList();
        var months = new List<SimulationRowDto>();
        if (periods.Count > 0)
            await foreach (var row in simulations.RowsAsync(new SimulationScope(plan.Id, plan.Name, terms, [partnerId], periods), ct))
                months.Add(row);
        return new PilotViewDto(plan.Id, plan.Name, terms.BaseRate, terms.CategoryRates, terms.DurationMonths, months);
    }

    /// <summary>A pilot partner shown the candidate rates it (1–5) and comments: 201. Not shown the candidate: 404; not a pilot: 403.</summary>
    public async Task<FeedbackDto> FeedbackAsync(Guid planId, FeedbackRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateAsync(ct);
        var (partnerId, plan) = await ShownAsync(db, planId, ct);
        var errors = new List<FieldError>();
        if (request.Rating is not (>= 1 and <= 5)) errors.Add(new("rating", "rating is required: 1 (poor) to 5 (very good)."));
        var comment = request.Comment?.Trim() ?? "";
        if (comment.Length > PlanFeedbackRecord.MaxComment) errors.Add(new("comment", $"comment has at most {PlanFeedbackRecord.MaxComment} characters."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new PlanFeedbackRecord
        {
            Id = Guid.NewGuid(), CommissionPlanId = plan.Id, PartnerId = partnerId, Rating = request.Rating!.Value, Comment = comment, CreatedAtUtc = now,
            CreatedBy = db.Tenant.ActorName,
        };
        db.PlanFeedback.Add(record);
        await db.SaveChangesAsync(ct);
        var name = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).SingleAsync(ct);
        return new FeedbackDto(record.Id, record.CommissionPlanId, partnerId, name, record.Rating, record.Comment, record.CreatedAtUtc);
    }

    /// <summary>The feedback on a plan the caller may read: every pilot's for the operator, its own for a pilot partner.</summary>
    public async Task<Paged<FeedbackDto>> FeedbackListAsync(Guid planId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.CommissionPlans.AnyAsync(x => x.Id == planId, ct)) throw RequestRejectedException.NotFound("The commission plan");
        var query = db.PlanFeedback.AsNoTracking().Where(f => f.CommissionPlanId == planId);
        var total = await query.CountAsync(ct);
        var items = await (from f in query
                           join partner in db.Partners on f.PartnerId equals partner.Id
                           orderby f.CreatedAtUtc descending, f.Id
                           select new FeedbackDto(f.Id, f.CommissionPlanId, f.PartnerId, partner.Name, f.Rating, f.Comment, f.CreatedAtUtc))
            .Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<FeedbackDto>(items, p, size, total);
    }

    /// <summary>
    /// Operator: publishes a candidate (Draft or Pilot → Published) and assigns it to <c>partnerIds</c> from
    /// <c>effectiveFrom</c> (open dates only) — all or nothing, in one transaction, audited; every partner gets an e-mail
    /// naming the new rates and the date (through the outbox, so it leaves only when the change is committed).
    /// </summary>
    public async Task<PublishDto> PublishAsync(Guid planId, PublishRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator publishes commission plans.");
        var plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw RequestRejectedException.NotFound("The commission plan");
        var errors = new List<FieldError>();
        if (plan.Status is not (CommissionPlanStatus.Draft or CommissionPlanStatus.Pilot))
            errors.Add(new("commissionPlanId", $"Only a Draft or Pilot candidate is published here; this one is {plan.Status}."));
        DateOnly from = default;
        if (!DateOnly.TryParseExact(request.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
            errors.Add(new("effectiveFrom", "effectiveFrom is required (yyyy-MM-dd)."));
        else
        {
            try { OpenPeriods.EnsureOpen(from, settings.Today(clock), await OpenDates.LastApprovedAsync(db, ct), "effectiveFrom"); }
            catch (DomainException ex) { errors.Add(new("effectiveFrom", ex.Message)); }
        }

        var ids = request.PartnerIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0) errors.Add(new("partnerIds", "partnerIds is required: the partners that get the plan."));
        var partners = await db.Partners.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        for (var i = 0; i < (request.PartnerIds?.Count ?? 0); i++)
        {
            var id = request.PartnerIds![i];
            if (!partners.TryGetValue(id, out var partner)) errors.Add(new($"partnerIds[{i}]", $"Partner {id} does not exist."));
            else if (partner.Kind == PartnerKind.Isv) errors.Add(new($"partnerIds[{i}]", $"{partner.Name} is an ISV: it earns no commission."));
            else if (partner.Status == PartnerStatus.Terminated) errors.Add(new($"partnerIds[{i}]", $"{partner.Name} is terminated."));
        }

        var existing = ids.Count == 0 ? [] : await db.CommissionAssignments.Where(a => ids.Contains(a.PartnerId)).ToListAsync(ct);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            if (existing.Any(a => a.PartnerId == id && a.From > from))
                errors.Add(new($"partnerIds[{i}]", "The partner has an assignment that starts later; the plan cannot be assigned before it."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        // The commission plans' own steps (status move, assignment, their audit entries), staged in this context: one
        // SaveChanges (one transaction) commits the plan, every assignment and every mail together, or nothing.
        var now = clock.GetUtcNow().UtcDateTime;
        CommissionPlanService.Move(db, plan, CommissionPlanStatus.Published, now);
        var terms = await db.CommissionPlanVersions.AsNoTracking().Where(v => v.Id == plan.CurrentVersionId).Select(v => v.Terms).SingleAsync(ct);
        foreach (var id in ids)
        {
            CommissionPlanService.Assign(db, id, plan, from, existing.Where(a => a.PartnerId == id).ToList(), now);
            var partner = partners[id];
            Mailer.Enqueue(db, partner.Email, $"Neue Provisionskonditionen ab {from:dd.MM.yyyy} / New commission rates from {from:yyyy-MM-dd}",
                PublishMail(partner.Name, plan.Name, terms, from), now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw RequestRejectedException.Conflict("The plan or a partner's commission plan changed at the same time; reload and try again.");
        }

        return new PublishDto(plan.Id, plan.Status, from, ids, ids.Count);
    }

    /// <summary>The mail to a partner that gets the published plan: its rates and the date, in German and English.</summary>
    public static string PublishMail(string partnerName, string planName, CommissionTerms terms, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var de = CultureInfo.GetCultureInfo("de-DE");
        var en = CultureInfo.GetCultureInfo("en-GB");
        string Rates(CultureInfo c, string baseLabel, string fromLabel) =>
            $"<li>{baseLabel}: {terms.BaseRate.ToString("P2", c)}</li>"
            + string.Concat(terms.CategoryRates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"<li>{Mailer.Encode(r.Key)}: {r.Value.ToString("P2", c)}</li>"))
            + string.Concat(terms.Tiers.Select(t => $"<li>{(t.UpTo is { } up ? $"≤ {up.ToString("N2", c)} EUR" : fromLabel)}: {t.Rate.ToString("P2", c)}</li>"))
            + (terms.OverrideRate > 0 ? $"<li>Override: {terms.OverrideRate.ToString("P2", c)}</li>" : "");
        var name = Mailer.Encode(partnerName);
        var plan = Mailer.Encode(planName);
        return $"<p>Guten Tag {name},</p><p>ab dem {from.ToString("d. MMMM yyyy", de)} gilt für Sie das Provisionsmodell „{plan}“:</p>"
               + $"<ul>{Rates(de, "Grundsatz", "darüber")}</ul>"
               + $"<hr/><p>Hello {name},</p><p>from {from.ToString("d MMMM yyyy", en)} your commission plan is “{plan}”:</p>"
               + $"<ul>{Rates(en, "Base rate", "above")}</ul>";
    }

    /// <summary>The caller's partner id and the plan, when the plan is a shared Pilot candidate the caller is shown; else 403/404.</summary>
    private static async Task<(Guid PartnerId, CommissionPlan Plan)> ShownAsync(PortalDbContext db, Guid planId, CancellationToken ct)
    {
        if (db.Tenant.Scope != TenantScope.Partner || db.Tenant.PartnerId is not { } partnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only pilot partners are shown candidate plans.");
        var pilot = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.Pilot).SingleOrDefaultAsync(ct);
        if (!pilot) throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only pilot partners are shown candidate plans.");
        // The query filters decide: a Pilot plan with a share is visible to a pilot partner, nothing else is.
        var plan = await db.CommissionPlans.AsNoTracking()
                       .Where(p => p.Id == planId && p.Status == CommissionPlanStatus.Pilot && db.PilotShares.Any(s => s.CommissionPlanId == p.Id))
                       .SingleOrDefaultAsync(ct)
                   ?? throw RequestRejectedException.NotFound("The candidate plan");
        return (partnerId, plan);
    }
}

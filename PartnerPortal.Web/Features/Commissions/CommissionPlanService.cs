using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Web.Features.Commissions;

/// <summary>
/// Commission programs (DESIGN §5): the operator creates, versions, moves and assigns them; a partner reads the plans
/// assigned to it (the query filters decide what it sees). Every change is audited.
/// </summary>
public sealed class CommissionPlanService(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, OpenDates openDates)
{
    public async Task<CommissionPlanDto> CreateAsync(CommissionPlanRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOperator(db);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200) errors.Add(new("name", "name is required (1 to 200 characters)."));
        if (request.Status is CommissionPlanStatus.Retired) errors.Add(new("status", "A new commission plan is Draft, Pilot or Published."));
        var terms = await TermsAsync(db, request, errors, ct);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var plan = CommissionPlan.Create(request.Name!, request.Status ?? CommissionPlanStatus.Draft, now);
        var version = plan.AddVersion(terms!, now);
        db.CommissionPlans.Add(plan);
        db.CommissionPlanVersions.Add(version);
        Audit.Audit.Record(db, db.Tenant, now, "commissionPlan.created", $"commission plan {plan.Id}", null, $"{plan.Name} ({plan.Status}), base rate {terms!.BaseRate}");
        await db.SaveChangesAsync(ct);
        return await GetAsync(plan.Id, ct);
    }

    /// <summary>Changes the terms: a new version; assignments keep the version they were made with until assigned again.</summary>
    public async Task<CommissionPlanDto> AddVersionAsync(Guid id, CommissionPlanRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOperator(db);
        var plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw RequestRejectedException.NotFound("The commission plan");
        var errors = new List<FieldError>();
        var terms = await TermsAsync(db, request, errors, ct);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = plan.AddVersion(terms!, now);
        db.CommissionPlanVersions.Add(version);
        Audit.Audit.Record(db, db.Tenant, now, "commissionPlan.versioned", $"commission plan {plan.Id}", null, $"version {version.Number}");
        await SaveOrConflictAsync(db, "Somebody changed this commission plan at the same time; reload and try again.", ct);
        return await GetAsync(plan.Id, ct);
    }

    public async Task<CommissionPlanDto> MoveAsync(Guid id, CommissionPlanStatus? status, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOperator(db);
        if (status is null) throw RequestRejectedException.Invalid("status", "status is required: Pilot, Published or Retired.");
        var plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw RequestRejectedException.NotFound("The commission plan");
        Move(db, plan, status.Value, clock.GetUtcNow().UtcDateTime);
        await SaveOrConflictAsync(db, "The plan's status changed at the same time; reload and try again.", ct);
        return await GetAsync(plan.Id, ct);
    }

    public async Task<CommissionPlanDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return (await LoadAsync(db, db.CommissionPlans.Where(p => p.Id == id), ct)).SingleOrDefault()
               ?? throw RequestRejectedException.NotFound("The commission plan");
    }

    public async Task<Paged<CommissionPlanDto>> ListAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var total = await db.CommissionPlans.CountAsync(ct);
        var items = await LoadAsync(db, db.CommissionPlans.OrderBy(x => x.Name).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size), ct);
        return new Paged<CommissionPlanDto>(items, p, size, total);
    }

    /// <summary>
    /// Assigns a published plan's current version to a partner from <c>effectiveFrom</c> (open dates only; up to a year
    /// ahead); the partner's open assignment ends that day. The plan in force on a period's last day settles the period.
    /// </summary>
    public async Task<PartnerCommissionPlanDto> AssignAsync(Guid partnerId, AssignCommissionPlanRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOperator(db);
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw RequestRejectedException.NotFound("The partner");
        var errors = new List<FieldError>();
        CommissionPlan? plan = null;
        if (request.CommissionPlanId is null) errors.Add(new("commissionPlanId", "commissionPlanId is required."));
        else
        {
            plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == request.CommissionPlanId, ct);
            if (plan is null) errors.Add(new("commissionPlanId", "The commission plan does not exist."));
        }
        if (request.EffectiveFrom is null) errors.Add(new("effectiveFrom", "effectiveFrom is required (yyyy-MM-dd)."));
        else
        {
            try { OpenPeriods.EnsureOpen(request.EffectiveFrom.Value, settings.Today(clock), await openDates.LastApprovedAsync(ct), "effectiveFrom"); }
            catch (DomainException ex) { errors.Add(new("effectiveFrom", ex.Message)); }
        }
        if (partner.Status is PartnerStatus.Terminated) errors.Add(new("partnerId", "A terminated partner gets no new commission plan."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        var existing = await db.CommissionAssignments.Where(a => a.PartnerId == partnerId).ToListAsync(ct);
        Assign(db, partnerId, plan!, request.EffectiveFrom!.Value, existing, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw RequestRejectedException.Conflict("The partner's commission plan was changed at the same time; reload and try again.", "effectiveFrom");
        }
        return await AssignmentsAsync(partnerId, ct);
    }

    /// <summary>Moves <paramref name="plan"/> to <paramref name="status"/> (the domain's transitions), audited; the caller saves.</summary>
    internal static void Move(PortalDbContext db, CommissionPlan plan, CommissionPlanStatus status, DateTime nowUtc)
    {
        var from = plan.Status;
        plan.MoveTo(status);
        Audit.Audit.Record(db, db.Tenant, nowUtc, "commissionPlan.status", $"commission plan {plan.Id}", null, $"{from} → {plan.Status}");
    }

    /// <summary>
    /// Assigns <paramref name="plan"/>'s current version to a partner from <paramref name="from"/>, ending its open
    /// assignment (one of <paramref name="existing"/>, the partner's tracked assignments), audited; the caller saves.
    /// </summary>
    internal static void Assign(PortalDbContext db, Guid partnerId, CommissionPlan plan, DateOnly from, IReadOnlyList<CommissionAssignment> existing,
        DateTime nowUtc)
    {
        var (added, replaced) = CommissionAssignment.Assign(partnerId, plan, from, existing, db.Tenant.ActorName, nowUtc);
        if (replaced is not null) db.CommissionAssignments.Remove(replaced);
        db.CommissionAssignments.Add(added);
        Audit.Audit.Record(db, db.Tenant, nowUtc, "commissionPlan.assigned", $"partner {partnerId}", partnerId,
            $"{plan.Name} version {plan.VersionCount} from {added.From:yyyy-MM-dd}");
    }

    public async Task<PartnerCommissionPlanDto> AssignmentsAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw RequestRejectedException.NotFound("The partner");
        var rows = await (from a in db.CommissionAssignments
                          where a.PartnerId == partnerId
                          join v in db.CommissionPlanVersions on a.CommissionPlanVersionId equals v.Id
                          join p in db.CommissionPlans on a.CommissionPlanId equals p.Id
                          orderby a.From descending
                          select new CommissionAssignmentDto(a.Id, a.PartnerId, a.CommissionPlanId, p.Name, a.CommissionPlanVersionId, v.Number, a.From,
                              a.ToExclusive, a.AssignedBy, a.AssignedAtUtc)).AsNoTracking().ToListAsync(ct);
        var today = settings.Today(clock);
        var current = rows.FirstOrDefault(r => r.EffectiveFrom <= today && (r.EffectiveTo is null || today < r.EffectiveTo));
        return new PartnerCommissionPlanDto(partnerId, current, rows);
    }

    /// <summary>Reads the terms of a request with every problem named by its field; category keys must name a store category.</summary>
    private static async Task<CommissionTerms?> TermsAsync(PortalDbContext db, CommissionPlanRequest request, List<FieldError> errors, CancellationToken ct)
    {
        if (request.BaseRate is null) errors.Add(new("baseRate", "baseRate is required (a fraction: 0.1 = 10 %)."));
        var tiers = new List<CommissionTier>();
        for (var i = 0; i < (request.Tiers?.Count ?? 0); i++)
        {
            var tier = request.Tiers![i];
            if (tier is null) { errors.Add(new($"tiers[{i}]", "A tier is required here, not null.")); continue; }
            if (tier.Rate is null) { errors.Add(new($"tiers[{i}].rate", "rate is required for every tier.")); continue; }
            tiers.Add(new CommissionTier(tier.UpTo, tier.Rate.Value));
        }
        var categoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, rate) in request.CategoryRates ?? [])
        {
            var canonical = await Catalog.AppCategoryService.FindCodeAsync(db, code, ct);
            if (canonical is null) errors.Add(new($"categoryRates.{code}", $"'{code}' is not an app category of the store."));
            else if (!categoryRates.TryAdd(canonical, rate)) errors.Add(new($"categoryRates.{code}", $"The category '{canonical}' is given twice."));
        }
        if (errors.Count > 0) return null;
        var terms = new CommissionTerms
        {
            BaseRate = request.BaseRate!.Value, CategoryRates = categoryRates, Tiers = tiers, DurationMonths = request.DurationMonths,
            OverrideRate = request.OverrideRate ?? 0m, ServiceFeeRate = request.ServiceFeeRate ?? 0m, MinimumPayout = request.MinimumPayout ?? 0m,
        };
        errors.AddRange(terms.Validate().Select(e => new FieldError(e.Field, e.Message)));
        return errors.Count > 0 ? null : terms;
    }

    private static void RequireOperator(PortalDbContext db) => db.Tenant.EnsureOperator("Only the operator manages commission plans.");

    private static async Task SaveOrConflictAsync(PortalDbContext db, string message, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw RequestRejectedException.Conflict(message); }
    }

    private static async Task<List<CommissionPlanDto>> LoadAsync(PortalDbContext db, IQueryable<CommissionPlan> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().Select(p => new
        {
            p,
            Version = db.CommissionPlanVersions.Where(v => v.Id == p.CurrentVersionId).FirstOrDefault(),
            Assigned = db.CommissionAssignments.Where(a => a.CommissionPlanId == p.Id && a.ToExclusive == null).Select(a => a.PartnerId).Distinct().Count(),
        }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var t = r.Version?.Terms ?? new CommissionTerms();
            return new CommissionPlanDto(r.p.Id, r.p.Name, r.p.Status, r.Version?.Id ?? Guid.Empty, r.Version?.Number ?? 0, t.BaseRate,
                t.CategoryRates, t.Tiers.Select(x => new CommissionTierDto(x.UpTo, x.Rate)).ToList(), t.DurationMonths, t.OverrideRate,
                t.ServiceFeeRate, t.MinimumPayout, r.p.CreatedAtUtc, r.Assigned);
        }).ToList();
    }
}

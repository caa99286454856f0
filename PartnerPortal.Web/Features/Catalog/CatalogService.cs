using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>
/// Apps, their plans and partner services, for the API and the pages alike. What a caller may see is decided by the
/// tenancy filters (live apps are public; drafts belong to their ISV); what a caller may change is checked here:
/// the owner or the operator.
/// </summary>
public sealed class CatalogService(PortalDbFactory dbFactory, TimeProvider clock, Usage.UsageSubscriptionFacts usageFacts)
{
    /// <summary>The fee rate an app proposes when its ISV does not say; the operator sets the real one on approval.</summary>
    public const decimal DefaultPlatformFeeRate = 0.2m;

    // ----- apps -----

    /// <summary><c>POST /api/v1/apps</c>: an ISV creates a draft for itself; the operator for any ISV.</summary>
    public async Task<AppDto> CreateAppAsync(CreateAppRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        var isvId = request.IsvPartnerId ?? (tenant.PartnerKind == PartnerKind.Isv ? tenant.PartnerId : null);
        if (!tenant.SeesAll && tenant.PartnerKind != PartnerKind.Isv)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only ISVs and the operator create apps.");
        if (isvId is null) throw RequestRejectedException.Invalid("isvPartnerId", "isvPartnerId is required: the ISV that offers the app.");
        if (!tenant.SeesAll && isvId != tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "An ISV creates apps only for itself.");
        var isv = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == isvId, ct);
        if (isv is null || isv.Kind != PartnerKind.Isv)
            throw RequestRejectedException.Invalid("isvPartnerId", "isvPartnerId must be the id of an ISV partner.");

        var errors = new List<FieldError>();
        var category = "";
        try
        {
            category = await AppCategoryService.ResolveAsync(db, request.Category, "category", ct); // stored as the canonical code
        }
        catch (RequestRejectedException ex)
        {
            errors.AddRange(ex.Errors);
        }

        var metrics = new List<AppMetric>();
        var requested = request.Metrics ?? [];
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is null) { errors.Add(new($"metrics[{i}]", "A metric is required here, not null.")); continue; }
            try
            {
                var metric = requested[i].ToDomain();
                if (metrics.Any(m => m.Code == metric.Code)) errors.Add(new($"metrics[{i}].code", $"The metric '{metric.Code}' is defined twice."));
                else metrics.Add(metric);
            }
            catch (DomainException ex)
            {
                errors.Add(new($"metrics[{i}].{ex.Field ?? "code"}", ex.Message));
            }
        }

        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var app = App.Create(isv.Id, request.Name ?? "", request.Description, category, request.PlatformFeeRate ?? DefaultPlatformFeeRate, metrics, now);
        db.Apps.Add(app);
        Audit.Audit.Record(db, tenant, now, "app.created", app.Name, isv.Id);
        await db.SaveChangesAsync(ct);
        return ToDto(app, isv.Name, 0);
    }

    public async Task<AppDto> GetAppAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw RequestRejectedException.NotFound("The app");
        var isvName = await db.Partners.Where(p => p.Id == app.IsvPartnerId).Select(p => p.Name).SingleOrDefaultAsync(ct) ?? "";
        var plans = await db.Plans.CountAsync(p => p.AppId == id, ct);
        return ToDto(app, isvName, plans);
    }

    /// <summary>The apps the caller may see: its own (any status) and every live app; all for the operator.</summary>
    public async Task<Paged<AppDto>> ListAppsAsync(AppQuery query, CancellationToken ct = default)
    {
        var (page, size) = Paging.Normalise(query.Page, query.PageSize);
        AppStatus? status = null;
        if (query.Status is not null)
        {
            if (!Enum.TryParse<AppStatus>(query.Status, ignoreCase: true, out var s) || int.TryParse(query.Status, out _))
                throw RequestRejectedException.Invalid("status", "status must be one of Draft, Submitted, Live, Retired.");
            status = s;
        }

        await using var db = await dbFactory.CreateAsync(ct);
        var category = query.Category is null ? null : await AppCategoryService.ResolveAsync(db, query.Category, "category", ct);
        var apps = db.Apps.AsNoTracking();
        if (status is not null) apps = apps.Where(a => a.Status == status);
        if (query.Published) apps = apps.Where(a => a.Status == AppStatus.Live || a.Status == AppStatus.Retired);
        if (category is not null) apps = apps.Where(a => a.Category == category);
        if (query.Mine && db.Tenant.PartnerId is { } me) apps = apps.Where(a => a.IsvPartnerId == me);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            apps = apps.Where(a => a.Name.Contains(term) || a.Description.Contains(term));
        }

        var total = await apps.CountAsync(ct);
        var ordered = status == AppStatus.Submitted ? apps.OrderBy(a => a.SubmittedAtUtc).ThenBy(a => a.Id) : apps.OrderBy(a => a.Name).ThenBy(a => a.Id);
        var items = await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var ids = items.Select(a => a.Id).ToList();
        var isvIds = items.Select(a => a.IsvPartnerId).Distinct().ToList();
        var names = await db.Partners.Where(p => isvIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var planCounts = await db.Plans.Where(p => p.AppId != null && ids.Contains(p.AppId.Value)).GroupBy(p => p.AppId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Paged<AppDto>(items.Select(a => ToDto(a, names.GetValueOrDefault(a.IsvPartnerId, ""), planCounts.GetValueOrDefault(a.Id))).ToList(), page, size, total);
    }

    /// <summary>The ISV submits its draft for review; it needs at least one plan.</summary>
    public Task<AppDto> SubmitAsync(Guid id, CancellationToken ct = default) =>
        ChangeAppAsync(id, ownerMayAct: true, async (db, app, now) =>
        {
            if (!await db.Plans.AnyAsync(p => p.AppId == id, ct))
                throw RequestRejectedException.Conflict("The app needs at least one plan before it is submitted.", "plans");
            app.Submit(now);
            return ("app.submitted", null);
        }, ct);

    /// <summary>The operator approves a submitted app with a platform fee rate: it goes live.</summary>
    public Task<AppDto> ApproveAsync(Guid id, decimal? platformFeeRate, CancellationToken ct = default) =>
        ChangeAppAsync(id, ownerMayAct: false, (_, app, now) =>
        {
            var rate = platformFeeRate ?? throw RequestRejectedException.Invalid("platformFeeRate", "platformFeeRate is required: a fraction between 0 and 1 (0.2 = 20 %).");
            app.Approve(rate, now);
            return Task.FromResult<(string, string?)>(("app.approved", $"platformFeeRate={rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }, ct);

    /// <summary>
    /// The operator or the app's ISV retires a live app: it takes no new subscriptions (only live apps are offered and
    /// subscribed to), running subscriptions continue and are billed, and the catalog shows it as retired.
    /// </summary>
    public Task<AppDto> RetireAsync(Guid id, CancellationToken ct = default) =>
        ChangeAppAsync(id, ownerMayAct: true, (_, app, _) =>
        {
            app.Retire();
            return Task.FromResult<(string, string?)>(("app.retired", null));
        }, ct);

    /// <summary>The operator rejects a submitted app with a reason: it returns to draft and the ISV sees the reason.</summary>
    public Task<AppDto> RejectAsync(Guid id, string? reason, CancellationToken ct = default) =>
        ChangeAppAsync(id, ownerMayAct: false, (_, app, _) =>
        {
            app.Reject(reason ?? "");
            return Task.FromResult<(string, string?)>(("app.rejected", reason?.Trim()));
        }, ct);

    /// <summary>
    /// <c>POST /api/v1/apps/{id}/publish</c>. The operator publishes: a draft or submitted app goes <c>Live</c> at once
    /// (approved with <paramref name="platformFeeRate"/>, else the rate the app carries). The ISV publishes: its draft
    /// is submitted for the operator's review (<c>Submitted</c>).
    /// </summary>
    public async Task<AppDto> PublishAsync(Guid id, decimal? platformFeeRate, CancellationToken ct = default)
    {
        var tenant = await TenantAsync(ct);
        if (!tenant.SeesAll)
        {
            if (platformFeeRate is not null)
                throw RequestRejectedException.Invalid("platformFeeRate", "Only the operator sets the platform fee rate.");
            return await SubmitAsync(id, ct);
        }

        return await ChangeAppAsync(id, ownerMayAct: false, async (db, app, now) =>
        {
            if (!await db.Plans.AnyAsync(p => p.AppId == id, ct))
                throw RequestRejectedException.Conflict("The app needs at least one plan before it goes live.", "plans");
            if (app.Status == AppStatus.Draft) app.Submit(now);
            var rate = platformFeeRate ?? app.PlatformFeeRate;
            app.Approve(rate, now);
            return ("app.approved", $"platformFeeRate={rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }, ct);
    }

    private async Task<Tenant> TenantAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return db.Tenant;
    }

    private async Task<AppDto> ChangeAppAsync(Guid id, bool ownerMayAct, Func<PortalDbContext, App, DateTime, Task<(string Action, string? Details)>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var app = await db.Apps.SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw RequestRejectedException.NotFound("The app");
        var mayAct = db.Tenant.SeesAll || (ownerMayAct && app.IsvPartnerId == db.Tenant.PartnerId);
        if (!mayAct)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, ownerMayAct ? "Only the app's ISV or the operator may do this." : "Only the operator reviews apps.");
        var now = clock.GetUtcNow().UtcDateTime;
        string action;
        string? details;
        try
        {
            (action, details) = await change(db, app, now);
        }
        catch (DomainException ex) when (ex.Field == "status")
        {
            throw RequestRejectedException.Conflict(ex.Message, "status"); // a wrong state is a conflict, not a bad field
        }

        Audit.Audit.Record(db, db.Tenant, now, action, app.Name, app.IsvPartnerId, details);
        await db.SaveChangesAsync(ct);
        usageFacts.InvalidateApp(app.Id); // the usage ingest caches each subscription's app facts; every app change lands here
        var isvName = await db.Partners.Where(p => p.Id == app.IsvPartnerId).Select(p => p.Name).SingleOrDefaultAsync(ct) ?? "";
        return ToDto(app, isvName, await db.Plans.CountAsync(p => p.AppId == id, ct));
    }

    private static AppDto ToDto(App a, string isvName, int planCount) =>
        new(a.Id, a.IsvPartnerId, isvName, a.Name, a.Description, a.Category, a.PlatformFeeRate, a.Status,
            a.Metrics.Select(MetricDto.From).ToList(), a.CreatedAtUtc, a.SubmittedAtUtc, a.LiveAtUtc,
            a.TimeToLive is { } t ? (long)t.TotalMinutes : null, a.ReviewNote, planCount);

    // ----- plans -----

    /// <summary><c>POST /api/v1/apps/{id}/plans</c>: a new plan with its first version; charges may use only the app's metrics.</summary>
    public async Task<PlanVersionDto> CreateAppPlanAsync(Guid appId, CreatePlanRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == appId, ct) ?? throw RequestRejectedException.NotFound("The app");
        if (!db.Tenant.SeesAll && app.IsvPartnerId != db.Tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the app's ISV or the operator adds plans.");
        if (app.Status == AppStatus.Retired) throw RequestRejectedException.Conflict("A retired app gets no new plans.");
        var errors = ValidateCharges(request.Charges, app.Metrics.Select(m => m.Code), request.MinimumCommitment);
        var now = clock.GetUtcNow().UtcDateTime;
        var plan = CreatePlan(() => Plan.ForApp(app.Id, request.Name ?? "", request.Currency ?? "EUR", now), errors);
        var version = plan.AddVersion(request.Charges!, request.MinimumCommitment, now);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        Audit.Audit.Record(db, db.Tenant, now, "plan.created", $"{app.Name} · {plan.Name}", app.IsvPartnerId);
        await db.SaveChangesAsync(ct);
        return ToDto(version, plan);
    }

    /// <summary>
    /// <c>POST /api/v1/plans/{planId}/versions</c>: changing a plan makes a new version, current for new
    /// subscriptions; running subscriptions keep theirs.
    /// </summary>
    public async Task<PlanVersionDto> AddVersionAsync(Guid planId, AddPlanVersionRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw RequestRejectedException.NotFound("The plan");
        IEnumerable<string> metrics;
        Guid ownerId;
        if (plan.AppId is { } appId)
        {
            var app = await db.Apps.AsNoTracking().SingleAsync(a => a.Id == appId, ct);
            (metrics, ownerId) = (app.Metrics.Select(m => m.Code).ToList(), app.IsvPartnerId);
        }
        else
        {
            ownerId = await db.PartnerServices.Where(s => s.Id == plan.PartnerServiceId).Select(s => s.PartnerId).SingleAsync(ct);
            metrics = [];
        }

        if (!db.Tenant.SeesAll && ownerId != db.Tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the plan's owner or the operator changes it.");
        var errors = ValidateCharges(request.Charges, metrics, request.MinimumCommitment);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = plan.AddVersion(request.Charges!, request.MinimumCommitment, now);
        db.PlanVersions.Add(version);
        Audit.Audit.Record(db, db.Tenant, now, "plan.versioned", $"{plan.Name} v{version.Number}", ownerId);
        await db.SaveChangesAsync(ct);
        return ToDto(version, plan);
    }

    public async Task<PlanDto> GetPlanAsync(Guid planId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw RequestRejectedException.NotFound("The plan");
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).OrderByDescending(v => v.Number).ToListAsync(ct);
        return new PlanDto(plan.Id, plan.AppId, plan.PartnerServiceId, plan.Name, plan.Currency, plan.CurrentVersionId, versions.Select(v => ToDto(v, plan)).ToList());
    }

    public async Task<PlanVersionDto> GetVersionAsync(Guid versionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var version = await db.PlanVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, ct) ?? throw RequestRejectedException.NotFound("The plan version");
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == version.PlanId, ct);
        return ToDto(version, plan);
    }

    /// <summary>The current version of each of the app's plans.</summary>
    public async Task<Paged<PlanVersionDto>> ListAppPlansAsync(Guid appId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Apps.AnyAsync(a => a.Id == appId, ct)) throw RequestRejectedException.NotFound("The app");
        return await CurrentVersionsAsync(db, db.Plans.Where(x => x.AppId == appId), p, size, ct);
    }

    private static async Task<Paged<PlanVersionDto>> CurrentVersionsAsync(PortalDbContext db, IQueryable<Plan> plans, int page, int size, CancellationToken ct)
    {
        var total = await plans.CountAsync(ct);
        var items = await plans.AsNoTracking().OrderBy(x => x.Name).ThenBy(x => x.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var versionIds = items.Select(x => x.CurrentVersionId).ToList();
        var versions = await db.PlanVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        return new Paged<PlanVersionDto>(items.Where(x => x.CurrentVersionId is not null && versions.ContainsKey(x.CurrentVersionId.Value))
            .Select(x => ToDto(versions[x.CurrentVersionId!.Value], x)).ToList(), page, size, total);
    }

    /// <summary>The charges checked with the owner's metrics, paths as in the API body (<c>charges[1].tiers[2].upTo</c>).</summary>
    public static List<FieldError> ValidateCharges(IReadOnlyList<ChargeSpec>? charges, IEnumerable<string> metrics, decimal? minimumCommitment) =>
        PricingQuotes.ToFieldErrors(ChargeValidator.Validate(charges, metrics.ToHashSet(StringComparer.Ordinal), minimumCommitment)).ToList();

    private static Plan CreatePlan(Func<Plan> create, List<FieldError> errors)
    {
        Plan? plan = null;
        try
        {
            plan = create();
        }
        catch (DomainException ex)
        {
            errors.Insert(0, new(ex.Field ?? "name", ex.Message));
        }

        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
        return plan!;
    }

    private static PlanVersionDto ToDto(PlanVersion v, Plan plan) =>
        new(v.Id, plan.Id, v.Number, plan.CurrentVersionId == v.Id, plan.AppId, plan.PartnerServiceId, plan.Name, plan.Currency, v.Charges, v.MinimumCommitment, v.CreatedAtUtc);

    // ----- partner services -----

    /// <summary><c>POST /api/v1/partner-services</c>: a reseller or system integrator offers a service of its own, priced by a plan.</summary>
    public async Task<PlanVersionDto> CreateServiceAsync(CreatePartnerServiceRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        var partnerId = request.PartnerId ?? tenant.PartnerId;
        if (!tenant.SeesAll && tenant.PartnerKind is not (PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only resellers, system integrators and the operator define partner services.");
        if (partnerId is null) throw RequestRejectedException.Invalid("partnerId", "partnerId is required: the partner that offers the service.");
        if (!tenant.SeesAll && partnerId != tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "A partner defines services only for itself.");
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null || partner.Kind is not (PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            throw RequestRejectedException.Invalid("partnerId", "partnerId must be the id of a reseller or system integrator.");

        // A service has no usage metrics of its own: usage charges are refused (flat, per seat and one-time fit services).
        var errors = ValidateCharges(request.Charges, [], request.MinimumCommitment);
        var now = clock.GetUtcNow().UtcDateTime;
        PartnerService? service = null;
        try
        {
            service = PartnerService.Create(partner.Id, request.Name ?? "", request.Description, now);
        }
        catch (DomainException ex)
        {
            errors.Insert(0, new("name", ex.Message));
        }

        var plan = CreatePlan(() => Plan.ForPartnerService(service?.Id ?? Guid.Empty, string.IsNullOrWhiteSpace(request.PlanName) ? request.Name ?? "" : request.PlanName, request.Currency ?? "EUR", now), errors);
        var version = plan.AddVersion(request.Charges!, request.MinimumCommitment, now);
        db.PartnerServices.Add(service!);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        Audit.Audit.Record(db, tenant, now, "service.created", service!.Name, partner.Id);
        await db.SaveChangesAsync(ct);
        return ToDto(version, plan);
    }

    public async Task<PartnerServiceDto> GetServiceAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var service = await db.PartnerServices.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw RequestRejectedException.NotFound("The partner service");
        var plans = await CurrentVersionsAsync(db, db.Plans.Where(p => p.PartnerServiceId == id), 1, Paging.MaxPageSize, ct);
        return ToDto(service, plans.Items);
    }

    public async Task<Paged<PartnerServiceDto>> ListServicesAsync(int? page, int? pageSize, string? search, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.PartnerServices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(s => s.Name.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var ids = items.Select(s => s.Id).ToList();
        var plans = await db.Plans.AsNoTracking().Where(x => x.PartnerServiceId != null && ids.Contains(x.PartnerServiceId.Value)).ToListAsync(ct);
        var versionIds = plans.Select(x => x.CurrentVersionId).ToList();
        var versions = await db.PlanVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        return new Paged<PartnerServiceDto>(items.Select(s => ToDto(s, plans.Where(x => x.PartnerServiceId == s.Id && x.CurrentVersionId is { } cv && versions.ContainsKey(cv))
            .Select(x => ToDto(versions[x.CurrentVersionId!.Value], x)).ToList())).ToList(), p, size, total);
    }

    private static PartnerServiceDto ToDto(PartnerService s, IReadOnlyList<PlanVersionDto> plans) =>
        new(s.Id, s.PartnerId, s.Name, s.Description, s.Retired, s.CreatedAtUtc, plans);
}

/// <summary>A query of apps. <c>Published</c>: the catalog's view, live and retired apps (retired ones take no new subscriptions).</summary>
public sealed record AppQuery(int? Page = null, int? PageSize = null, string? Search = null, string? Category = null, string? Status = null, bool Mine = false,
    bool Published = false);

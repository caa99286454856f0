using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Customers;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Subscriptions;

/// <summary><c>POST /api/v1/subscriptions</c>: <c>planId</c> is a plan VERSION id (the current version of its plan).</summary>
public sealed record CreateSubscriptionRequest(Guid? CustomerId, Guid? PlanId, DateOnly? StartDate, int? Seats);

/// <summary><c>POST /api/v1/subscriptions/{id}/cancel</c>: <c>endDate</c> is the first day NOT counted.</summary>
public sealed record CancelSubscriptionRequest(DateOnly? EndDate);

/// <summary><c>POST /api/v1/subscriptions/{id}/seats</c>: from <c>from</c> on (counted), <c>seats</c> seats.</summary>
public sealed record ChangeSeatsRequest(DateOnly? From, int? Seats);

public sealed record SeatChangeDto(DateOnly From, int Seats);

/// <summary>A contract. <c>planId</c> is the plan version id (as sent when subscribing); <c>kind</c> is <c>app</c> or <c>service</c>.</summary>
public sealed record SubscriptionDto(Guid Id, Guid CustomerId, string? CustomerName, Guid PlanId, string PlanName, int PlanVersion, string Kind,
    Guid? AppId, Guid? PartnerServiceId, string ProductName, Guid ContractPartnerId, string? ContractPartnerName,
    DateOnly StartDate, DateOnly? EndDate, int Seats, IReadOnlyList<SeatChangeDto> SeatChanges, DateTime CreatedAtUtc, string? CreatedBy);

/// <summary>A plan the caller can subscribe a customer to: the current version of a live app's plan or of its own service's plan.</summary>
public sealed record PlanOptionDto(Guid PlanId, string PlanName, string Kind, string ProductName, Guid ContractPartnerId, string? ContractPartnerName);

public sealed class SubscriptionService(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, UsageSubscriptionFacts usageFacts,
    Settlement.OpenDates openDates)
{
    public DateOnly Today() => settings.Today(clock);

    /// <summary>
    /// A partner subscribes its customer on the customer's behalf. The contract partner is the app's ISV, or for a
    /// partner service the offering partner (which must be the customer's partner). The same request id twice answers
    /// the first subscription (<c>created</c> false).
    /// </summary>
    public async Task<(SubscriptionDto Subscription, bool Created)> CreateAsync(CreateSubscriptionRequest request, Guid? requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        if (!(tenant.SeesAll || tenant.PartnerKind is PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Customers are subscribed by their reseller or system integrator (or the operator).");
        if (requestId is { } rid && await FindByRequestAsync(db, rid, ct) is { } earlier) return (earlier, false);

        var errors = new List<FieldError>();
        if (request.CustomerId is null) errors.Add(new("customerId", "customerId is required."));
        if (request.PlanId is null) errors.Add(new("planId", "planId (a plan version id) is required."));
        if (request.StartDate is null) errors.Add(new("startDate", "startDate is required (yyyy-MM-dd)."));
        var seats = request.Seats ?? 1;
        if (seats is < 1 or > 1_000_000) errors.Add(new("seats", "seats must be between 1 and 1,000,000."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        var customerPartnerId = await db.Customers.Where(c => c.Id == request.CustomerId)
            .Select(c => new { c.Id, PartnerId = db.CustomerAttributions.Where(a => a.CustomerId == c.Id && a.ToExclusive == null).Select(a => (Guid?)a.PartnerId).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (customerPartnerId is null) throw RequestRejectedException.Invalid("customerId", "The customer does not exist.");
        if (!tenant.SeesAll && customerPartnerId.PartnerId != tenant.PartnerId)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the customer's partner subscribes it.");

        var plan = await (from v in db.PlanVersions
                          join p in db.Plans on v.PlanId equals p.Id
                          where v.Id == request.PlanId
                          select new
                          {
                              VersionId = v.Id, PlanId = p.Id, p.CurrentVersionId, p.AppId, p.PartnerServiceId,
                              App = db.Apps.Where(a => a.Id == p.AppId).Select(a => new { a.Status, a.IsvPartnerId }).FirstOrDefault(),
                              Service = db.PartnerServices.Where(s => s.Id == p.PartnerServiceId).Select(s => new { s.PartnerId, s.Retired }).FirstOrDefault(),
                          }).SingleOrDefaultAsync(ct);
        if (plan is null) throw RequestRejectedException.Invalid("planId", "The plan version does not exist.");
        if (plan.CurrentVersionId != plan.VersionId)
            throw RequestRejectedException.Invalid("planId", $"This is not the plan's current version; subscribe to {plan.CurrentVersionId}.");
        Guid contractPartnerId;
        if (plan.AppId is not null)
        {
            if (plan.App is null || plan.App.Status != AppStatus.Live) throw RequestRejectedException.Invalid("planId", "The app is not live.");
            contractPartnerId = plan.App.IsvPartnerId;
        }
        else
        {
            if (plan.Service is null || plan.Service.Retired) throw RequestRejectedException.Invalid("planId", "The partner service is not offered.");
            if (plan.Service.PartnerId != customerPartnerId.PartnerId)
                throw RequestRejectedException.Invalid("planId", "A partner service is attached to the offering partner's own customers only.");
            contractPartnerId = plan.Service.PartnerId;
        }

        var today = Today();
        try { OpenPeriods.EnsureOpen(request.StartDate!.Value, today, await openDates.LastApprovedAsync(ct), "startDate"); }
        catch (DomainException ex) { throw RequestRejectedException.Invalid("startDate", ex.Message); }

        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = Subscription.Create(customerPartnerId.Id, plan.PlanId, plan.VersionId, plan.AppId, plan.PartnerServiceId, contractPartnerId,
            request.StartDate!.Value, seats, tenant.ActorName, now, requestId);
        db.Subscriptions.Add(subscription);
        Audit.Audit.Record(db, tenant, now, "subscription.created", $"subscription {subscription.Id}", customerPartnerId.PartnerId,
            $"customer {subscription.CustomerId}, plan version {plan.VersionId}, contract partner {contractPartnerId}, from {subscription.StartDate:yyyy-MM-dd}, {seats} seats");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (requestId is { } raced)
        {
            await using var again = await dbFactory.CreateAsync(ct);
            return (await FindByRequestAsync(again, raced, ct) ?? throw RequestRejectedException.Conflict("This request id was used already.", "requestId"), false);
        }
        return (await GetAsync(subscription.Id, ct), true);
    }

    private static async Task<SubscriptionDto?> FindByRequestAsync(PortalDbContext db, Guid requestId, CancellationToken ct)
    {
        var id = await db.Subscriptions.Where(s => s.RequestId == requestId).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : (await LoadAsync(db, db.Subscriptions.Where(s => s.Id == id), ct)).Single();
    }

    public async Task<SubscriptionDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return (await LoadAsync(db, db.Subscriptions.Where(s => s.Id == id), ct)).SingleOrDefault() ?? throw RequestRejectedException.NotFound("The subscription");
    }

    public async Task<Paged<SubscriptionDto>> ListAsync(Guid? customerId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Subscriptions.AsQueryable();
        if (customerId is { } cid) query = query.Where(s => s.CustomerId == cid);
        var total = await query.CountAsync(ct);
        var items = await LoadAsync(db, query.OrderByDescending(s => s.StartDate).ThenBy(s => s.Id).Skip((p - 1) * size).Take(size), ct);
        return new Paged<SubscriptionDto>(items, p, size, total);
    }

    /// <summary>
    /// Ends the subscription; <c>endDate</c> is the first day not counted (proration counts the start day, not the end day).
    /// Refused (409, naming <c>endDate</c> and the last accepted event's time) when usage was already accepted on or after
    /// the end day: settlement would otherwise bill events after the end. The end is written and the events are looked
    /// for in one transaction; the usage writer re-checks end dates in its own (see <c>UsageWriter.EndsOf</c>).
    /// </summary>
    public async Task<SubscriptionDto> CancelAsync(Guid id, CancelSubscriptionRequest request, CancellationToken ct = default)
    {
        var cancelled = await ChangeAsync(id, "subscription.cancelled", (s, today, lastApproved) =>
        {
            if (request.EndDate is null) throw RequestRejectedException.Invalid("endDate", "endDate is required (yyyy-MM-dd): the first day not counted.");
            OpenPeriods.EnsureOpen(request.EndDate.Value, today, lastApproved, "endDate");
            s.Cancel(request.EndDate.Value);
            return $"ends {request.EndDate:yyyy-MM-dd} (first day not counted)";
        }, ct, (db, s) => EnsureNoUsageFromAsync(db, s.Id, s.EndDate!.Value, ct));
        usageFacts.Invalidate(id); // the ingest judges with the new end at once (the writer's re-check covers what was already judged)
        return cancelled;
    }

    /// <summary>
    /// Refuses an end before accepted usage. The daily rows (one per subscription × metric × local day) tell whether any
    /// event lies on or after the end day; only then are the raw events of the latest such day's period read, through
    /// their runs, for the exact time.
    /// </summary>
    private async Task EnsureNoUsageFromAsync(PortalDbContext db, Guid subscriptionId, DateOnly endDate, CancellationToken ct)
    {
        var endDay = UsageWindow.DayKey(endDate);
        var lastDay = await db.UsageDaily.Where(d => d.SubscriptionId == subscriptionId && d.Day >= endDay).MaxAsync(d => (int?)d.Day, ct);
        if (lastDay is not { } day) return;
        var last = await UsageReader.RawEvents(db, subscriptionId, UsageWindow.PeriodOfDayKey(day))
            .OrderByDescending(e => e.TimestampUtc).ThenByDescending(e => e.Id)
            .Select(e => new { e.TimestampUtc, e.EventId }).FirstAsync(ct);
        var at = DateTime.SpecifyKind(last.TimestampUtc, DateTimeKind.Utc);
        var earliest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, settings.TimeZone)).AddDays(1);
        throw RequestRejectedException.Conflict(
            $"endDate {endDate:yyyy-MM-dd} is before usage already accepted: the last event ({last.EventId}) is at " +
            $"{at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)}. " +
            $"Cancel with endDate {earliest:yyyy-MM-dd} or later.", "endDate");
    }

    public Task<SubscriptionDto> ChangeSeatsAsync(Guid id, ChangeSeatsRequest request, CancellationToken ct = default) =>
        ChangeAsync(id, "subscription.seats.changed", (s, today, lastApproved) =>
        {
            var errors = new List<FieldError>();
            if (request.From is null) errors.Add(new("from", "from is required (yyyy-MM-dd)."));
            if (request.Seats is null) errors.Add(new("seats", "seats is required."));
            if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
            OpenPeriods.EnsureOpen(request.From!.Value, today, lastApproved, "from");
            s.ChangeSeats(request.From.Value, request.Seats!.Value);
            return $"{request.Seats} seats from {request.From:yyyy-MM-dd}";
        }, ct);

    /// <summary>Changes a contract: the customer's partner (for the customer) or the operator; the ISV and a distributor read only.</summary>
    /// <param name="beforeCommit">When given, the change is saved in a transaction and this runs after the save, before the commit; it refuses by throwing.</param>
    private async Task<SubscriptionDto> ChangeAsync(Guid id, string action, Func<Subscription, DateOnly, Domain.Periods.Period?, string> change, CancellationToken ct,
        Func<PortalDbContext, Subscription, Task>? beforeCommit = null)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        // SQLite: BEGIN IMMEDIATE, the write lock from the start, so the check and the save see one state of the database.
        await using var transaction = beforeCommit is null ? null : await db.Database.BeginTransactionAsync(ct);
        var tenant = db.Tenant;
        var subscription = await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw RequestRejectedException.NotFound("The subscription");
        var partnerId = await db.CustomerAttributions.Where(a => a.CustomerId == subscription.CustomerId && a.ToExclusive == null)
            .Select(a => (Guid?)a.PartnerId).FirstOrDefaultAsync(ct);
        if (!tenant.SeesAll && (partnerId is null || partnerId != tenant.PartnerId))
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the customer's partner or the operator changes its contracts.");
        var what = change(subscription, Today(), await openDates.LastApprovedAsync(ct));
        Audit.Audit.Record(db, tenant, clock.GetUtcNow().UtcDateTime, action, $"subscription {subscription.Id}", partnerId, what);
        await db.SaveChangesAsync(ct);
        if (beforeCommit is not null)
        {
            await beforeCommit(db, subscription);
            await transaction!.CommitAsync(ct);
        }

        return await GetAsync(id, ct);
    }

    /// <summary>The plans the caller may subscribe customers to: live apps' current versions, and its own services' plans.</summary>
    public async Task<IReadOnlyList<PlanOptionDto>> PlanOptionsAsync(Guid customerPartnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var apps = await (from p in db.Plans
                          join a in db.Apps on p.AppId equals a.Id
                          where a.Status == AppStatus.Live && p.CurrentVersionId != null
                          select new PlanOptionDto(p.CurrentVersionId!.Value, p.Name, "app", a.Name, a.IsvPartnerId,
                              db.Partners.Where(x => x.Id == a.IsvPartnerId).Select(x => x.Name).FirstOrDefault())).ToListAsync(ct);
        var services = await (from p in db.Plans
                              join s in db.PartnerServices on p.PartnerServiceId equals s.Id
                              where !s.Retired && s.PartnerId == customerPartnerId && p.CurrentVersionId != null
                              select new PlanOptionDto(p.CurrentVersionId!.Value, p.Name, "service", s.Name, s.PartnerId,
                                  db.Partners.Where(x => x.Id == s.PartnerId).Select(x => x.Name).FirstOrDefault())).ToListAsync(ct);
        return apps.Concat(services).OrderBy(o => o.Kind).ThenBy(o => o.ProductName).ThenBy(o => o.PlanName).ToList();
    }

    private static async Task<List<SubscriptionDto>> LoadAsync(PortalDbContext db, IQueryable<Subscription> query, CancellationToken ct)
    {
        var seesAll = db.Tenant.SeesAll;
        var rows = await query.AsNoTracking().Select(s => new
        {
            s,
            Customer = db.Customers.Where(c => c.Id == s.CustomerId).Select(c => c.Name).FirstOrDefault(),
            Plan = db.Plans.Where(p => p.Id == s.PlanId).Select(p => p.Name).FirstOrDefault(),
            Version = db.PlanVersions.Where(v => v.Id == s.PlanVersionId).Select(v => v.Number).FirstOrDefault(),
            App = db.Apps.Where(a => a.Id == s.AppId).Select(a => a.Name).FirstOrDefault(),
            Service = db.PartnerServices.Where(x => x.Id == s.PartnerServiceId).Select(x => x.Name).FirstOrDefault(),
            ContractPartner = db.Partners.Where(p => p.Id == s.ContractPartnerId).Select(p => p.Name).FirstOrDefault(),
            // Who entered the contract only for callers who may see the customer's partner (not an ISV seeing it as contract partner).
            CreatedBy = seesAll || db.CustomerAttributions.Any(a => a.CustomerId == s.CustomerId && a.ToExclusive == null && db.Partners.Any(p => p.Id == a.PartnerId))
                ? s.CreatedBy : null,
        }).ToListAsync(ct);
        return rows.Select(r => new SubscriptionDto(r.s.Id, r.s.CustomerId, r.Customer, r.s.PlanVersionId, r.Plan ?? "", r.Version,
            r.s.AppId is null ? "service" : "app", r.s.AppId, r.s.PartnerServiceId, r.App ?? r.Service ?? "", r.s.ContractPartnerId, r.ContractPartner,
            r.s.StartDate, r.s.EndDate, r.s.Seats, r.s.SeatChanges.OrderBy(c => c.From).Select(c => new SeatChangeDto(c.From, c.Seats)).ToList(),
            r.s.CreatedAtUtc, r.CreatedBy)).ToList();
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Integration;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Integration;

/// <summary>
/// The integration service (issue 11): a reseller or system integrator asks the store to integrate a live app at one of
/// its own customers; the operator works the queue (assign, schedule, comment, close as done — with an optional charge the
/// next settlement bills to the customer — or declined with a reason). Every change is in the request's history and the
/// audit log, and mails the requesting partner (outbox, in the same transaction as the change).
/// <para>
/// Who sees what (the query filter in <see cref="PortalDbContext"/>): the requesting partner and its distributor, the
/// customer the request is for, and the operator. Only the customer's currently attributed reseller/system integrator
/// (or the operator) asks; only the operator changes a request. A customer that is not the caller's own is "not found",
/// whether or not it exists.
/// </para>
/// </summary>
public sealed class IntegrationService(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings)
{
    public DateOnly Today() => settings.Today(clock);

    public async Task<(IntegrationRequestDto Request, bool Created)> CreateAsync(CreateIntegrationRequest request, Guid? requestKey = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        if (!tenant.IsOperator && !(tenant.Scope == TenantScope.Partner && tenant.PartnerKind is PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only a customer's reseller or system integrator (or the operator) requests an integration.");
        if (requestKey is { } key && await db.IntegrationRequests.AsNoTracking().Where(r => r.RequestKey == key).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } existing)
            return (await GetAsync(existing, ct), false);

        var today = Today();
        var errors = new List<FieldError>();
        if (request.CustomerId is null) errors.Add(new("customerId", "customerId is required."));
        if (request.AppId is null) errors.Add(new("appId", "appId is required: the app to integrate."));
        errors.AddRange(IntegrationRequest.Validate(request.Description, request.DesiredDate, request.Contact, today).Select(e => new FieldError(e.Field, e.Message)));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        // The customer must be the caller's own NOW (its open attribution), not merely visible (a service partner sees
        // the customers it bills): anything else is not found, like a customer that does not exist.
        var customerId = request.CustomerId!.Value;
        var attributedTo = await db.CustomerAttributions.AsNoTracking().Where(a => a.CustomerId == customerId && a.ToExclusive == null)
            .Select(a => (Guid?)a.PartnerId).FirstOrDefaultAsync(ct);
        var customerKnown = await db.Customers.AnyAsync(c => c.Id == customerId, ct);
        if (!customerKnown || (!tenant.IsOperator && attributedTo != tenant.PartnerId)) throw RequestRejectedException.NotFound("The customer");
        var app = await db.Apps.AsNoTracking().Where(a => a.Id == request.AppId).Select(a => new { a.Id, a.Name, a.Status }).SingleOrDefaultAsync(ct)
                  ?? throw RequestRejectedException.NotFound("The app");
        if (app.Status != AppStatus.Live) throw RequestRejectedException.Invalid("appId", "Only a live app of the catalog is integrated.");

        var now = clock.GetUtcNow().UtcDateTime;
        var integration = IntegrationRequest.Create(customerId, app.Id, tenant.IsOperator ? attributedTo : tenant.PartnerId, request.Description, request.DesiredDate,
            request.Contact, today, now, tenant.ActorName, requestKey);
        db.IntegrationRequests.Add(integration);
        Audit.Audit.Record(db, tenant, now, "integration.requested", $"integration request {IntegrationRequest.NumberOf(integration.Id)}", integration.RequestingPartnerId,
            $"app {app.Name} for customer {customerId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (requestKey is not null)
        {
            // The same form submitted twice at once: the other submit made it.
            await using var again = await dbFactory.CreateAsync(ct);
            var id = await again.IntegrationRequests.Where(r => r.RequestKey == requestKey).Select(r => r.Id).SingleAsync(ct);
            return (await GetAsync(id, ct), false);
        }
        return (await GetAsync(integration.Id, ct), true);
    }

    public async Task<IntegrationRequestDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await ProjectAsync(db, db.IntegrationRequests.Where(r => r.Id == id), ct);
        if (rows.Count == 0) throw RequestRejectedException.NotFound("The integration request");
        var entries = await db.IntegrationRequestEntries.AsNoTracking().Where(e => e.IntegrationRequestId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var row = rows[0];
        return row with
        {
            History = entries.Select(e => new IntegrationEntryDto(e.AtUtc, e.Actor, ApiName(e.Kind), e.Status.ToString(), e.ScheduledFor,
                e.ChargeCents is { } c ? Money.FromMinorUnits(c, row.Currency).Amount : null, e.Note)).ToList(),
        };
    }

    /// <summary>
    /// The requests the caller may see, newest first. <paramref name="status"/>: one status, or <c>active</c> (not closed);
    /// <paramref name="assignedTo"/>: a user id, <c>me</c> or <c>none</c>.
    /// </summary>
    public async Task<Paged<IntegrationRequestDto>> ListAsync(int? page, int? pageSize, string? status = null, Guid? customerId = null, string? assignedTo = null,
        CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        IQueryable<IntegrationRequest> query = db.IntegrationRequests;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (status.Equals("active", StringComparison.OrdinalIgnoreCase))
                query = query.Where(r => r.Status != IntegrationRequestStatus.Done && r.Status != IntegrationRequestStatus.Declined);
            else if (Enum.TryParse<IntegrationRequestStatus>(status, true, out var s) && Enum.IsDefined(s))
                query = query.Where(r => r.Status == s);
            else
                throw RequestRejectedException.Invalid("status", "status is one of Open, Scheduled, InProgress, Done, Declined, or active.");
        }
        if (customerId is { } cid) query = query.Where(r => r.CustomerId == cid);
        if (!string.IsNullOrWhiteSpace(assignedTo))
        {
            var user = assignedTo.Equals("me", StringComparison.OrdinalIgnoreCase) ? db.Tenant.UserId : assignedTo;
            query = assignedTo.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? query.Where(r => r.AssignedToUserId == null)
                : query.Where(r => r.AssignedToUserId == user);
        }
        var total = await query.CountAsync(ct);
        var items = await ProjectAsync(db, query.OrderByDescending(r => r.CreatedAtUtc).ThenBy(r => r.Id).Skip((p - 1) * size).Take(size), ct);
        return new Paged<IntegrationRequestDto>(items, p, size, total);
    }

    public async Task<IntegrationRequestDto> ChangeStatusAsync(Guid id, ChangeIntegrationStatusRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant.EnsureOperator("Only the operator moves an integration request along.");
        if (!Enum.TryParse<IntegrationRequestStatus>(request.Status, true, out var to) || !Enum.IsDefined(to) || to == IntegrationRequestStatus.Open)
            throw RequestRejectedException.Invalid("status", "status is one of Scheduled, InProgress, Done, Declined.");
        long? chargeCents = null;
        if (request.Charge is { } charge)
        {
            if (charge < 0m || decimal.Round(charge, 2) != charge)
                throw RequestRejectedException.Invalid("charge", "charge is an amount in EUR of at least 0 with at most two decimals.");
            chargeCents = charge > 1_000_000m ? long.MaxValue : new Money(charge, "EUR").ToMinorUnits();
        }
        return await ChangeAsync(db, id, (r, now) => r.ChangeStatus(to, request.Note, request.ScheduledFor, chargeCents, Today(), now, tenant.ActorName),
            "integration.status", ct);
    }

    public async Task<IntegrationRequestDto> AssignAsync(Guid id, AssignIntegrationRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant.EnsureOperator("Only the operator assigns integration requests.");
        string? name = null;
        if (!string.IsNullOrWhiteSpace(request.UserId))
            name = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId && u.OrganisationKind == OrganisationKind.Operator)
                       .Select(u => u.DisplayName).SingleOrDefaultAsync(ct)
                   ?? throw RequestRejectedException.Invalid("userId", "userId is not an operator user.");
        var userId = string.IsNullOrWhiteSpace(request.UserId) ? null : request.UserId;
        return await ChangeAsync(db, id, (r, now) => r.Assign(userId, name, now, tenant.ActorName), "integration.assigned", ct);
    }

    public async Task<IntegrationRequestDto> CommentAsync(Guid id, CommentIntegrationRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant.EnsureOperator("Only the operator comments on the queue; partners write to the contact.");
        return await ChangeAsync(db, id, (r, now) => r.Comment(request.Note, now, tenant.ActorName), "integration.comment", ct);
    }

    /// <summary>The operator users a request can be given to.</summary>
    public async Task<IReadOnlyList<IntegrationOption>> OperatorUsersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator assigns integration requests.");
        return await db.Users.AsNoTracking().Where(u => u.OrganisationKind == OrganisationKind.Operator).OrderBy(u => u.DisplayName)
            .Select(u => new IntegrationOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The customers the caller may request an integration for: its own (attributed now); every attributed one for the operator.</summary>
    public async Task<IReadOnlyList<IntegrationOption>> CustomerOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var partnerId = db.Tenant.PartnerId;
        var isOperator = db.Tenant.IsOperator;
        return (await db.Customers.AsNoTracking()
                .Where(c => db.CustomerAttributions.Any(a => a.CustomerId == c.Id && a.ToExclusive == null && (isOperator || a.PartnerId == partnerId)))
                .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).Take(1000).ToListAsync(ct))
            .Select(c => new IntegrationOption(c.Id.ToString(), c.Name)).ToList();
    }

    /// <summary>The live apps of the catalog.</summary>
    public async Task<IReadOnlyList<IntegrationOption>> AppOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return (await db.Apps.AsNoTracking().Where(a => a.Status == AppStatus.Live).OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
            .Select(a => new IntegrationOption(a.Id.ToString(), a.Name)).ToList();
    }

    private async Task<IntegrationRequestDto> ChangeAsync(PortalDbContext db, Guid id, Func<IntegrationRequest, DateTime, IntegrationRequestEntry> change, string action,
        CancellationToken ct)
    {
        var request = await db.IntegrationRequests.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw RequestRejectedException.NotFound("The integration request");
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = change(request, now);
        db.IntegrationRequestEntries.Add(entry);
        var number = IntegrationRequest.NumberOf(request.Id);
        Audit.Audit.Record(db, db.Tenant, now, action, $"integration request {number}", request.RequestingPartnerId,
            $"{entry.Kind} → {request.Status}{(entry.ChargeCents is { } c ? $", charge {Money.FromMinorUnits(c, request.Currency)}" : "")}{(entry.Note is null ? "" : ": " + entry.Note)}");
        if (request.RequestingPartnerId is { } partnerId
            && await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.Email).SingleOrDefaultAsync(ct) is { } email)
            Mailer.Enqueue(db, email, $"Integration request {number}: {request.Status} / Integrationsanfrage {number}: {GermanStatus(request.Status)}",
                MailBody(request, entry, number), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RequestRejectedException.Conflict("The request was changed at the same time; reload it.", "status");
        }
        return await GetAsync(id, ct);
    }

    private string MailBody(IntegrationRequest request, IntegrationRequestEntry entry, string number)
    {
        var link = settings.Link($"integration-requests/{request.Id}");
        var note = entry.Note is null ? "" : $"<p>{Mailer.Encode(entry.Note)}</p>";
        var (en, de) = entry.Kind switch
        {
            IntegrationRequestEntryKind.Comment => ("The store commented on your integration request", "Der Store hat Ihre Integrationsanfrage kommentiert"),
            IntegrationRequestEntryKind.Assigned => ("Your integration request has a new contact person at the store", "Ihre Integrationsanfrage hat einen neuen Ansprechpartner im Store"),
            _ => request.Status switch
            {
                IntegrationRequestStatus.Scheduled => ($"Your integration request is scheduled for {request.ScheduledFor:yyyy-MM-dd}",
                    $"Ihre Integrationsanfrage ist für den {request.ScheduledFor:dd.MM.yyyy} geplant"),
                IntegrationRequestStatus.InProgress => ("Work on your integration request has started", "Die Arbeit an Ihrer Integrationsanfrage hat begonnen"),
                IntegrationRequestStatus.Done when request.ChargeCents is { } c => (
                    $"Your integration request is done; {Money.FromMinorUnits(c, request.Currency)} will be billed to the customer with the next settlement",
                    $"Ihre Integrationsanfrage ist erledigt; {Money.FromMinorUnits(c, request.Currency)} werden dem Endkunden mit dem nächsten Abrechnungslauf berechnet"),
                IntegrationRequestStatus.Done => ("Your integration request is done", "Ihre Integrationsanfrage ist erledigt"),
                _ => ("Your integration request was declined", "Ihre Integrationsanfrage wurde abgelehnt"),
            },
        };
        return $"<p>{Mailer.Encode(en)} ({number}).</p>{note}<p><a href='{link}'>{number}</a></p><hr/><p>{Mailer.Encode(de)} ({number}).</p>{note}";
    }

    public static string GermanStatus(IntegrationRequestStatus status) => status switch
    {
        IntegrationRequestStatus.Open => "Offen",
        IntegrationRequestStatus.Scheduled => "Geplant",
        IntegrationRequestStatus.InProgress => "In Arbeit",
        IntegrationRequestStatus.Done => "Erledigt",
        _ => "Abgelehnt",
    };

    private static string ApiName(IntegrationRequestEntryKind kind) => kind switch
    {
        IntegrationRequestEntryKind.Created => "created",
        IntegrationRequestEntryKind.StatusChanged => "status",
        IntegrationRequestEntryKind.Assigned => "assigned",
        _ => "comment",
    };

    /// <summary>One query for a page of requests with the names the caller may see and the period that billed the charge.</summary>
    private static async Task<List<IntegrationRequestDto>> ProjectAsync(PortalDbContext db, IQueryable<IntegrationRequest> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().Select(r => new
        {
            Request = r,
            Customer = db.Customers.Where(c => c.Id == r.CustomerId).Select(c => c.Name).FirstOrDefault(),
            App = db.Apps.Where(a => a.Id == r.AppId).Select(a => a.Name).FirstOrDefault(),
            Partner = db.Partners.Where(p => p.Id == r.RequestingPartnerId).Select(p => p.Name).FirstOrDefault(),
            Billed = db.CustomerCharges.Where(c => c.IntegrationRequestId == r.Id).Select(c => (Domain.Periods.Period?)c.Period).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.Select(x =>
        {
            var r = x.Request;
            return new IntegrationRequestDto(r.Id, IntegrationRequest.NumberOf(r.Id), r.CustomerId, x.Customer, r.AppId, x.App, r.RequestingPartnerId, x.Partner,
                r.Description, r.DesiredDate, r.Contact, r.Status.ToString(), r.ScheduledFor, r.AssignedToUserId, r.AssignedToName,
                r.ChargeCents is { } c ? Money.FromMinorUnits(c, r.Currency).Amount : null, r.Currency, r.CreatedAtUtc, r.CreatedBy, r.UpdatedAtUtc, r.ClosedAtUtc,
                x.Billed?.ToString(), r.NextStates().Select(s => s.ToString()).ToList(), []);
        }).ToList();
    }
}

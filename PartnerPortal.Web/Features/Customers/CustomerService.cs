using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Customers;

/// <summary><c>POST /api/v1/customers</c>. <c>postcode</c> is an addition to DESIGN §8 (it feeds the duplicate check).</summary>
public sealed record CreateCustomerRequest(string? Name, string? Country, string? VatId, Guid? PartnerId, DateOnly? AttributedFrom, string? Postcode = null);

/// <summary><c>PUT /api/v1/customers/{id}/attribution</c>; <c>reason</c> is optional and lands in the history and the audit log.</summary>
public sealed record MoveAttributionRequest(Guid? PartnerId, DateOnly? From, string? Reason = null);

public sealed record InviteCustomerUserRequest(string? Email, string? DisplayName = null);

public sealed record CustomerDto(Guid Id, string Name, string Country, string? VatId, string? Postcode, Guid? PartnerId, string? PartnerName,
    DateOnly? AttributedFrom, DateTime CreatedAtUtc);

/// <summary>One attribution in a customer's history: <c>[from, to)</c>, to null while it lasts. The partner's name is
/// shown where the caller may see that partner.</summary>
public sealed record AttributionDto(Guid? PartnerId, string? PartnerName, DateOnly From, DateOnly? To, string ChangedBy, string? Reason, DateTime ChangedAtUtc);

public sealed record CustomerDetailDto(Guid Id, string Name, string Country, string? VatId, string? Postcode, Guid? PartnerId, string? PartnerName,
    DateOnly? AttributedFrom, DateTime CreatedAtUtc, IReadOnlyList<AttributionDto> Attributions, CustomerPermissions Can);

/// <summary>What the caller may do with a customer (pages show the matching buttons; the service enforces the same).</summary>
public sealed record CustomerPermissions(bool Subscribe, bool MoveAttribution, bool InviteUsers);

public sealed record PartnerOption(Guid Id, string Name);

public sealed record CustomerUserDto(string Id, string Email, string DisplayName, bool HasPassword);

/// <summary>A likely duplicate was found and the caller did not confirm: 409 naming the existing customer.</summary>
public sealed class DuplicateCustomerException(Guid existingId, string existingName, string field)
    : Exception($"A customer that looks the same exists already: {existingName} ({existingId}). Send confirmDuplicate=true to register it anyway.")
{
    public Guid ExistingCustomerId { get; } = existingId;
    public string ExistingCustomerName { get; } = existingName;
    public string Field { get; } = field;
}

public sealed class CustomerService(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, Settlement.OpenDates openDates)
{
    /// <summary>The reason of a customer's first attribution, made when it was registered.</summary>
    public const string RegisteredReason = "registered";

    public DateOnly Today() => settings.Today(clock);

    /// <summary>
    /// Registers a customer. Resellers and system integrators register for themselves; the operator for any of them
    /// (or none). A likely duplicate among the customers the caller sees is refused unless <paramref name="confirmDuplicate"/>.
    /// The same <paramref name="requestId"/> twice answers the first customer (<c>created</c> false).
    /// </summary>
    public async Task<(CustomerDto Customer, bool Created)> CreateAsync(CreateCustomerRequest request, bool confirmDuplicate, Guid? requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        if (!(tenant.SeesAll || tenant.PartnerKind is PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only resellers, system integrators and the operator register customers.");

        if (requestId is { } rid && await FindByRequestAsync(db, rid, ct) is { } earlier) return (earlier, false);

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors.Add(new("name", "name is required."));
        else if (request.Name.Trim().Length > 200) errors.Add(new("name", "name has at most 200 characters."));
        var country = request.Country?.Trim().ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(country) || country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            errors.Add(new("country", "country must be a two-letter ISO code such as DE."));
        string? vatId = null;
        if (!string.IsNullOrWhiteSpace(request.VatId))
        {
            var vat = VatId.Validate(request.VatId, errors.Any(e => e.Field == "country") ? null : country);
            if (!vat.IsValid) errors.Add(new("vatId", vat.Error ?? "vatId is not a valid VAT ID."));
            else vatId = vat.Normalized;
        }
        if (request.Postcode is { Length: > 16 }) errors.Add(new("postcode", "postcode has at most 16 characters."));

        var today = Today();
        var from = request.AttributedFrom ?? today;
        try { OpenPeriods.EnsureOpen(from, today, await openDates.LastApprovedAsync(ct), "attributedFrom", allowFuture: false); }
        catch (Domain.Common.DomainException ex) { errors.Add(new("attributedFrom", ex.Message)); }

        Guid? partnerId = tenant.SeesAll ? request.PartnerId : tenant.PartnerId;
        if (!tenant.SeesAll && request.PartnerId is { } asked && asked != tenant.PartnerId)
            errors.Add(new("partnerId", "A partner registers customers for itself: leave partnerId out or send your own id."));
        else if (tenant.SeesAll && partnerId is { } pid
                 && !await db.Partners.AnyAsync(p => p.Id == pid && (p.Kind == PartnerKind.Reseller || p.Kind == PartnerKind.SystemIntegrator) && p.Status == PartnerStatus.Active, ct))
            errors.Add(new("partnerId", "partnerId must be an active reseller or system integrator."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        var name = request.Name!.Trim();
        var postcode = string.IsNullOrWhiteSpace(request.Postcode) ? null : request.Postcode.Trim();
        if (!confirmDuplicate && await FindDuplicateAsync(db, name, postcode, vatId, ct) is { } duplicate)
            throw new DuplicateCustomerException(duplicate.Id, duplicate.Name, duplicate.Field);

        var now = clock.GetUtcNow().UtcDateTime;
        var customer = Customer.Create(name, country!, now, vatId, postcode, requestId: requestId);
        if (partnerId is { } attributedTo)
            customer.AttributeTo(attributedTo, from, tenant.ActorName, RegisteredReason, now);
        db.Customers.Add(customer);
        Audit.Audit.Record(db, tenant, now, "customer.registered", customer.Name, partnerId, $"customer {customer.Id}, attributed from {from:yyyy-MM-dd}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (requestId is { } raced)
        {
            // The same request won a race (a double click); answer what it created.
            await using var again = await dbFactory.CreateAsync(ct);
            return (await FindByRequestAsync(again, raced, ct) ?? throw RequestRejectedException.Conflict("This request id was used already.", "requestId"), false);
        }
        return (ToDto(await GetAsync(customer.Id, ct)), true);
    }

    private static async Task<CustomerDto?> FindByRequestAsync(PortalDbContext db, Guid requestId, CancellationToken ct)
    {
        var row = await Query(db, db.Customers.Where(c => c.RequestId == requestId)).FirstOrDefaultAsync(ct);
        return row is null ? null : ToDto(row);
    }

    private sealed record Duplicate(Guid Id, string Name, string Field);

    /// <summary>Same VAT ID, or same name and postcode, among the customers the caller may see (a partner learns
    /// nothing about other partners' customers).</summary>
    private static async Task<Duplicate?> FindDuplicateAsync(PortalDbContext db, string name, string? postcode, string? vatId, CancellationToken ct)
    {
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => (vatId != null && c.VatId == vatId) || (postcode != null && c.Postcode == postcode))
            .OrderBy(c => c.CreatedAtUtc).Select(c => new { c.Id, c.Name, c.Postcode, c.VatId }).Take(500).ToListAsync(ct);
        // SQL upper-casing is ASCII-only on SQLite ("ä"), so the final comparison happens here.
        var hit = candidates.FirstOrDefault(c => Customer.IsLikelyDuplicate(name, postcode, vatId, c.Name, c.Postcode, c.VatId));
        return hit is null ? null : new Duplicate(hit.Id, hit.Name, vatId != null && hit.VatId == vatId ? "vatId" : "name");
    }

    public async Task<CustomerDetailDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var customer = await Query(db, db.Customers.Where(c => c.Id == id)).SingleOrDefaultAsync(ct) ?? throw RequestRejectedException.NotFound("The customer");
        // Who moved the customer, why and when is the business of those who may see the attributed partner (the
        // partners filter): an ISV that sees the customer through its contracts gets none of it.
        var history = await db.CustomerAttributions.AsNoTracking().Where(a => a.CustomerId == id && db.Partners.Any(p => p.Id == a.PartnerId))
            .OrderByDescending(a => a.From)
            .Select(a => new AttributionDto(db.Partners.Where(p => p.Id == a.PartnerId).Select(p => (Guid?)p.Id).FirstOrDefault(),
                db.Partners.Where(p => p.Id == a.PartnerId).Select(p => p.Name).FirstOrDefault(),
                a.From, a.ToExclusive, a.ChangedBy, a.Reason, a.ChangedAtUtc))
            .ToListAsync(ct);
        var tenant = db.Tenant;
        var isItsPartner = customer.PartnerId is { } cp && cp == tenant.PartnerId;
        var can = new CustomerPermissions(
            Subscribe: tenant.SeesAll || isItsPartner,
            MoveAttribution: tenant.SeesAll || (tenant.IsDistributor && !isItsPartner && customer.PartnerId is not null),
            InviteUsers: tenant.SeesAll || isItsPartner);
        return new CustomerDetailDto(customer.Id, customer.Name, customer.Country, customer.VatId, customer.Postcode, customer.PartnerId,
            customer.PartnerName, customer.AttributedFrom, customer.CreatedAtUtc, history, can);
    }

    public async Task<Paged<CustomerDto>> ListAsync(int? page, int? pageSize, string? search, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            customers = customers.Where(c => c.Name.Contains(s) || (c.Postcode != null && c.Postcode.StartsWith(s)) || (c.VatId != null && c.VatId.Contains(s)));
        }
        var total = await customers.CountAsync(ct);
        var items = await Query(db, customers.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Paged<CustomerDto>(items.Select(ToDto).ToList(), p, size, total);
    }

    /// <summary>
    /// Moves the customer to another partner from <paramref name="request"/>.From on (the open attribution ends that
    /// day). The operator moves any customer; a distributor moves customers of its downline to partners of its downline.
    /// </summary>
    public async Task<CustomerDetailDto> MoveAsync(Guid id, MoveAttributionRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        var customer = await db.Customers.Include(c => c.Attributions).SingleOrDefaultAsync(c => c.Id == id, ct)
                       ?? throw RequestRejectedException.NotFound("The customer");
        var current = customer.CurrentAttribution;
        if (!tenant.SeesAll)
        {
            var downline = tenant.IsDistributor && current is not null
                && await db.Partners.AnyAsync(p => p.Id == current.PartnerId && p.ParentPartnerId == tenant.PartnerId, ct);
            if (!downline)
                throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator or the partner's distributor moves a customer.");
        }

        var errors = new List<FieldError>();
        if (request.PartnerId is null) errors.Add(new("partnerId", "partnerId is required."));
        else
        {
            var target = await db.Partners.AsNoTracking().Where(p => p.Id == request.PartnerId).Select(p => new { p.Kind, p.Status, p.ParentPartnerId }).SingleOrDefaultAsync(ct);
            if (target is null || (!tenant.SeesAll && target.ParentPartnerId != tenant.PartnerId))
                errors.Add(new("partnerId", tenant.SeesAll ? "The partner does not exist." : "The partner must be one of your downline."));
            else if (target.Kind is not (PartnerKind.Reseller or PartnerKind.SystemIntegrator) || target.Status != PartnerStatus.Active)
                errors.Add(new("partnerId", "Customers are attributed to active resellers and system integrators."));
        }
        if (request.From is null) errors.Add(new("from", "from is required (yyyy-MM-dd)."));
        else
        {
            try { OpenPeriods.EnsureOpen(request.From.Value, Today(), await openDates.LastApprovedAsync(ct), "from", allowFuture: false); }
            catch (Domain.Common.DomainException ex) { errors.Add(new("from", ex.Message)); }
        }
        if (request.Reason is { Length: > 1000 }) errors.Add(new("reason", "reason has at most 1000 characters."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var previous = current?.PartnerId;
        customer.AttributeTo(request.PartnerId!.Value, request.From!.Value, tenant.ActorName, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), now);
        var details = $"customer {customer.Id} from {previous?.ToString() ?? "none"} to {request.PartnerId} from {request.From:yyyy-MM-dd}; reason: {request.Reason?.Trim() ?? "-"}";
        Audit.Audit.Record(db, tenant, now, "customer.attribution.moved", customer.Name, request.PartnerId, details);
        if (previous is { } old) Audit.Audit.Record(db, tenant, now, "customer.attribution.moved", customer.Name, old, details);
        if (tenant.IsDistributor) Audit.Audit.Record(db, tenant, now, "customer.attribution.moved", customer.Name, tenant.PartnerId, details);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another move of this customer committed first: one open attribution per customer (a filtered unique
            // index) and one attribution per start day refuse the second, so commission is never paid twice.
            throw RequestRejectedException.Conflict("The customer was moved at the same time by somebody else; reload it and try again.", "from");
        }
        return await GetAsync(id, ct);
    }

    /// <summary>The partners the caller may move a customer to: active resellers and system integrators it sees
    /// (the operator: all; a distributor: its downline), without the customer's current partner.</summary>
    public async Task<IReadOnlyList<PartnerOption>> MoveTargetsAsync(Guid? currentPartnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        if (!tenant.SeesAll && !tenant.IsDistributor) return [];
        return await db.Partners.AsNoTracking()
            .Where(p => (p.Kind == PartnerKind.Reseller || p.Kind == PartnerKind.SystemIntegrator) && p.Status == PartnerStatus.Active && p.Id != currentPartnerId
                        && (tenant.SeesAll || p.ParentPartnerId == tenant.PartnerId))
            .OrderBy(p => p.Name).Select(p => new PartnerOption(p.Id, p.Name)).ToListAsync(ct);
    }

    internal sealed record Row(Guid Id, string Name, string Country, string? VatId, string? Postcode, Guid? PartnerId, string? PartnerName, DateOnly? AttributedFrom, DateTime CreatedAtUtc);

    /// <summary>Customers of <paramref name="source"/> with their open attribution, in one query.</summary>
    internal static IQueryable<Row> Query(PortalDbContext db, IQueryable<Customer> source) =>
        source.AsNoTracking().Select(c => new Row(c.Id, c.Name, c.Country, c.VatId, c.Postcode,
            // The attributed partner only as far as the caller may see it: an ISV learns its contract customers,
            // not which reseller brought them (the Partners filter decides).
            db.Partners.Where(p => db.CustomerAttributions.Any(a => a.CustomerId == c.Id && a.ToExclusive == null && a.PartnerId == p.Id)).Select(p => (Guid?)p.Id).FirstOrDefault(),
            db.Partners.Where(p => db.CustomerAttributions.Any(a => a.CustomerId == c.Id && a.ToExclusive == null && a.PartnerId == p.Id)).Select(p => p.Name).FirstOrDefault(),
            db.CustomerAttributions.Where(a => a.CustomerId == c.Id && a.ToExclusive == null).Select(a => (DateOnly?)a.From).FirstOrDefault(),
            c.CreatedAtUtc));

    private static CustomerDto ToDto(Row r) => new(r.Id, r.Name, r.Country, r.VatId, r.Postcode, r.PartnerId, r.PartnerName, r.AttributedFrom, r.CreatedAtUtc);

    private static CustomerDto ToDto(CustomerDetailDto d) => new(d.Id, d.Name, d.Country, d.VatId, d.Postcode, d.PartnerId, d.PartnerName, d.AttributedFrom, d.CreatedAtUtc);
}

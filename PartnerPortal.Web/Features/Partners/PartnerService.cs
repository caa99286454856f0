using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Partners;

/// <summary><c>POST /api/v1/partners</c>; <c>iban</c> is where payouts go (checked as at registration).</summary>
public sealed record CreatePartnerRequest(string? Kind, string? Name, string? Country, string? VatId, string? Email, Guid? ParentPartnerId, bool? Pilot,
    string? Iban = null);

/// <summary>
/// A partner as the API shows it. <c>Customers</c> (currently attributed end customers the caller may see) is filled in lists.
/// <c>Iban</c> (the payout account): in full for the operator and the partner itself, masked (<c>DE89 **** … 3000</c>) for
/// a distributor looking at its downline — it may know that an account is on file, not which.
/// </summary>
public sealed record PartnerDto(Guid Id, string Kind, string Name, string Country, string? VatId, string Email, Guid? ParentPartnerId, bool Pilot, string Status, DateTime CreatedAtUtc,
    string? StatusReason = null, int? Customers = null, string? Iban = null);

public sealed class PartnerService(PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <summary><c>POST /api/v1/partners</c>: an operator creates a partner that is <c>Active</c> at once.</summary>
    public async Task<PartnerDto> CreateAsync(CreatePartnerRequest request, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (!Enum.TryParse<PartnerKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
            errors.Add(new("kind", "kind must be one of Distributor, Reseller, SystemIntegrator, Isv."));
        if (string.IsNullOrWhiteSpace(request.Name)) errors.Add(new("name", "name is required."));
        if (string.IsNullOrWhiteSpace(request.Country)) errors.Add(new("country", "country is required (ISO code such as DE)."));
        if (string.IsNullOrWhiteSpace(request.Email)) errors.Add(new("email", "email is required."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        await using var db = await dbFactory.CreateAsync(ct);
        if (!db.Tenant.SeesAll)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator creates active partners; distributors invite theirs.");
        Partner? parent = null;
        if (request.ParentPartnerId is { } parentId)
            parent = await db.Partners.SingleOrDefaultAsync(p => p.Id == parentId, ct)
                     ?? throw RequestRejectedException.Invalid("parentPartnerId", "The parent partner does not exist.");

        var now = clock.GetUtcNow().UtcDateTime;
        var partner = Partner.Create(kind, request.Name!, request.Country!, request.Email!, now, PartnerStatus.Active, request.VatId, parent, request.Pilot ?? false,
            iban: request.Iban);
        db.Partners.Add(partner);
        Audit.Audit.Record(db, db.Tenant, now, "partner.created", $"{partner.Kind} {partner.Name}", partner.Id);
        await db.SaveChangesAsync(ct);
        return ToDto(partner, db.Tenant);
    }

    public async Task<PartnerDto> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
                      ?? throw RequestRejectedException.NotFound("The partner");
        return ToDto(partner, db.Tenant);
    }

    public async Task<Paged<PartnerDto>> ListAsync(int? page, int? pageSize, string? search, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var query = db.Partners.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(x => x.Name.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(x => x.Name).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        // Customers per partner of the page: one grouped query over the tenancy-filtered customers (no N+1).
        var ids = items.Select(x => x.Id).ToList();
        var customers = await db.Customers.AsNoTracking()
            .SelectMany(c => c.Attributions.Where(a => a.ToExclusive == null && ids.Contains(a.PartnerId)))
            .GroupBy(a => a.PartnerId)
            .Select(g => new { PartnerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.PartnerId, x => x.Count, ct);
        // A distributor's customers are those of its downline: a second grouped query, by parent.
        var viaDownline = await db.Customers.AsNoTracking()
            .SelectMany(c => c.Attributions.Where(a => a.ToExclusive == null))
            .Join(db.Partners, a => a.PartnerId, x => x.Id, (a, x) => x.ParentPartnerId)
            .Where(parentId => parentId != null && ids.Contains(parentId.Value))
            .GroupBy(parentId => parentId!.Value)
            .Select(g => new { PartnerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.PartnerId, x => x.Count, ct);
        foreach (var (id, count) in viaDownline) customers[id] = customers.GetValueOrDefault(id) + count;
        return new Paged<PartnerDto>(items.Select(x => ToDto(x, db.Tenant) with { Customers = customers.GetValueOrDefault(x.Id) }).ToList(), p, size, total);
    }

    private static PartnerDto ToDto(Partner p, Tenant viewer) =>
        new(p.Id, p.Kind.ToString(), p.Name, p.Country, p.VatId, p.Email, p.ParentPartnerId, p.Pilot, p.Status.ToString(), p.CreatedAtUtc, p.StatusReason,
            Iban: p.Iban is null ? null : viewer.SeesAll || viewer.PartnerId == p.Id ? p.Iban : Domain.Partners.Iban.Mask(p.Iban));

}

public static class PartnerEndpoints
{
    public static RouteGroupBuilder MapPartnerEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/partners").WithTags("Partners");
        group.MapPost("", async (CreatePartnerRequest request, PartnerService service, CancellationToken ct) =>
        {
            var partner = await service.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/partners/{partner.Id}", partner);
        }).WithSummary("Creates a partner (operator key: Active at once).");
        group.MapGet("/{id:guid}", async (Guid id, PartnerService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One partner the caller may see.");
        group.MapGet("", async (int? page, int? pageSize, string? search, PartnerService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(page, pageSize, search, ct)))
            .WithSummary("The partners the caller may see: itself and, for a distributor, its downline; all for the operator.");
        return api;
    }
}

public static class PartnerDtoExtensions
{
    /// <summary>Resellers, system integrators and distributors have customers (a distributor's through its downline).</summary>
    public static bool BringsCustomersOrDistributes(this PartnerDto partner) => partner.Kind is not nameof(PartnerKind.Isv);
}

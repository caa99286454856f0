using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.ApiKeys;

public sealed record ApiKeyView(Guid Id, string Name, string Hint, DateTime CreatedAtUtc, string CreatedBy, DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc);

public sealed record CreatedApiKey(Guid Id, string Name, string Key, string Hint, DateTime CreatedAtUtc);

/// <summary>
/// Creating, listing and revoking a partner's API keys. The operator may do it for any partner; a partner for itself.
/// Everything is read through the caller's tenant-scoped context, so a foreign partner id is simply "not found".
/// </summary>
public sealed class ApiKeyService(PortalDbFactory dbFactory, TimeProvider clock)
{
    public async Task<CreatedApiKey> CreateAsync(Guid partnerId, string? name, CancellationToken ct = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            throw RequestRejectedException.Invalid("name", "A key needs a name of 1 to 100 characters (what it is for).");

        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await db.Partners.Where(p => p.Id == partnerId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct)
                      ?? throw RequestRejectedException.NotFound("The partner");
        RequireManager(db.Tenant, partnerId);

        var secret = ApiKey.NewSecret();
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            OrganisationKind = OrganisationKind.Partner,
            PartnerId = partner.Id,
            Name = name,
            Hint = ApiKey.HintOf(secret),
            Hash = ApiKey.HashOf(secret),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            CreatedBy = db.Tenant.ActorName,
        };
        db.ApiKeys.Add(key);
        Audit.Audit.Record(db, db.Tenant, key.CreatedAtUtc, "apiKey.created", $"API key '{name}' of {partner.Name}", partner.Id);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key.Id, key.Name, secret, key.Hint, key.CreatedAtUtc);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw RequestRejectedException.NotFound("The partner");
        RequireManager(db.Tenant, partnerId);
        return await db.ApiKeys.AsNoTracking().Where(k => k.PartnerId == partnerId)
            .OrderBy(k => k.RevokedAtUtc != null).ThenByDescending(k => k.CreatedAtUtc)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Hint, k.CreatedAtUtc, k.CreatedBy, k.LastUsedAtUtc, k.RevokedAtUtc))
            .ToListAsync(ct);
    }

    public async Task RevokeAsync(Guid partnerId, Guid keyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.PartnerId == partnerId, ct)
                  ?? throw RequestRejectedException.NotFound("The API key");
        RequireManager(db.Tenant, partnerId);
        if (key.RevokedAtUtc is not null) return; // revoking twice is harmless
        key.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        key.RevokedBy = db.Tenant.ActorName;
        Audit.Audit.Record(db, db.Tenant, key.RevokedAtUtc.Value, "apiKey.revoked", $"API key '{key.Name}'", partnerId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The operator manages every partner's keys; a partner its own. A distributor only reads its downline.</summary>
    private static void RequireManager(Tenant tenant, Guid partnerId)
    {
        if (tenant.SeesAll || tenant.PartnerId == partnerId) return;
        throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator or the partner itself manages its API keys.");
    }
}

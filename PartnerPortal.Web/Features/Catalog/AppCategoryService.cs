using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Catalog;

public sealed record AppCategoryDto(string Code, string Name, DateTime CreatedAtUtc)
{
    public static AppCategoryDto From(AppCategory c) => new(c.Code, c.Name, c.CreatedAtUtc);
}

public sealed record CreateAppCategoryRequest(string? Code, string? Name);

/// <summary>
/// The store's app categories (<c>/api/v1/app-categories</c>): every signed-in organisation reads them, the operator
/// adds them. Codes compare case-insensitively; <see cref="ResolveAsync"/> is how any feature checks a code it was
/// given (an app's <c>category</c>, a commission plan's <c>categoryRates</c> keys).
/// </summary>
public sealed class AppCategoryService(PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>
    /// The canonical code of the category <paramref name="code"/> names, compared case-insensitively
    /// (<c>"communication"</c> → <c>"Communication"</c>). Throws <see cref="RequestRejectedException"/> (400 naming
    /// <paramref name="field"/>) when the code is missing or names no category.
    /// </summary>
    /// <param name="db">The caller's context, so the check can join the caller's unit of work; it must know who is
    /// calling (a <see cref="Tenancy.Tenant.Nobody"/> context sees no categories).</param>
    /// <param name="code">The code as the client sent it.</param>
    /// <param name="field">The request field in API notation, e.g. <c>category</c> or <c>categoryRates.Communication</c>.</param>
    /// <param name="ct">Cancels the query.</param>
    public static async Task<string> ResolveAsync(PortalDbContext db, string? code, string field, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code))
            throw RequestRejectedException.Invalid(field, $"{field} is required: the code of an app category (GET /api/v1/app-categories).");
        return await FindCodeAsync(db, code, ct)
            ?? throw RequestRejectedException.Invalid(field, $"{field}: '{code}' is no app category (GET /api/v1/app-categories lists them).");
    }

    /// <summary>The canonical code of the category <paramref name="code"/> names (case-insensitively), or null.</summary>
    public static async Task<string?> FindCodeAsync(PortalDbContext db, string? code, CancellationToken ct = default)
    {
        if (!AppCategory.IsWellFormedCode(code?.Trim())) return null;
        var normalized = AppCategory.Normalize(code!);
        return await db.AppCategories.AsNoTracking().Where(c => c.NormalizedCode == normalized).Select(c => c.Code).SingleOrDefaultAsync(ct);
    }

    /// <summary>Every category, by code: a handful, for select lists.</summary>
    public async Task<IReadOnlyList<AppCategoryDto>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        return await db.AppCategories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new AppCategoryDto(c.Code, c.Name, c.CreatedAtUtc)).ToListAsync(ct);
    }

    /// <summary><c>GET /api/v1/app-categories</c>: a page of the categories, by code.</summary>
    public async Task<Paged<AppCategoryDto>> ListAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var total = await db.AppCategories.CountAsync(ct);
        var items = await db.AppCategories.AsNoTracking().OrderBy(c => c.Code).Skip((p - 1) * size).Take(size)
            .Select(c => new AppCategoryDto(c.Code, c.Name, c.CreatedAtUtc)).ToListAsync(ct);
        return new Paged<AppCategoryDto>(items, p, size, total);
    }

    /// <summary><c>GET /api/v1/app-categories/{code}</c>, the code in any case.</summary>
    public async Task<AppCategoryDto> GetAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var canonical = await FindCodeAsync(db, code, ct) ?? throw RequestRejectedException.NotFound("The app category");
        return await db.AppCategories.AsNoTracking().Where(c => c.Code == canonical)
            .Select(c => new AppCategoryDto(c.Code, c.Name, c.CreatedAtUtc)).SingleAsync(ct);
    }

    /// <summary><c>POST /api/v1/app-categories</c> (operator): a new category; a code that exists in any case is a conflict.</summary>
    public async Task<AppCategoryDto> CreateAsync(CreateAppCategoryRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        db.Tenant.EnsureOperator("Only the operator adds app categories.");
        var now = clock.GetUtcNow().UtcDateTime;
        var category = AppCategory.Create(request.Code, request.Name, now); // a DomainException names code or name
        if (await FindCodeAsync(db, category.Code, ct) is { } existing)
            throw Duplicate(existing);
        db.AppCategories.Add(category);
        Audit.Audit.Record(db, db.Tenant, now, "appCategory.created", $"{category.Code} · {category.Name}", null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two operators raced for the same code: the unique index on NormalizedCode let one through.
            await using var fresh = await dbFactory.CreateAsync(ct);
            if (await FindCodeAsync(fresh, category.Code, ct) is { } raced) throw Duplicate(raced);
            throw;
        }

        return AppCategoryDto.From(category);
    }

    private static RequestRejectedException Duplicate(string existing) =>
        RequestRejectedException.Conflict($"The app category '{existing}' exists already (codes compare case-insensitively).", "code");
}

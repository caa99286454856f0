namespace PartnerPortal.Web.Features.Api;

/// <summary>A page of a list answer: <c>{items, page, pageSize, total}</c>. Pages count from 1.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize)
    {
        if (page is < 1) throw RequestRejectedException.Invalid("page", "page counts from 1.");
        if (pageSize is < 1 or > MaxPageSize) throw RequestRejectedException.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        return (page ?? 1, pageSize ?? 50);
    }
}

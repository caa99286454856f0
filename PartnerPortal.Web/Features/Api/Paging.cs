namespace PartnerPortal.Web.Features.Api;

/// <summary>A page of a list answer: <c>{items, page, pageSize, total}</c>. Pages count from 1.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>The last page one may ask for: its offset, (page − 1) × pageSize ≤ 199,999,800, always fits an int.</summary>
    public const int MaxPage = 1_000_000;

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize)
    {
        if (page is < 1 or > MaxPage) throw RequestRejectedException.Invalid("page", "page counts from 1 and is at most 1,000,000.");
        if (pageSize is < 1 or > MaxPageSize) throw RequestRejectedException.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        return (page ?? 1, pageSize ?? 50);
    }
}

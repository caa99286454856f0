using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>A metric as the API carries it: aggregation <c>sum|count|max|uniqueCount</c>, rounding <c>none|ceilPerEvent</c>.</summary>
public sealed record MetricDto(string? Code, string? Unit, string? Aggregation, string? Rounding, string? Property = null)
{
    public static MetricDto From(AppMetric m) =>
        new(m.Code, m.Unit, ApiNames.Of(m.Aggregation), ApiNames.Of(m.Rounding), m.Property);

    /// <summary>The stored metric; a <see cref="DomainException"/> names the field at fault (relative to the metric).</summary>
    public AppMetric ToDomain()
    {
        if (!ApiNames.TryParse(Aggregation, out MetricAggregation aggregation))
            throw new DomainException($"aggregation must be one of {string.Join(", ", ApiNames.All<MetricAggregation>())}.", "aggregation");
        MetricRounding rounding = MetricRounding.None;
        if (Rounding is not null && !ApiNames.TryParse(Rounding, out rounding))
            throw new DomainException($"rounding must be one of {string.Join(", ", ApiNames.All<MetricRounding>())}.", "rounding");
        if (Property is not null && aggregation != MetricAggregation.UniqueCount)
            throw new DomainException("property applies only to a uniqueCount metric; leave it out.", "property");
        return new AppMetric(Code ?? "", Unit ?? "", aggregation, rounding, Property);
    }
}

public sealed record CreateAppRequest(Guid? IsvPartnerId, string? Name, string? Category, decimal? PlatformFeeRate, IReadOnlyList<MetricDto>? Metrics, string? Description = null);

public sealed record ApproveAppRequest(decimal? PlatformFeeRate);

public sealed record RejectAppRequest(string? Reason);

/// <summary>Publishing: an optional platform fee rate the operator approves with (default: the rate the app carries).</summary>
public sealed record PublishAppRequest(decimal? PlatformFeeRate);

public sealed record AppDto(
    Guid Id, Guid IsvPartnerId, string IsvName, string Name, string Description, string Category, decimal PlatformFeeRate,
    AppStatus Status, IReadOnlyList<MetricDto> Metrics, DateTime CreatedAtUtc, DateTime? SubmittedAtUtc, DateTime? LiveAtUtc,
    long? TimeToLiveMinutes, string? ReviewNote, int PlanCount);

public sealed record CreatePlanRequest(string? Name, string? Currency, IReadOnlyList<ChargeSpec>? Charges, decimal? MinimumCommitment);

public sealed record AddPlanVersionRequest(IReadOnlyList<ChargeSpec>? Charges, decimal? MinimumCommitment);

/// <summary>
/// A plan version: <c>id</c> is the version's id, the one subscriptions reference as <c>planId</c>; <c>planId</c> is the
/// plan it belongs to and <c>version</c> its number (1, 2, …).
/// </summary>
public sealed record PlanVersionDto(
    Guid Id, Guid PlanId, int Version, bool Current, Guid? AppId, Guid? PartnerServiceId, string Name, string Currency,
    IReadOnlyList<ChargeSpec> Charges, decimal? MinimumCommitment, DateTime CreatedAtUtc);

/// <summary>A plan with all its versions, newest first.</summary>
public sealed record PlanDto(Guid Id, Guid? AppId, Guid? PartnerServiceId, string Name, string Currency, Guid? CurrentVersionId, IReadOnlyList<PlanVersionDto> Versions);

public sealed record CreatePartnerServiceRequest(Guid? PartnerId, string? Name, IReadOnlyList<ChargeSpec>? Charges, string? Description = null, string? Currency = null, decimal? MinimumCommitment = null, string? PlanName = null);

public sealed record PartnerServiceDto(Guid Id, Guid PartnerId, string Name, string Description, bool Retired, DateTime CreatedAtUtc, IReadOnlyList<PlanVersionDto> Plans);

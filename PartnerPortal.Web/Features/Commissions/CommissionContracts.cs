using PartnerPortal.Domain.Commissions;

namespace PartnerPortal.Web.Features.Commissions;

/// <summary><c>POST /api/v1/commission-plans</c> and <c>POST /api/v1/commission-plans/{id}/versions</c> (DESIGN §8).</summary>
public sealed record CommissionPlanRequest(
    string? Name, decimal? BaseRate, Dictionary<string, decimal>? CategoryRates, List<CommissionTierDto>? Tiers, int? DurationMonths,
    decimal? OverrideRate, decimal? ServiceFeeRate, decimal? MinimumPayout, CommissionPlanStatus? Status);

public sealed record CommissionTierDto(decimal? UpTo, decimal? Rate);

public sealed record CommissionPlanStatusRequest(CommissionPlanStatus? Status);

/// <summary>A commission plan with its current terms.</summary>
public sealed record CommissionPlanDto(
    Guid Id, string Name, CommissionPlanStatus Status, Guid VersionId, int Version, decimal BaseRate, IReadOnlyDictionary<string, decimal> CategoryRates,
    IReadOnlyList<CommissionTierDto> Tiers, int? DurationMonths, decimal OverrideRate, decimal ServiceFeeRate, decimal MinimumPayout,
    DateTime CreatedAt, int AssignedPartners);

/// <summary><c>PUT /api/v1/partners/{id}/commission-plan</c>.</summary>
public sealed record AssignCommissionPlanRequest(Guid? CommissionPlanId, DateOnly? EffectiveFrom);

public sealed record CommissionAssignmentDto(
    Guid Id, Guid PartnerId, Guid CommissionPlanId, string CommissionPlanName, Guid CommissionPlanVersionId, int Version,
    DateOnly EffectiveFrom, DateOnly? EffectiveTo, string AssignedBy, DateTime AssignedAt);

/// <summary>A partner's commission plan now and the history of its assignments, newest first.</summary>
public sealed record PartnerCommissionPlanDto(Guid PartnerId, CommissionAssignmentDto? Current, IReadOnlyList<CommissionAssignmentDto> History);

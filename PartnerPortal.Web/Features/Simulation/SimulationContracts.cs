using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Features.Simulation;

/// <summary><c>POST /api/v1/simulations</c> (DESIGN §8): a candidate plan, some partners (all when left out), a range of settled periods.</summary>
public sealed record SimulationRequest(Guid? CommissionPlanId, IReadOnlyList<Guid>? PartnerIds, string? FromPeriod, string? ToPeriod);

/// <summary>
/// One partner and period: what it earned as settled (<see cref="Current"/>) and would have earned under the candidate
/// (<see cref="Simulated"/>), and the platform net (fees − commissions − overrides) of the revenue concerned under both.
/// </summary>
public sealed record SimulationRowDto(Guid PartnerId, string Period, decimal Current, decimal Simulated, decimal PlatformMarginCurrent,
    decimal PlatformMarginSimulated);

/// <summary>The answer; rows are streamed partner batch by partner batch (memory stays flat in the number of partners).</summary>
public sealed record SimulationResponse(IAsyncEnumerable<SimulationRowDto> Rows);

/// <summary>A checked simulation request: the candidate's current terms, the partners (sorted) and the settled periods.</summary>
public sealed record SimulationScope(Guid CommissionPlanId, string PlanName, CommissionTerms Candidate, IReadOnlyList<Guid> PartnerIds,
    IReadOnlyList<Period> Periods);

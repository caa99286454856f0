using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Partners;
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

public sealed record CandidateChoice(Guid Id, string Name, CommissionPlanStatus Status);

public sealed record PartnerChoice(Guid Id, string Name, PartnerKind Kind, bool Pilot, PartnerStatus Status);

/// <summary>What the simulation page offers: candidates, commission partners and settled periods (newest first).</summary>
public sealed record SimulationChoices(IReadOnlyList<CandidateChoice> Candidates, IReadOnlyList<PartnerChoice> Partners, IReadOnlyList<Period> Periods);

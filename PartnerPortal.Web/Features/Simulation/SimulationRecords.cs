namespace PartnerPortal.Web.Features.Simulation;

/// <summary>
/// A candidate commission plan the operator shared with the pilot partners (<c>Partner.Pilot</c>): while the plan is
/// <c>Pilot</c>, every pilot partner sees it applied to its own settled history and may leave feedback. One per plan.
/// </summary>
public sealed class PilotShareRecord
{
    public Guid CommissionPlanId { get; set; }
    public DateTime SharedAtUtc { get; set; }
    public string SharedBy { get; set; } = string.Empty;
}

/// <summary>A pilot partner's feedback on a shared candidate: a rating 1–5 and a comment, read by the operator beside the simulation.</summary>
public sealed class PlanFeedbackRecord
{
    public const int MaxComment = 2000;

    public Guid Id { get; set; }
    public Guid CommissionPlanId { get; set; }
    public Guid PartnerId { get; set; }
    public int Rating { get; set; }
    public string Comment { get; set; } = string.Empty;
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
}

using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// One settlement run per period (the period is the key: two servers starting the same period insert one row).
/// <see cref="Attempt"/> grows with every re-run of the drafts; batch jobs carry the attempt they belong to and do
/// nothing for an older one. Amounts are whole cents (STYLE: SUM in SQL stays exact on SQLite and SQL Server).
/// </summary>
public sealed class SettlementRunRecord
{
    public Period Period { get; set; }
    public SettlementStatus Status { get; set; }
    public int Attempt { get; set; }
    public int BatchCount { get; set; }
    public string Currency { get; set; } = "EUR";
    public long RevenueCents { get; set; }
    public long PlatformFeeCents { get; set; }
    public long ServiceFeeCents { get; set; }
    public long CommissionCents { get; set; }
    public long OverrideCents { get; set; }
    public long IsvPayoutCents { get; set; }
    public long ServicePayoutCents { get; set; }
    public long AdjustmentCents { get; set; }
    /// <summary>What this period's adjustments change in the platform's net (fee differences less commission and override differences).</summary>
    public long AdjustmentNetCents { get; set; }
    public long CarryForwardCents { get; set; }
    /// <summary>The store's own charges billed to customers in this period (<see cref="CustomerChargeRecord"/>): operator revenue, no commission.</summary>
    public long OperatorChargeCents { get; set; }
    public int Subscriptions { get; set; }
    public int Statements { get; set; }
    /// <summary>What the run wants the operator to know: partners without a commission plan, failures (JSON list of strings).</summary>
    public string ReportJson { get; set; } = "[]";
    public string? Error { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public DateTime? ApprovedAtUtc { get; set; }
    public string? ApprovedBy { get; set; }
    public string StartedBy { get; set; } = string.Empty;
}

/// <summary>
/// A batch of a run: the partners whose attributed customers it settles (an empty list with <see cref="Unattributed"/>
/// = the customers nobody is attributed to at the period's end). A batch's lines and its <see cref="DoneAtUtc"/> are
/// written in one transaction, guarded by "done is still null for this attempt": a batch counts once however often
/// Hangfire delivers it.
/// </summary>
public sealed class SettlementBatchRecord
{
    public Period Period { get; set; }
    public int Attempt { get; set; }
    public int Index { get; set; }
    public bool Unattributed { get; set; }
    public string PartnerIdsJson { get; set; } = "[]";
    /// <summary>What the batch found worth reporting (partners without a commission plan …), JSON list of strings.</summary>
    public string ReportJson { get; set; } = "[]";
    public DateTime? DoneAtUtc { get; set; }
}

/// <summary>
/// What one subscription earned in one period, with every input it was computed from (DESIGN §5 "what a line
/// remembers"): later changes to apps, partners or plans never change it, adjustments use its rates and simulations
/// replay it. Unique per (period, subscription).
/// </summary>
public sealed class RevenueLineRecord
{
    public long Id { get; set; }
    public Period Period { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? AppId { get; set; }
    public Guid? PartnerServiceId { get; set; }
    public Guid ContractPartnerId { get; set; }
    public Guid PlanVersionId { get; set; }
    public string? Category { get; set; }
    public string Currency { get; set; } = "EUR";
    public int ActiveDays { get; set; }
    public long SeatDays { get; set; }
    public bool Used { get; set; }
    public long Events { get; set; }
    public long RevenueCents { get; set; }
    public decimal PlatformFeeRate { get; set; }
    public long PlatformFeeCents { get; set; }
    /// <summary>For apps: revenue − platform fee (the ISV's); for services: revenue − service fee (the offering partner's).</summary>
    public long PayoutCents { get; set; }
    public decimal ServiceFeeRate { get; set; }
    public long ServiceFeeCents { get; set; }
    public Guid? AttributedPartnerId { get; set; }
    public DateOnly? AttributedFrom { get; set; }
    public Guid? CommissionPlanVersionId { get; set; }
    public decimal? CommissionRate { get; set; }
    public string? CommissionBasis { get; set; }
    public long CommissionCents { get; set; }
    public Guid? DistributorId { get; set; }
    public Guid? DistributorPlanVersionId { get; set; }
    public decimal? OverrideRate { get; set; }
    public long OverrideCents { get; set; }
    /// <summary>The priced charges and quantities: <c>{lines:[{charge,label,amount,quantity}], quantities:{metric:n}}</c>.</summary>
    public string DetailJson { get; set; } = "{}";
}

/// <summary>
/// A partner's statement for a period (DESIGN §5). Unique per (partner, period). The total is the sum of its lines,
/// in cents. <see cref="CarriesForward"/> says the draft will be carried forward on approval (total negative, or below
/// the plan's minimum payout); <see cref="CarriedIntoPeriod"/> names the period whose approved statement took it over.
/// </summary>
public sealed class StatementRecord
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public Period Period { get; set; }
    /// <summary>The statement number, e.g. <c>PP-202610-000042</c>: period and a per-period sequence.</summary>
    public string Number { get; set; } = string.Empty;
    public StatementStatus Status { get; set; }
    public string Currency { get; set; } = "EUR";
    public long TotalCents { get; set; }
    public bool CarriesForward { get; set; }
    public Period? CarriedIntoPeriod { get; set; }
    public int Lines { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ApprovedAtUtc { get; set; }
    public DateTime? PaidAtUtc { get; set; }
    public string? PaymentReference { get; set; }
}

/// <summary>
/// One line of a partner's statement. <see cref="LineKey"/> is the business key within (period, partner) —
/// <c>commission:{subscription}</c>, <c>carryForward:{period}</c>, … — so that no line is written twice.
/// </summary>
public sealed class StatementLineRecord
{
    public long Id { get; set; }
    public Period Period { get; set; }
    public Guid PartnerId { get; set; }
    public string LineKey { get; set; } = string.Empty;
    public StatementLineKind Kind { get; set; }
    public Guid? CustomerId { get; set; }
    public Guid? SubscriptionId { get; set; }
    public long? RevenueLineId { get; set; }
    public string Currency { get; set; } = "EUR";
    public long RevenueCents { get; set; }
    public decimal? Rate { get; set; }
    public long AmountCents { get; set; }
    /// <summary>For adjustments and carry-forwards: the period the line corrects or carries.</summary>
    public Period? RefersToPeriod { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// A credit the operator grants on a subscription's approved period (DESIGN §5): it reduces that period's revenue and
/// is settled in the next open period as adjustment lines (the commission on it is clawed back).
/// </summary>
public sealed class CreditRecord
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid CustomerId { get; set; }
    public Period Period { get; set; }
    public long AmountCents { get; set; }
    public string Currency { get; set; } = "EUR";
    public string Reason { get; set; } = string.Empty;
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    /// <summary>The period whose approved statements carried the credit's adjustment lines.</summary>
    public Period? SettledInPeriod { get; set; }
}

/// <summary>
/// A correction of an approved period's revenue line, settled in a later open period (<see cref="Period"/>): the
/// differences between what the corrected period should have earned — re-rated with the usage known now, less credits,
/// at the ORIGINAL line's rates — and what was settled for it so far. Unique per (period, corrected period, subscription).
/// </summary>
public sealed class RevenueAdjustmentRecord
{
    public long Id { get; set; }
    public Period Period { get; set; }
    public Period CorrectedPeriod { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid CustomerId { get; set; }
    public long RevenueLineId { get; set; }
    public string Currency { get; set; } = "EUR";
    public long RevenueDeltaCents { get; set; }
    public long PlatformFeeDeltaCents { get; set; }
    public long ServiceFeeDeltaCents { get; set; }
    public long PayoutDeltaCents { get; set; }
    public long CommissionDeltaCents { get; set; }
    public long OverrideDeltaCents { get; set; }
    public long CreditCents { get; set; }
    public long Events { get; set; }
}

/// <summary>
/// What the store bills a customer for its own work — today an integration service closed as Done with a charge — settled
/// in a period as the OPERATOR's revenue: no partner earns a commission or override on it, no ISV a payout, so it is on
/// no partner's statement. It is a line of the customer's settled amounts (next to the revenue lines billed to it) that
/// names the request, and the run counts it in its totals as its own figure (<c>operatorCharges</c>). Unique per
/// request: a charge is billed once, in the first period settled after the request was closed (the period containing
/// the Done date, or the next open one when that one is approved); re-running that period's drafts replaces it.
/// </summary>
public sealed class CustomerChargeRecord
{
    public long Id { get; set; }
    public Period Period { get; set; }
    public Guid CustomerId { get; set; }
    public Guid IntegrationRequestId { get; set; }
    /// <summary>The partner that asked for the work (it sees the line; it earns nothing from it).</summary>
    public Guid? RequestingPartnerId { get; set; }
    public string Currency { get; set; } = "EUR";
    public long AmountCents { get; set; }
    public string Description { get; set; } = string.Empty;
}

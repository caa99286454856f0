namespace PartnerPortal.Web.Features.Settlement;

/// <summary><c>POST /api/v1/settlements</c>.</summary>
public sealed record StartSettlementRequest(string? Period);

/// <summary>
/// A run's totals. <c>operatorCharges</c>: the store's own charges billed to customers in the period (integration
/// services closed as Done with a charge) — operator revenue of its own, outside <c>revenue</c> (subscriptions) and
/// outside <c>platformNet</c> (DESIGN §5's formula over the split).
/// </summary>
public sealed record SettlementTotalsDto(decimal Revenue, decimal PlatformFees, decimal ServiceFees, decimal Commissions, decimal Overrides,
    decimal IsvPayouts, decimal ServicePayouts, decimal Adjustments, decimal CarryForwards, decimal PlatformNet, decimal OperatorCharges = 0m);

public sealed record SettlementProgressDto(int Batches, int Done);

/// <summary><c>GET /api/v1/settlements/{period}</c>: status, progress while running, totals once drafted.</summary>
public sealed record SettlementDto(string Period, string Status, int Attempt, SettlementProgressDto? Progress, SettlementTotalsDto Totals, string Currency,
    int Subscriptions, int Statements, IReadOnlyList<string> Report, string? Error, DateTime StartedAt, DateTime? FinishedAt, DateTime? ApprovedAt, string? ApprovedBy);

/// <summary><c>POST /api/v1/partners/{id}/statements/{period}/pay</c>.</summary>
public sealed record PayStatementRequest(string? Reference);

public sealed record StatementSummaryDto(string Period, string Status, decimal Total, string Number, string Currency, Guid Id);

public sealed record StatementLineDto(Guid? CustomerId, Guid? SubscriptionId, decimal Revenue, decimal? Rate, decimal Amount, string Kind,
    string? RefersToPeriod, string? Description);

/// <summary><c>GET /api/v1/partners/{id}/statements/{period}</c>.</summary>
public sealed record StatementDto(Guid Id, Guid PartnerId, string Period, string Number, string Status, decimal Total, string Currency, bool CarriesForward,
    DateTime? ApprovedAt, DateTime? PaidAt, string? PaymentReference, IReadOnlyList<StatementLineDto> Lines);

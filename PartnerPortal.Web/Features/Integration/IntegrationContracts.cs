namespace PartnerPortal.Web.Features.Integration;

/// <summary><c>POST /api/v1/integration-requests</c> (DESIGN §8).</summary>
public sealed record CreateIntegrationRequest(Guid? CustomerId, Guid? AppId, string? Description, DateOnly? DesiredDate, string? Contact);

/// <summary><c>POST /api/v1/integration-requests/{id}/status</c> (DESIGN §8): <c>charge</c> in the request's currency (EUR), only with Done.</summary>
public sealed record ChangeIntegrationStatusRequest(string? Status, string? Note, DateOnly? ScheduledFor, decimal? Charge);

/// <summary><c>PUT /api/v1/integration-requests/{id}/assignee</c>: an operator user's id, or null to unassign.</summary>
public sealed record AssignIntegrationRequest(string? UserId);

/// <summary><c>POST /api/v1/integration-requests/{id}/comments</c>.</summary>
public sealed record CommentIntegrationRequest(string? Note);

public sealed record IntegrationEntryDto(DateTime At, string Actor, string Kind, string Status, DateOnly? ScheduledFor, decimal? Charge, string? Note);

/// <summary>
/// An integration request as the API and the pages show it. <c>billedInPeriod</c>: the settlement period whose run billed
/// the charge to the customer (null until a run did).
/// </summary>
public sealed record IntegrationRequestDto(Guid Id, string Number, Guid CustomerId, string? CustomerName, Guid AppId, string? AppName, Guid? PartnerId,
    string? PartnerName, string Description, DateOnly? DesiredDate, string Contact, string Status, DateOnly? ScheduledFor, string? AssignedToUserId,
    string? AssignedTo, decimal? Charge, string Currency, DateTime CreatedAt, string CreatedBy, DateTime UpdatedAt, DateTime? ClosedAt, string? BilledInPeriod,
    IReadOnlyList<string> NextStatuses, IReadOnlyList<IntegrationEntryDto> History);

/// <summary>A choice in a form: an id and what to show.</summary>
public sealed record IntegrationOption(string Id, string Name);

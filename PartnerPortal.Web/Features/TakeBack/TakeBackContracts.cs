namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// An export as the API and the pages show it. <c>downloadUrl</c> is set once the zip is ready (and until it expires); it
/// answers only to those who may request the export.
/// </summary>
public sealed record ExportDto(Guid Id, Guid CustomerId, ExportStatus Status, int Progress, DateTime RequestedAtUtc, string RequestedBy,
    DateTime? StartedAtUtc, DateTime? FinishedAtUtc, DateTime? ExpiresAtUtc, long SizeBytes, string? Sha256, long UsageEvents, string? Error,
    string? DownloadUrl);

/// <summary><c>POST /api/v1/customers/{id}/switching</c>: the customer gives notice to leave (today); the reason is optional.</summary>
public sealed record GiveNoticeRequest(string? Reason);

/// <summary>
/// A customer's switching timeline (EU Data Act): <c>status</c> None, Transitional, Retrieval, Ended (awaiting the daily
/// anonymisation), Anonymised or Withdrawn. Dates are local days; <c>…Exclusive</c> dates are the first day after a phase,
/// <c>lastDayOf…</c> the last day in it.
/// </summary>
public sealed record SwitchingDto(Guid CustomerId, string Status, DateOnly? NoticeDate, DateOnly? TransitionEndsExclusive,
    DateOnly? RetrievalEndsExclusive, DateOnly? LastDayOfTransition, DateOnly? LastDayOfRetrieval, DateOnly? AnonymiseOn, string? RecordedBy,
    DateTime? RecordedAtUtc, string? Reason, DateTime? WithdrawnAtUtc, DateTime? AnonymisedAtUtc, int TransitionalDays, int RetrievalDays);

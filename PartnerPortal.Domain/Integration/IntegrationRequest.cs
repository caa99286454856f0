using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Integration;

/// <summary>Where an integration request stands. <see cref="Done"/> and <see cref="Declined"/> are final.</summary>
public enum IntegrationRequestStatus
{
    Open,
    Scheduled,
    InProgress,
    Done,
    Declined,
}

/// <summary>What a history entry records.</summary>
public enum IntegrationRequestEntryKind
{
    Created,
    StatusChanged,
    Assigned,
    Comment,
}

/// <summary>
/// A partner's request that the store integrate an app into one of its customers' infrastructure (the integration
/// service). The operator moves it along <c>Open → Scheduled → InProgress → Done</c>; any state that is not final may be
/// <c>Declined</c> (with a reason); a scheduled request may be scheduled again (a new date). <c>Done</c> may carry a
/// charge — whole cents, at least 0, at most <see cref="MaxChargeCents"/> — that the next settlement bills once to the
/// customer as the store's own revenue. Every change is kept in <see cref="History"/> (who, when, what, note).
/// <example>Open → Scheduled (2026-12-03) → InProgress → Done with a charge of 450.00 EUR.</example>
/// </summary>
public sealed class IntegrationRequest
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxContactLength = 200;
    public const int MaxNoteLength = 2000;
    /// <summary>One million euros: a charge above it is a typing error, not an integration.</summary>
    public const long MaxChargeCents = 100_000_000;

    private readonly List<IntegrationRequestEntry> _history = [];

    private IntegrationRequest()
    {
        Description = Contact = CreatedBy = Currency = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid AppId { get; private set; }
    /// <summary>The customer's attributed partner that asked (null when the operator asked for a customer nobody is attributed to).</summary>
    public Guid? RequestingPartnerId { get; private set; }
    public string Description { get; private set; }
    public DateOnly? DesiredDate { get; private set; }
    public string Contact { get; private set; }
    public IntegrationRequestStatus Status { get; private set; }
    public DateOnly? ScheduledFor { get; private set; }
    public string? AssignedToUserId { get; private set; }
    public string? AssignedToName { get; private set; }
    /// <summary>What closing as Done charges the customer, in cents of <see cref="Currency"/>; null = nothing.</summary>
    public long? ChargeCents { get; private set; }
    public string Currency { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    /// <summary>When it became Done or Declined.</summary>
    public DateTime? ClosedAtUtc { get; private set; }
    /// <summary>The client's idempotency key (a form's request id, an API Idempotency-Key): one submit makes one request.</summary>
    public Guid? RequestKey { get; private set; }
    public IReadOnlyList<IntegrationRequestEntry> History => _history;

    public bool IsFinal => Status is IntegrationRequestStatus.Done or IntegrationRequestStatus.Declined;

    /// <summary>A short number people can say on the phone: <c>IR-</c> and the id's first eight hex digits.</summary>
    public static string NumberOf(Guid id) => "IR-" + id.ToString("N")[..8].ToUpperInvariant();

    public static IntegrationRequest Create(Guid customerId, Guid appId, Guid? requestingPartnerId, string? description, DateOnly? desiredDate, string? contact,
        DateOnly today, DateTime nowUtc, string actor, Guid? requestKey = null, Guid? id = null, string currency = "EUR")
    {
        var errors = Validate(description, desiredDate, contact, today);
        if (errors.Count > 0) throw new DomainException(errors[0].Message, errors[0].Field);
        var request = new IntegrationRequest
        {
            Id = id ?? Guid.NewGuid(), CustomerId = customerId, AppId = appId, RequestingPartnerId = requestingPartnerId, Description = description!.Trim(),
            DesiredDate = desiredDate, Contact = contact!.Trim(), Status = IntegrationRequestStatus.Open, Currency = currency, CreatedAtUtc = nowUtc,
            CreatedBy = actor, UpdatedAtUtc = nowUtc, RequestKey = requestKey,
        };
        request._history.Add(IntegrationRequestEntry.Of(request, IntegrationRequestEntryKind.Created, nowUtc, actor, null));
        return request;
    }

    /// <summary>The checks of a new request's fields, all at once (a form shows every one): (field, message) pairs.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(string? description, DateOnly? desiredDate, string? contact, DateOnly today)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(description) || description.Trim().Length > MaxDescriptionLength)
            errors.Add(("description", $"description is required: what to integrate and where, 1 to {MaxDescriptionLength} characters."));
        if (desiredDate is { } d && d < today)
            errors.Add(("desiredDate", $"desiredDate {d:yyyy-MM-dd} lies in the past; today is {today:yyyy-MM-dd}."));
        else if (desiredDate is { } far && far > today.AddYears(1))
            errors.Add(("desiredDate", "desiredDate is at most a year ahead."));
        if (string.IsNullOrWhiteSpace(contact) || contact.Trim().Length > MaxContactLength)
            errors.Add(("contact", $"contact is required: who the integrator calls (name, phone or e-mail), 1 to {MaxContactLength} characters."));
        return errors;
    }

    /// <summary>
    /// Whether <paramref name="from"/> may move to <paramref name="to"/>: forward one step along
    /// <c>Open → Scheduled → InProgress → Done</c>, <c>Scheduled → Scheduled</c> (a new date), or any state that is not
    /// final to <c>Declined</c>. Nothing leaves Done or Declined.
    /// </summary>
    public static bool CanMove(IntegrationRequestStatus from, IntegrationRequestStatus to) => (from, to) switch
    {
        (IntegrationRequestStatus.Done or IntegrationRequestStatus.Declined, _) => false,
        (_, IntegrationRequestStatus.Declined) => true,
        (IntegrationRequestStatus.Open, IntegrationRequestStatus.Scheduled) => true,
        (IntegrationRequestStatus.Scheduled, IntegrationRequestStatus.Scheduled) => true,
        (IntegrationRequestStatus.Scheduled, IntegrationRequestStatus.InProgress) => true,
        (IntegrationRequestStatus.InProgress, IntegrationRequestStatus.Done) => true,
        _ => false,
    };

    /// <summary>The states the request may move to now (the operator's buttons).</summary>
    public IReadOnlyList<IntegrationRequestStatus> NextStates() =>
        Enum.GetValues<IntegrationRequestStatus>().Where(s => CanMove(Status, s)).ToList();

    /// <summary>
    /// Moves the request (see <see cref="CanMove"/>). <c>Scheduled</c> needs <paramref name="scheduledFor"/> (today up to a
    /// year ahead); <c>Declined</c> needs a <paramref name="note"/> (the reason); <paramref name="chargeCents"/> is allowed
    /// only with <c>Done</c>. Refusals name the field at fault.
    /// </summary>
    public IntegrationRequestEntry ChangeStatus(IntegrationRequestStatus to, string? note, DateOnly? scheduledFor, long? chargeCents, DateOnly today,
        DateTime nowUtc, string actor)
    {
        if (!CanMove(Status, to))
            throw new DomainException(IsFinal
                ? $"The request is {Status}: a closed request does not change."
                : $"A request that is {Status} cannot become {to}; next: {string.Join(", ", NextStates())}.", "status");
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNoteLength }) throw new DomainException($"note has at most {MaxNoteLength} characters.", "note");
        if (to == IntegrationRequestStatus.Declined && note is null)
            throw new DomainException("A declined request needs a note: the reason the partner reads.", "note");
        if (to == IntegrationRequestStatus.Scheduled)
        {
            if (scheduledFor is not { } date) throw new DomainException("scheduledFor is required to schedule: the day the integration is planned.", "scheduledFor");
            if (date < today) throw new DomainException($"scheduledFor {date:yyyy-MM-dd} lies in the past; today is {today:yyyy-MM-dd}.", "scheduledFor");
            if (date > today.AddYears(1)) throw new DomainException("scheduledFor is at most a year ahead.", "scheduledFor");
        }
        else if (scheduledFor is not null)
            throw new DomainException("scheduledFor goes only with the status Scheduled.", "scheduledFor");
        if (chargeCents is { } charge)
        {
            if (to != IntegrationRequestStatus.Done) throw new DomainException("charge goes only with the status Done.", "charge");
            if (charge is < 0 or > MaxChargeCents) throw new DomainException("charge is between 0 and 1,000,000.00.", "charge");
        }

        Status = to;
        if (to == IntegrationRequestStatus.Scheduled) ScheduledFor = scheduledFor;
        if (to == IntegrationRequestStatus.Done) ChargeCents = chargeCents is > 0 ? chargeCents : null;
        if (IsFinal) ClosedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
        var entry = IntegrationRequestEntry.Of(this, IntegrationRequestEntryKind.StatusChanged, nowUtc, actor, note);
        _history.Add(entry);
        return entry;
    }

    /// <summary>Gives the request to an operator user (null: to nobody). A closed request is not assigned any more.</summary>
    public IntegrationRequestEntry Assign(string? userId, string? userName, DateTime nowUtc, string actor)
    {
        if (IsFinal) throw new DomainException($"The request is {Status}: a closed request is not assigned any more.", "userId");
        AssignedToUserId = userId;
        AssignedToName = userId is null ? null : userName;
        UpdatedAtUtc = nowUtc;
        var entry = IntegrationRequestEntry.Of(this, IntegrationRequestEntryKind.Assigned, nowUtc, actor, AssignedToName);
        _history.Add(entry);
        return entry;
    }

    /// <summary>Adds a comment to the history (also on a closed request: questions come after the work too).</summary>
    public IntegrationRequestEntry Comment(string? note, DateTime nowUtc, string actor)
    {
        if (string.IsNullOrWhiteSpace(note) || note.Trim().Length > MaxNoteLength)
            throw new DomainException($"note is required: 1 to {MaxNoteLength} characters.", "note");
        UpdatedAtUtc = nowUtc;
        var entry = IntegrationRequestEntry.Of(this, IntegrationRequestEntryKind.Comment, nowUtc, actor, note.Trim());
        _history.Add(entry);
        return entry;
    }
}

/// <summary>One change of an integration request: who, when, what (the status after it, the date, the charge), and a note.</summary>
public sealed class IntegrationRequestEntry
{
    private IntegrationRequestEntry()
    {
        Actor = string.Empty;
    }

    public long Id { get; private set; }
    public Guid IntegrationRequestId { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Actor { get; private set; }
    public IntegrationRequestEntryKind Kind { get; private set; }
    public IntegrationRequestStatus Status { get; private set; }
    public DateOnly? ScheduledFor { get; private set; }
    public long? ChargeCents { get; private set; }
    public string? Note { get; private set; }

    internal static IntegrationRequestEntry Of(IntegrationRequest request, IntegrationRequestEntryKind kind, DateTime atUtc, string actor, string? note) => new()
    {
        IntegrationRequestId = request.Id, AtUtc = atUtc, Actor = actor, Kind = kind, Status = request.Status,
        ScheduledFor = kind == IntegrationRequestEntryKind.StatusChanged && request.Status == IntegrationRequestStatus.Scheduled ? request.ScheduledFor : null,
        ChargeCents = kind == IntegrationRequestEntryKind.StatusChanged && request.Status == IntegrationRequestStatus.Done ? request.ChargeCents : null,
        Note = note,
    };
}

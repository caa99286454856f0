using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Partners;

/// <summary>The kinds of partner organisations (DESIGN §2).</summary>
public enum PartnerKind
{
    Distributor,
    Reseller,
    SystemIntegrator,
    Isv,
}

/// <summary>A partner's lifecycle: <c>Invited → PendingApproval → Active → Suspended → Terminated</c>.</summary>
public enum PartnerStatus
{
    Invited,
    PendingApproval,
    Active,
    Suspended,
    Terminated,
}

/// <summary>
/// A partner organisation: a distributor, a reseller, a system integrator (German: Systemhaus) or an ISV.
/// Resellers and system integrators may sit under a parent distributor (its "downline").
/// Transitions are guarded: <see cref="Approve"/> only from <see cref="PartnerStatus.PendingApproval"/>, and so on.
/// </summary>
public sealed class Partner
{
    private Partner()
    {
        Name = Country = Email = string.Empty;
    }

    public Guid Id { get; private set; }
    public PartnerKind Kind { get; private set; }
    public string Name { get; private set; }
    /// <summary>ISO 3166-1 alpha-2 country code, upper case (<c>DE</c>).</summary>
    public string Country { get; private set; }
    public string? VatId { get; private set; }

    /// <summary>Longest VAT ID stored (the column's length; real ones have at most 14 characters).</summary>
    public const int MaxVatIdLength = 20;
    public string Email { get; private set; }
    public Guid? ParentPartnerId { get; private set; }
    public bool Pilot { get; private set; }
    public PartnerStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    // Completed by the invitee at registration (null for partners the operator created directly).
    public string? Street { get; private set; }
    public string? Postcode { get; private set; }
    public string? City { get; private set; }
    /// <summary>The payout account, normalised (<c>DE89370400440532013000</c>).</summary>
    public string? Iban { get; private set; }
    public string? ContactName { get; private set; }
    public string? ContactPhone { get; private set; }
    /// <summary>When and by which user the partner terms were accepted (the record a contract dispute needs).</summary>
    public DateTime? TermsAcceptedAtUtc { get; private set; }
    public string? TermsAcceptedByUserId { get; private set; }
    public DateTime? RegisteredAtUtc { get; private set; }
    /// <summary>When the status last changed by a decision (approval, rejection, suspension, reactivation).</summary>
    public DateTime? DecidedAtUtc { get; private set; }

    /// <summary>True for the kinds that bring customers and earn commission.</summary>
    public bool BringsCustomers => Kind is PartnerKind.Reseller or PartnerKind.SystemIntegrator;

    /// <summary>
    /// Creates a partner in <paramref name="status"/> (<c>Invited</c> for invitations, <c>Active</c> when an operator creates it).
    /// <paramref name="iban"/>, where payouts go, is checked by <see cref="Partners.Iban.Validate"/> as at registration.
    /// </summary>
    public static Partner Create(
        PartnerKind kind, string name, string country, string email, DateTime createdAtUtc,
        PartnerStatus status = PartnerStatus.Invited, string? vatId = null, Partner? parent = null, bool pilot = false, Guid? id = null,
        string? iban = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("A partner needs a name of 1 to 200 characters.", "name");
        if (string.IsNullOrWhiteSpace(country) || country.Trim().Length != 2 || !country.Trim().All(char.IsAsciiLetter))
            throw new DomainException("The country must be a two-letter ISO code such as DE.", "country");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@') || email.Trim().Length > 256)
            throw new DomainException("A partner needs a valid e-mail address.", "email");
        if (status is not (PartnerStatus.Invited or PartnerStatus.Active))
            throw new DomainException("A new partner is either invited or active.", "status");
        var normalizedVatId = string.IsNullOrWhiteSpace(vatId) ? null : vatId.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (normalizedVatId is { Length: > MaxVatIdLength })
            throw new DomainException($"vatId has at most {MaxVatIdLength} characters (without spaces).", "vatId");
        string? normalizedIban = null;
        if (!string.IsNullOrWhiteSpace(iban))
        {
            var checkedIban = Partners.Iban.Validate(iban);
            if (!checkedIban.IsValid) throw new DomainException(checkedIban.Error!, "iban");
            normalizedIban = checkedIban.Normalized;
        }
        if (parent is not null)
        {
            if (kind is not (PartnerKind.Reseller or PartnerKind.SystemIntegrator))
                throw new DomainException("Only resellers and system integrators have a parent distributor.", "parentPartnerId");
            if (parent.Kind != PartnerKind.Distributor)
                throw new DomainException("The parent partner must be a distributor.", "parentPartnerId");
        }

        return new Partner
        {
            Id = id ?? Guid.NewGuid(),
            Kind = kind,
            Name = name.Trim(),
            Country = country.Trim().ToUpperInvariant(),
            Email = email.Trim(),
            VatId = normalizedVatId,
            ParentPartnerId = parent?.Id,
            Pilot = pilot,
            Iban = normalizedIban,
            Status = status,
            CreatedAtUtc = createdAtUtc,
        };
    }

    /// <summary>The invitee has registered: the partner now waits for approval.</summary>
    public void SubmitRegistration() => Move(PartnerStatus.Invited, PartnerStatus.PendingApproval);

    /// <summary>
    /// The invitee completes its data and accepts the partner terms: <c>Invited → PendingApproval</c>.
    /// The registration must be valid (<see cref="PartnerRegistration.Validate"/>); the first error is thrown with its field.
    /// </summary>
    public void Register(PartnerRegistration registration, string userId, DateTime nowUtc)
    {
        if (Status != PartnerStatus.Invited)
            throw new DomainException($"A partner in status {Status} cannot register again.", "status");
        var errors = registration.Validate(Kind);
        if (errors.Count > 0) throw new DomainException(errors[0].Message, errors[0].Field);
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException("The accepting user is unknown.", "userId");

        Name = registration.CompanyName.Trim();
        Country = registration.Country.Trim().ToUpperInvariant();
        Street = registration.Street.Trim();
        Postcode = registration.Postcode.Trim();
        City = registration.City.Trim();
        VatId = string.IsNullOrWhiteSpace(registration.VatId) ? null : Partners.VatId.Validate(registration.VatId, Country).Normalized;
        Iban = Partners.Iban.Validate(registration.Iban).Normalized;
        ContactName = registration.ContactName.Trim();
        ContactPhone = string.IsNullOrWhiteSpace(registration.ContactPhone) ? null : registration.ContactPhone.Trim();
        TermsAcceptedAtUtc = nowUtc;
        TermsAcceptedByUserId = userId;
        RegisteredAtUtc = nowUtc;
        Move(PartnerStatus.Invited, PartnerStatus.PendingApproval);
    }

    public void Approve(DateTime nowUtc)
    {
        Move(PartnerStatus.PendingApproval, PartnerStatus.Active);
        DecidedAtUtc = nowUtc;
    }

    /// <summary>Refuses a registration (<c>PendingApproval → Terminated</c>) or withdraws an open invitation (<c>Invited → Terminated</c>).</summary>
    public void Reject(string reason, DateTime? nowUtc = null)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("A rejection needs a reason.", "reason");
        if (reason.Trim().Length > 1000)
            throw new DomainException("The reason may have at most 1000 characters.", "reason");
        if (Status is not (PartnerStatus.PendingApproval or PartnerStatus.Invited))
            throw new DomainException($"A partner in status {Status} cannot be rejected.", "status");
        Status = PartnerStatus.Terminated;
        StatusReason = reason.Trim();
        DecidedAtUtc = nowUtc ?? DecidedAtUtc;
    }

    public void Suspend(string reason, DateTime? nowUtc = null)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("A suspension needs a reason.", "reason");
        if (reason.Trim().Length > 1000)
            throw new DomainException("The reason may have at most 1000 characters.", "reason");
        Move(PartnerStatus.Active, PartnerStatus.Suspended);
        StatusReason = reason.Trim();
        DecidedAtUtc = nowUtc ?? DecidedAtUtc;
    }

    public void Reactivate(DateTime? nowUtc = null)
    {
        Move(PartnerStatus.Suspended, PartnerStatus.Active);
        DecidedAtUtc = nowUtc ?? DecidedAtUtc;
    }

    public void Terminate(string reason)
    {
        if (Status == PartnerStatus.Terminated)
            throw new DomainException("The partner is already terminated.", "status");
        Status = PartnerStatus.Terminated;
        StatusReason = reason;
    }

    public void SetPilot(bool pilot) => Pilot = pilot;

    private void Move(PartnerStatus from, PartnerStatus to)
    {
        if (Status != from)
            throw new DomainException($"A partner in status {Status} cannot become {to}.", "status");
        Status = to;
        StatusReason = null;
    }
}

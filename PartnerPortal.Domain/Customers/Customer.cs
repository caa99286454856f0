using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Customers;

/// <summary>
/// An end customer (Endkunde). It is attributed to at most one reseller or system integrator at a time;
/// the history of attributions decides who earns lifetime commission (DESIGN §5), so it is never rewritten:
/// a move ends the current attribution on the day the new one starts.
/// </summary>
public sealed class Customer
{
    private readonly List<CustomerAttribution> _attributions = [];

    private Customer()
    {
        Name = Country = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Country { get; private set; }
    public string? VatId { get; private set; }
    public string? Postcode { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    /// <summary>The client's idempotency key (a form's request id, an API Idempotency-Key): one request registers one customer.</summary>
    public Guid? RequestId { get; private set; }
    public IReadOnlyList<CustomerAttribution> Attributions => _attributions;

    /// <summary>The partner the customer is attributed to now (its open attribution), if any.</summary>
    public CustomerAttribution? CurrentAttribution => _attributions.FirstOrDefault(a => a.ToExclusive is null);

    public static Customer Create(string name, string country, DateTime createdAtUtc, string? vatId = null, string? postcode = null, Guid? id = null, Guid? requestId = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("A customer needs a name of 1 to 200 characters.", "name");
        if (postcode is not null && postcode.Trim().Length > 16)
            throw new DomainException("The postcode has at most 16 characters.", "postcode");
        if (string.IsNullOrWhiteSpace(country) || country.Trim().Length != 2 || !country.Trim().All(char.IsAsciiLetter))
            throw new DomainException("The country must be a two-letter ISO code such as DE.", "country");
        return new Customer
        {
            Id = id ?? Guid.NewGuid(),
            Name = name.Trim(),
            Country = country.Trim().ToUpperInvariant(),
            VatId = string.IsNullOrWhiteSpace(vatId) ? null : vatId.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            Postcode = string.IsNullOrWhiteSpace(postcode) ? null : postcode.Trim(),
            CreatedAtUtc = createdAtUtc,
            RequestId = requestId,
        };
    }

    /// <summary>
    /// True when another customer is likely the same company: the same VAT ID, or the same name and postcode
    /// (case-insensitive, surrounding blanks ignored). Example: "Bäckerei Hansen GmbH", 20095 matches
    /// "bäckerei hansen gmbh ", "20095"; the same name with no postcode on either side does not match.
    /// </summary>
    public static bool IsLikelyDuplicate(string name, string? postcode, string? vatId, string otherName, string? otherPostcode, string? otherVatId)
    {
        static string? Norm(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().ToUpperInvariant();
        static string? NormVat(string? s) => Norm(s)?.Replace(" ", "", StringComparison.Ordinal);
        if (NormVat(vatId) is { } vat && vat == NormVat(otherVatId)) return true;
        return Norm(postcode) is { } pc && pc == Norm(otherPostcode) && Norm(name) == Norm(otherName);
    }

    /// <summary>
    /// Attributes the customer to <paramref name="partnerId"/> from <paramref name="from"/> on. The open attribution,
    /// if any, ends that day (half-open: it covers <c>[its from, from)</c>). A move may not start on or before the
    /// start of the current attribution, and moving to the partner it already has is refused.
    /// </summary>
    public CustomerAttribution AttributeTo(Guid partnerId, DateOnly from, string changedBy, string? reason, DateTime atUtc)
    {
        var current = CurrentAttribution;
        if (current is not null)
        {
            if (current.PartnerId == partnerId)
                throw new DomainException("The customer is already attributed to this partner.", "partnerId");
            if (from <= current.From)
                throw new DomainException($"The move must start after {current.From:yyyy-MM-dd}, when the current attribution began.", "from");
            current.End(from);
        }

        var attribution = new CustomerAttribution(Id, partnerId, from, changedBy, reason, atUtc);
        _attributions.Add(attribution);
        return attribution;
    }
}

/// <summary>One attribution of a customer to a partner, covering the half-open day range <c>[From, ToExclusive)</c>.</summary>
public sealed class CustomerAttribution
{
    private CustomerAttribution()
    {
        ChangedBy = string.Empty;
    }

    internal CustomerAttribution(Guid customerId, Guid partnerId, DateOnly from, string changedBy, string? reason, DateTime changedAtUtc)
    {
        Id = Guid.NewGuid();
        CustomerId = customerId;
        PartnerId = partnerId;
        From = from;
        ChangedBy = changedBy;
        Reason = reason;
        ChangedAtUtc = changedAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid PartnerId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly? ToExclusive { get; private set; }
    public string ChangedBy { get; private set; }
    public string? Reason { get; private set; }
    public DateTime ChangedAtUtc { get; private set; }

    /// <summary>True when the attribution covers <paramref name="day"/>.</summary>
    public bool Covers(DateOnly day) => From <= day && (ToExclusive is null || day < ToExclusive);

    internal void End(DateOnly toExclusive) => ToExclusive = toExclusive;
}

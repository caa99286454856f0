using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Catalog;

/// <summary>
/// A priced offer of an app or of a partner service (exactly one of <see cref="AppId"/> and
/// <see cref="PartnerServiceId"/> is set). Plans are versioned: changing a plan adds a <see cref="PlanVersion"/>;
/// running subscriptions keep the version they were made with.
/// </summary>
public sealed class Plan
{
    private Plan()
    {
        Name = Currency = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid? AppId { get; private set; }
    public Guid? PartnerServiceId { get; private set; }
    public string Name { get; private set; }
    public string Currency { get; private set; }
    /// <summary>The newest version, offered to new subscriptions.</summary>
    public Guid? CurrentVersionId { get; private set; }
    public int VersionCount { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public static Plan ForApp(Guid appId, string name, string currency, DateTime nowUtc) => Create(appId, null, name, currency, nowUtc);

    public static Plan ForPartnerService(Guid serviceId, string name, string currency, DateTime nowUtc) => Create(null, serviceId, name, currency, nowUtc);

    private static Plan Create(Guid? appId, Guid? serviceId, string name, string currency, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("A plan needs a name of 1 to 200 characters.", "name");
        if (!Money.Money.IsValidCurrency(currency))
            throw new DomainException("currency must be an ISO 4217 code such as EUR.", "currency");
        return new Plan
        {
            Id = Guid.NewGuid(), AppId = appId, PartnerServiceId = serviceId, Name = name.Trim(),
            Currency = Money.Money.NormalizeCurrency(currency), CreatedAtUtc = nowUtc,
        };
    }

    /// <summary>
    /// Adds a version with these charges (already validated with <see cref="ChargeValidator"/>) and makes it current.
    /// </summary>
    public PlanVersion AddVersion(IReadOnlyList<ChargeSpec> charges, decimal? minimumCommitment, DateTime nowUtc)
    {
        var errors = ChargeValidator.Validate(charges, null, minimumCommitment);
        if (errors.Count > 0) throw new PricingValidationException(errors);
        VersionCount++;
        var version = new PlanVersion(Id, VersionCount, charges, minimumCommitment, nowUtc);
        CurrentVersionId = version.Id;
        return version;
    }
}

/// <summary>One immutable version of a plan: its charges and minimum commitment as they were when it was made.</summary>
public sealed class PlanVersion
{
    private PlanVersion()
    {
        Charges = [];
    }

    internal PlanVersion(Guid planId, int number, IReadOnlyList<ChargeSpec> charges, decimal? minimumCommitment, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        PlanId = planId;
        Number = number;
        Charges = charges.ToList();
        MinimumCommitment = minimumCommitment;
        CreatedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public int Number { get; private set; }
    public IReadOnlyList<ChargeSpec> Charges { get; private set; }
    public decimal? MinimumCommitment { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
}

/// <summary>
/// A reseller's or system integrator's own service (setup, training, managed support), priced with the same
/// charges as apps and attached to its customers like an app; its revenue belongs to the offering partner.
/// </summary>
public sealed class PartnerService
{
    private PartnerService()
    {
        Name = Description = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public bool Retired { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public static PartnerService Create(Guid partnerId, string name, string? description, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("A service needs a name of 1 to 200 characters.", "name");
        return new PartnerService { Id = Guid.NewGuid(), PartnerId = partnerId, Name = name.Trim(), Description = description?.Trim() ?? "", CreatedAtUtc = nowUtc };
    }

    public void Retire() => Retired = true;
}

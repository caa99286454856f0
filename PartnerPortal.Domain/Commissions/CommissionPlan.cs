using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Commissions;

/// <summary>A commission plan's lifecycle: <c>Draft → Pilot → Published → Retired</c> (a draft may also be published directly).</summary>
public enum CommissionPlanStatus
{
    Draft,
    Pilot,
    Published,
    Retired,
}

/// <summary>
/// A commission program (DESIGN §5). Versioned like price plans: changing the terms adds a
/// <see cref="CommissionPlanVersion"/>; an assignment keeps the version that was current when it was made, so a
/// new version never changes what assigned partners earn until they are assigned again.
/// Only <see cref="CommissionPlanStatus.Published"/> plans are assigned to partners.
/// </summary>
public sealed class CommissionPlan
{
    private CommissionPlan()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public CommissionPlanStatus Status { get; private set; }
    public Guid? CurrentVersionId { get; private set; }
    public int VersionCount { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public static CommissionPlan Create(string name, CommissionPlanStatus status, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
            throw new DomainException("A commission plan needs a name of 1 to 200 characters.", "name");
        if (!Enum.IsDefined(status) || status == CommissionPlanStatus.Retired)
            throw new DomainException("A new commission plan is Draft, Pilot or Published.", "status");
        return new CommissionPlan { Id = Guid.NewGuid(), Name = name.Trim(), Status = status, CreatedAtUtc = nowUtc };
    }

    /// <summary>Adds a version with <paramref name="terms"/> and makes it current; a retired plan takes no new version.</summary>
    public CommissionPlanVersion AddVersion(CommissionTerms terms, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (Status == CommissionPlanStatus.Retired) throw new DomainException("A retired commission plan cannot change.", "status");
        var errors = terms.Validate();
        if (errors.Count > 0) throw new PricingValidationException(errors);
        VersionCount++;
        var version = new CommissionPlanVersion(Id, VersionCount, terms, nowUtc);
        CurrentVersionId = version.Id;
        return version;
    }

    /// <summary>Moves the plan forward: Draft → Pilot → Published → Retired (Draft → Published allowed; never back).</summary>
    public void MoveTo(CommissionPlanStatus next)
    {
        var allowed = (Status, next) switch
        {
            (CommissionPlanStatus.Draft, CommissionPlanStatus.Pilot) => true,
            (CommissionPlanStatus.Draft, CommissionPlanStatus.Published) => true,
            (CommissionPlanStatus.Pilot, CommissionPlanStatus.Published) => true,
            (CommissionPlanStatus.Published, CommissionPlanStatus.Retired) => true,
            _ => false,
        };
        if (!allowed) throw new DomainException($"A {Status} commission plan cannot become {next}.", "status");
        Status = next;
    }
}

/// <summary>One immutable version of a commission plan's terms.</summary>
public sealed class CommissionPlanVersion
{
    private CommissionPlanVersion()
    {
        Terms = new CommissionTerms();
    }

    internal CommissionPlanVersion(Guid planId, int number, CommissionTerms terms, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        PlanId = planId;
        Number = number;
        Terms = terms;
        CreatedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public int Number { get; private set; }
    public CommissionTerms Terms { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
}

/// <summary>
/// A commission plan version assigned to a partner for the half-open day range <c>[From, ToExclusive)</c>; a new
/// assignment ends the open one on the day it starts (like customer attributions). The plan in force on the last day
/// of a period is the one a period is settled with.
/// </summary>
public sealed class CommissionAssignment
{
    private CommissionAssignment()
    {
        AssignedBy = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid CommissionPlanId { get; private set; }
    public Guid CommissionPlanVersionId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly? ToExclusive { get; private set; }
    public string AssignedBy { get; private set; }
    public DateTime AssignedAtUtc { get; private set; }

    public bool Covers(DateOnly day) => From <= day && (ToExclusive is null || day < ToExclusive);

    /// <summary>
    /// Assigns <paramref name="plan"/>'s current version to a partner from <paramref name="from"/>, ending the partner's
    /// open assignment (in <paramref name="existing"/>) that day. An assignment that starts on the same day as the open
    /// one replaces it (the old one then covers no day and is returned for removal).
    /// </summary>
    public static (CommissionAssignment Added, CommissionAssignment? Replaced) Assign(
        Guid partnerId, CommissionPlan plan, DateOnly from, IReadOnlyList<CommissionAssignment> existing, string assignedBy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Status != CommissionPlanStatus.Published)
            throw new DomainException($"Only a published commission plan can be assigned (this one is {plan.Status}).", "commissionPlanId");
        if (existing.Any(a => a.From > from))
            throw new DomainException("The partner has an assignment that starts later; a plan cannot be assigned before it.", "effectiveFrom");
        // Checked before the open assignment is ended: a refused assignment must change nothing.
        var versionId = plan.CurrentVersionId ?? throw new DomainException("The commission plan has no terms yet.", "commissionPlanId");
        CommissionAssignment? replaced = null;
        var open = existing.FirstOrDefault(a => a.ToExclusive is null);
        if (open is not null)
        {
            if (open.From == from) replaced = open;
            else open.ToExclusive = from;
        }

        var added = new CommissionAssignment
        {
            Id = Guid.NewGuid(), PartnerId = partnerId, CommissionPlanId = plan.Id, CommissionPlanVersionId = versionId,
            From = from, AssignedBy = assignedBy, AssignedAtUtc = nowUtc,
        };
        return (added, replaced);
    }
}

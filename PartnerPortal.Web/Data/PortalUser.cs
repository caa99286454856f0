using Microsoft.AspNetCore.Identity;

namespace PartnerPortal.Web.Data;

/// <summary>The kind of organisation a user or API key acts for.</summary>
public enum OrganisationKind
{
    Operator,
    Partner,
    Customer,
}

/// <summary>
/// A person who signs in. Every user belongs to exactly one organisation: the operator, one partner
/// (<see cref="PartnerId"/>) or one customer (<see cref="CustomerId"/>).
/// </summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;
    public OrganisationKind OrganisationKind { get; set; }
    public Guid? PartnerId { get; set; }
    public Guid? CustomerId { get; set; }
    /// <summary>The user's chosen UI language (<c>de-DE</c> or <c>en-US</c>); null follows the browser.</summary>
    public string? Culture { get; set; }
}

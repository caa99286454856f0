using System.Security.Claims;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Web.Tenancy;

/// <summary>
/// Who a database context acts for. Every tenant-owned query is filtered by it in <see cref="PortalDbContext"/>.
/// The default, <see cref="Nobody"/>, sees nothing: a context that was never told who is calling leaks nothing.
/// </summary>
public sealed record Tenant(TenantScope Scope, Guid? PartnerId = null, PartnerKind? PartnerKind = null, Guid? CustomerId = null, string? UserId = null, string? Name = null)
{
    public static readonly Tenant Nobody = new(TenantScope.Nobody);

    /// <summary>Background jobs, start-up and Identity's own stores: every row, no user.</summary>
    public static readonly Tenant System = new(TenantScope.System, Name: "system");

    public bool SeesAll => Scope is TenantScope.System or TenantScope.Operator;

    /// <summary>How the actor is named in audit entries, attribution history and "created by" columns.</summary>
    public string ActorName => Name ?? Scope.ToString();
    public bool IsOperator => Scope == TenantScope.Operator;
    public bool IsDistributor => Scope == TenantScope.Partner && PartnerKind == Domain.Partners.PartnerKind.Distributor;

    /// <summary>
    /// The one rule for what only the operator (or the system, for jobs) may do: anybody else gets a 403 problem saying
    /// <paramref name="why"/>. Features call this instead of repeating the check.
    /// </summary>
    public Tenant EnsureOperator(string why) =>
        SeesAll ? this : throw new Features.Api.RequestRejectedException(Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden, why);

    public static Tenant ForPartner(Guid partnerId, PartnerKind kind, string? userId = null, string? name = null) =>
        new(TenantScope.Partner, partnerId, kind, UserId: userId, Name: name);

    public static Tenant ForOperator(string? userId = null, string? name = null) => new(TenantScope.Operator, UserId: userId, Name: name);

    public static Tenant ForCustomer(Guid customerId, string? userId = null, string? name = null) =>
        new(TenantScope.Customer, CustomerId: customerId, UserId: userId, Name: name);

    /// <summary>Reads the tenant from the claims that sign-in (<see cref="PortalClaims"/>) or an API key put on the principal.</summary>
    public static Tenant FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Nobody;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity.Name;
        switch (user.FindFirstValue(PortalClaims.OrganisationKind))
        {
            case nameof(OrganisationKind.Operator):
                return ForOperator(userId, name);
            case nameof(OrganisationKind.Partner)
                when Guid.TryParse(user.FindFirstValue(PortalClaims.PartnerId), out var partnerId)
                     && Enum.TryParse<PartnerKind>(user.FindFirstValue(PortalClaims.PartnerKind), out var kind):
                return ForPartner(partnerId, kind, userId, name);
            case nameof(OrganisationKind.Customer)
                when Guid.TryParse(user.FindFirstValue(PortalClaims.CustomerId), out var customerId):
                return ForCustomer(customerId, userId, name);
            default:
                return Nobody;
        }
    }
}

public enum TenantScope
{
    Nobody,
    System,
    Operator,
    Partner,
    Customer,
}

/// <summary>Claim types the portal adds to a signed-in user or an API-key principal.</summary>
public static class PortalClaims
{
    public const string OrganisationKind = "portal:org_kind";
    public const string PartnerId = "portal:partner_id";
    public const string PartnerKind = "portal:partner_kind";
    public const string CustomerId = "portal:customer_id";
    public const string DisplayName = "portal:display_name";
    public const string ApiKeyId = "portal:api_key_id";
}

/// <summary>Role names (Identity roles for users; derived from the organisation for API keys).</summary>
public static class PortalRoles
{
    public const string Operator = "Operator";
    public const string Distributor = "Distributor";
    /// <summary>Resellers and system integrators (Systemhäuser).</summary>
    public const string Reseller = "Reseller";
    public const string Isv = "Isv";
    public const string Customer = "Customer";

    public static readonly string[] All = [Operator, Distributor, Reseller, Isv, Customer];

    public static string For(OrganisationKind kind, PartnerKind? partnerKind) => kind switch
    {
        Data.OrganisationKind.Operator => Operator,
        Data.OrganisationKind.Customer => Customer,
        _ => partnerKind switch
        {
            Domain.Partners.PartnerKind.Distributor => Distributor,
            Domain.Partners.PartnerKind.Isv => Isv,
            _ => Reseller,
        },
    };
}

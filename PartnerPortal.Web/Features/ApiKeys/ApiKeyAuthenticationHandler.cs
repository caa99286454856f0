using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. The key is hashed and looked up by its unique hash; the principal
/// carries the key's organisation in the same claims a signed-in user has, so tenancy works the same way.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<PortalDbContext> dbFactory, PortalSettings settings, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return AuthenticateResult.Fail("The API key is missing or malformed.");

        if (settings.BootstrapOperatorApiKey is { } bootstrap &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(bootstrap)))
            return Success(OrganisationKind.Operator, null, null, null, "bootstrap", "Operator (bootstrap key)");

        var hash = ApiKey.HashOf(key);
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        db.Tenant = Tenant.System;
        var found = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAtUtc == null)
            .Select(k => new
            {
                k.Id, k.Name, k.OrganisationKind, k.PartnerId, k.CustomerId, k.LastUsedAtUtc,
                PartnerKind = db.Partners.Where(p => p.Id == k.PartnerId).Select(p => (Domain.Partners.PartnerKind?)p.Kind).FirstOrDefault(),
                PartnerActive = db.Partners.Any(p => p.Id == k.PartnerId && p.Status == Domain.Partners.PartnerStatus.Active),
            })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("The API key is unknown or revoked.");
        if (found.PartnerId is not null && !found.PartnerActive)
            return AuthenticateResult.Fail("The API key's partner is not active.");

        // Record use at most once a minute per key: a hot ingest path must not write a row per request.
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAtUtc is null || now - found.LastUsedAtUtc > TimeSpan.FromMinutes(1))
            await db.ApiKeys.Where(k => k.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, now), Context.RequestAborted);

        return Success(found.OrganisationKind, found.PartnerId, found.PartnerKind, found.CustomerId, found.Id.ToString(), found.Name);
    }

    private AuthenticateResult Success(OrganisationKind kind, Guid? partnerId, Domain.Partners.PartnerKind? partnerKind, Guid? customerId, string keyId, string name)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "apikey:" + keyId),
            new(ClaimTypes.Name, name),
            new(PortalClaims.DisplayName, "API key " + name),
            new(PortalClaims.ApiKeyId, keyId),
            new(PortalClaims.OrganisationKind, kind.ToString()),
            new(ClaimTypes.Role, PortalRoles.For(kind, partnerKind)),
        };
        if (partnerId is not null) claims.Add(new Claim(PortalClaims.PartnerId, partnerId.Value.ToString()));
        if (partnerKind is not null) claims.Add(new Claim(PortalClaims.PartnerKind, partnerKind.Value.ToString()));
        if (customerId is not null) claims.Add(new Claim(PortalClaims.CustomerId, customerId.Value.ToString()));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: failure ?? "Send 'Authorization: Bearer <api key>'.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "This API key's organisation may not do this.").ExecuteAsync(Context);
}

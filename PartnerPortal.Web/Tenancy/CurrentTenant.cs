using Microsoft.AspNetCore.Components.Authorization;

namespace PartnerPortal.Web.Tenancy;

/// <summary>
/// Who is calling, for this scope: the HTTP request's user (API keys, static pages) or, inside an interactive
/// Blazor circuit where there is no HTTP context, the circuit's authentication state.
/// </summary>
public sealed class CurrentTenant(IHttpContextAccessor httpContextAccessor, AuthenticationStateProvider authenticationStateProvider)
{
    public async ValueTask<Tenant> GetAsync()
    {
        var httpContext = httpContextAccessor.HttpContext;
        if (httpContext is not null)
            return Tenant.FromPrincipal(httpContext.User);
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return Tenant.FromPrincipal(state.User);
    }
}

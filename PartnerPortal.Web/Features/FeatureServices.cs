using PartnerPortal.Web.Features.Home;

namespace PartnerPortal.Web.Features;

public static class FeatureServices
{
    /// <summary>Services of the features that pages use (API services are registered by <c>AddPortalApi</c>).</summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.AddScoped<HomeService>();
        services.AddScoped<Partners.PartnerService>();
        services.AddScoped<ApiKeys.ApiKeyService>();
        return services;
    }
}

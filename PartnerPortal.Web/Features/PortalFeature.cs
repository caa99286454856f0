using PartnerPortal.Web.Settings;

namespace PartnerPortal.Web.Features;

/// <summary>A link in the navigation: shown to users in one of <see cref="Roles"/> (all signed-in users when empty).</summary>
public sealed record NavEntry(string Href, string TextKey, string Icon, string[] Roles, int Order, bool NewTab = false);

/// <summary>
/// A feature plugs itself in here: its services, its <c>/api/v1</c> endpoints and its navigation entries.
/// Features are found by reflection at start, so adding one never edits a shared file.
/// </summary>
public interface IPortalFeature
{
    void AddServices(IServiceCollection services, PortalSettings settings) { }

    void MapApi(RouteGroupBuilder api) { }

    /// <summary>Endpoints outside <c>/api/v1</c> that pages link to (file downloads), signed in with the portal's cookie.</summary>
    void MapPageEndpoints(IEndpointRouteBuilder endpoints) { }

    IEnumerable<NavEntry> Navigation => [];

    /// <summary>
    /// The feature's recurring Hangfire jobs, with stable ids; <paramref name="options"/> carry the installation's time zone
    /// and relaxed misfire handling. Called once at start for every feature (<see cref="Jobs.JobServices.RegisterRecurringJobs"/>).
    /// </summary>
    void RegisterRecurringJobs(Hangfire.IRecurringJobManager jobs, Hangfire.RecurringJobOptions options) { }
}

public static class PortalFeatures
{
    public static readonly IReadOnlyList<IPortalFeature> All = typeof(IPortalFeature).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPortalFeature).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IPortalFeature)Activator.CreateInstance(t)!)
        .ToList();

    public static readonly IReadOnlyList<NavEntry> Navigation = All.SelectMany(f => f.Navigation).OrderBy(n => n.Order).ToList();

    public static IServiceCollection AddPortalFeatures(this IServiceCollection services, PortalSettings settings)
    {
        foreach (var feature in All) feature.AddServices(services, settings);
        return services;
    }

    public static void MapFeatureApis(RouteGroupBuilder api)
    {
        foreach (var feature in All) feature.MapApi(api);
    }

    public static void MapFeaturePageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var feature in All) feature.MapPageEndpoints(endpoints);
    }
}

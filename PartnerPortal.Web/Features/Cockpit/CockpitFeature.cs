using Hangfire;
using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Cockpit;

/// <summary>
/// The commission cockpit (issue 9): the month-to-date estimate job, a reseller's commission home and a distributor's
/// downline view. Pages read stored results only (estimates, statements, statement and revenue lines).
/// </summary>
public sealed class CockpitFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddScoped<CockpitService>().AddScoped<EstimateJob>().AddHostedService<EstimateOnStart>();

    /// <summary>Right after home (0): what partners come for.</summary>
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/commission", "Nav.Commission", Icons.Material.Filled.Savings, [PortalRoles.Reseller], 5),
        new("/commission/downline", "Nav.Downline", Icons.Material.Filled.AccountTree, [PortalRoles.Distributor], 5),
    ];

    /// <summary>The daily estimate (stable id, the installation's time zone).</summary>
    public void RegisterRecurringJobs(IRecurringJobManager jobs, RecurringJobOptions options) =>
        jobs.AddOrUpdate<EstimateJob>(EstimateJob.RecurringId, j => j.RunAsync(CancellationToken.None), EstimateJob.DailyCron, options);
}

using Hangfire;
using MudBlazor;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>Data take-back: customer exports (zip of JSON + CSV with a manifest) and the EU Data Act switching timeline.</summary>
public sealed class TakeBackFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddSingleton(sp => TakeBackSettings.Load(sp.GetRequiredService<IConfiguration>()))
            .AddScoped<TakeBackService>().AddScoped<ExportBuilder>().AddScoped<ExportJobs>().AddScoped<SwitchingJobs>();

    public void MapApi(RouteGroupBuilder api) => api.MapTakeBackEndpoints();

    public void MapPageEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapTakeBackPageEndpoints();

    public IEnumerable<NavEntry> Navigation =>
        [new("/my/data", "Nav.MyData", Icons.Material.Filled.CloudDownload, [PortalRoles.Customer], 210)];

    /// <summary>Hourly removal of expired export files, recovery of stuck exports every five minutes, daily anonymisation after the retrieval window (stable ids, the installation's zone).</summary>
    public void RegisterRecurringJobs(IRecurringJobManager jobs, RecurringJobOptions options)
    {
        jobs.AddOrUpdate<ExportJobs>(ExportJobs.RetentionId, j => j.RemoveExpiredAsync(CancellationToken.None), ExportJobs.RetentionCron, options);
        jobs.AddOrUpdate<ExportJobs>(ExportJobs.RecoverId, j => j.RecoverAsync(CancellationToken.None), ExportJobs.RecoverCron, options);
        jobs.AddOrUpdate<SwitchingJobs>(SwitchingJobs.DailyId, j => j.AnonymiseDueAsync(CancellationToken.None), SwitchingJobs.DailyCron, options);
    }
}

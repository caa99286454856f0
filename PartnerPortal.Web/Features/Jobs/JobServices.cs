using Hangfire;
using Hangfire.Dashboard;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Jobs;

/// <summary>
/// Hangfire: storage follows the database provider (SQLite file beside the portal database, or the same SQL Server
/// database), a server runs in-process on every node, and recurring jobs are registered in <see cref="RegisterRecurringJobs"/> only.
/// </summary>
public static class JobServices
{
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, PortalSettings settings, bool runServer)
    {
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (settings.Provider == DatabaseProvider.SqlServer)
                config.UseSqlServerStorage(settings.ConnectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            else
            {
                Directory.CreateDirectory(settings.DataFolder);
                config.UseSQLiteStorage(HangfireSqlitePath(settings), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
            }
        });
        if (runServer)
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        return services;
    }

    /// <summary>Hangfire.Storage.SQLite takes a file path, not a connection string; it keeps its own file next to the portal database.</summary>
    public static string HangfireSqlitePath(PortalSettings settings) => Path.Combine(settings.DataFolder, "hangfire.db");

    /// <summary>
    /// The single place where recurring jobs are registered: the mail delivery, then every feature's own
    /// (<see cref="IPortalFeature.RegisterRecurringJobs"/>) — stable ids, the installation's time zone.
    /// </summary>
    public static void RegisterRecurringJobs(IRecurringJobManager jobs, PortalSettings settings)
    {
        var options = new RecurringJobOptions { TimeZone = settings.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed };
        jobs.AddOrUpdate<MailDeliveryJob>(MailDeliveryJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Minutely(), options);
        foreach (var feature in PortalFeatures.All) feature.RegisterRecurringJobs(jobs, options);
    }

    public static IEndpointConventionBuilder MapPortalHangfireDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new OperatorDashboardFilter()],
            DashboardTitle = "PartnerPortal jobs",
            AppPath = "/",
        });

    /// <summary>The dashboard is for operators only (it is local-only by default, which is not the same thing).</summary>
    private sealed class OperatorDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && user.IsInRole(PortalRoles.Operator);
        }
    }
}

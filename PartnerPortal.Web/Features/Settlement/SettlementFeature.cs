using Hangfire;
using PartnerPortal.Web.Features.Commissions;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Web.Features.Settlement;

public sealed class SettlementFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddScoped<SettlementService>().AddScoped<SettlementRunner>().AddScoped<SettlementJobs>().AddScoped<OpenDates>()
            .AddScoped<CommissionPlanService>().AddScoped<CreditService>();

    public void MapApi(RouteGroupBuilder api)
    {
        api.MapSettlementEndpoints();
        api.MapCommissionEndpoints();
    }

    /// <summary>The feature registers its own recurring job (stable id, the installation's time zone).</summary>
    public static void RegisterRecurringJobs(IRecurringJobManager jobs, PortalSettings settings) =>
        jobs.AddOrUpdate<SettlementJobs>(SettlementJobs.MonthlyId, j => j.MonthlyAsync(CancellationToken.None), SettlementJobs.MonthlyCron,
            new RecurringJobOptions { TimeZone = settings.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed });
}

using Hangfire;
using MudBlazor;
using PartnerPortal.Web.Features.Commissions;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

public sealed class SettlementFeature : IPortalFeature
{
    public void AddServices(IServiceCollection services, PortalSettings settings) =>
        services.AddScoped<SettlementService>().AddScoped<SettlementRunner>().AddScoped<SettlementJobs>().AddScoped<OpenDates>()
            .AddScoped<CommissionPlanService>().AddScoped<CommissionPartnerLookup>().AddScoped<CreditService>()
            .AddScoped<PayoutService>().AddSingleton<PayoutAccount>();

    public void MapApi(RouteGroupBuilder api)
    {
        api.MapSettlementEndpoints();
        api.MapCommissionEndpoints();
    }

    /// <summary>The operator's pages, after the catalog's (220) and before the operations block (800).</summary>
    public IEnumerable<NavEntry> Navigation =>
    [
        new("/operator/commission-plans", "Nav.CommissionPlans", Icons.Material.Filled.Percent, [PortalRoles.Operator], 300),
        new("/operator/settlements", "Nav.Settlements", Icons.Material.Filled.AccountBalance, [PortalRoles.Operator], 310),
    ];

    /// <summary>The feature registers its own recurring job (stable id, the installation's time zone).</summary>
    public void RegisterRecurringJobs(IRecurringJobManager jobs, RecurringJobOptions options) =>
        jobs.AddOrUpdate<SettlementJobs>(SettlementJobs.MonthlyId, j => j.MonthlyAsync(CancellationToken.None), SettlementJobs.MonthlyCron, options);
}

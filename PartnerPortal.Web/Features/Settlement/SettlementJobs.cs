using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The settlement on Hangfire. Jobs take a period key and ids only and work out from the database what is left to do,
/// so each is safe to run twice or on two servers (DESIGN §6–§7). The monthly job asks which ended periods are not
/// settled (Relaxed misfire handling may collapse missed months into one run) and resumes runs a dead process left.
/// </summary>
public sealed class SettlementJobs(SettlementRunner runner, PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings,
    IBackgroundJobClient jobs, ILogger<SettlementJobs> log)
{
    public const string MonthlyId = "settlement-monthly";

    /// <summary>1st of the month, 03:00 in <c>Portal:TimeZone</c>.</summary>
    public const string MonthlyCron = "0 3 1 * *";

    [AutomaticRetry(Attempts = 3)]
    public async Task StartAsync(string period, string startedBy, CancellationToken ct)
    {
        var begun = await runner.BeginAsync(Period.Parse(period), startedBy, restart: true, ct);
        SettlementService.Dispatch(jobs, begun);
    }

    [AutomaticRetry(Attempts = 5)]
    public async Task BatchAsync(string period, int attempt, int index, CancellationToken ct)
    {
        var p = Period.Parse(period);
        if (await runner.RunBatchAsync(p, attempt, index, ct)) await runner.CloseAsync(p, attempt, ct);
    }

    [AutomaticRetry(Attempts = 5)]
    public Task CloseAsync(string period, int attempt, CancellationToken ct) => runner.CloseAsync(Period.Parse(period), attempt, ct);

    /// <summary>Settles every ended period that has no run yet (none before the last approved one) and resumes running ones.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<IReadOnlyList<string>> MonthlyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var runs = await db.SettlementRuns.AsNoTracking().Select(r => new { r.Period, r.Status }).ToListAsync(ct);
        var firstStart = await db.Subscriptions.MinAsync(s => (DateOnly?)s.StartDate, ct);
        var started = new List<string>();
        if (firstStart is null) return started;
        var lastEnded = Period.Of(settings.Today(clock)).Previous();
        var lastApproved = runs.Where(r => r.Status == SettlementStatus.Approved).Select(r => (Period?)r.Period).Max();
        var from = Period.Of(firstStart.Value);
        if (lastApproved is { } approved && approved >= from) from = approved.Next();
        for (var p = from; p <= lastEnded; p = p.Next())
        {
            var existing = runs.SingleOrDefault(r => r.Period == p);
            if (existing is not null && existing.Status != SettlementStatus.Running) continue;
            var begun = await runner.BeginAsync(p, "monthly job", restart: false, ct);
            SettlementService.Dispatch(jobs, begun);
            started.Add(p.ToString());
        }

        log.LogInformation("Monthly settlement: started or resumed {Periods}", string.Join(", ", started));
        return started;
    }
}

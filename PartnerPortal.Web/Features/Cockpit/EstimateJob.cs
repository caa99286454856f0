using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Cockpit;

/// <summary>
/// The month-to-date estimate (issue 9): once a day, and once at start when today's is missing, the open period is rated
/// by the settlement itself (<see cref="SettlementRunner.RateWithoutWritingAsync"/> — the same inputs, the same
/// <see cref="SettlementEngine"/> functions, nothing computed a second way) and stored per partner and per subscription.
/// <para>
/// Reentrant: the period's estimate is replaced in one transaction (delete, insert, stamp). Two servers running it at
/// once: on SQLite the writes serialise; on SQL Server the second insert meets the primary key (period, partner) and
/// rolls back, leaving the first one's — identical — result.
/// </para>
/// </summary>
public sealed class EstimateJob(SettlementRunner runner, PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, ILogger<EstimateJob> log)
{
    public const string RecurringId = "cockpit-estimate";

    /// <summary>Every day at 02:15 in <c>Portal:TimeZone</c> (after the night's usage, before people look).</summary>
    public const string DailyCron = "15 2 * * *";

    /// <summary>The open period: the one today lies in.</summary>
    public Period OpenPeriod => Period.Of(settings.Today(clock));

    /// <summary>True when the open period's estimate was computed today (in the installation's time zone).</summary>
    public async Task<bool> IsFreshAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var period = OpenPeriod;
        var computed = await db.EstimateRuns.AsNoTracking().Where(r => r.Period == period).Select(r => (DateTime?)r.ComputedAtUtc).SingleOrDefaultAsync(ct);
        return computed is { } at && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, settings.TimeZone)) == settings.Today(clock);
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var period = OpenPeriod;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var (revenue, lines) = await runner.RateWithoutWritingAsync(period, ct);
        var rated = timer.Elapsed;
        var now = clock.GetUtcNow().UtcDateTime;
        var partners = Partners(period, revenue, lines, now);
        var subscriptions = revenue.Select(r => new SubscriptionEstimateRecord
        {
            Period = period, SubscriptionId = r.SubscriptionId, CustomerId = r.CustomerId, Currency = r.Currency, RevenueCents = r.RevenueCents, ComputedAtUtc = now,
        }).ToList();

        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The estimate of a settled period is superseded by its statements; the one before the open period stays
            // until its settlement has run (on the 1st, before the monthly job).
            var keepFrom = period.Previous();
            await db.SubscriptionEstimates.Where(e => e.Period != keepFrom).ExecuteDeleteAsync(ct);
            await db.PartnerEstimates.Where(e => e.Period != keepFrom).ExecuteDeleteAsync(ct);
            await db.EstimateRuns.Where(e => e.Period != keepFrom).ExecuteDeleteAsync(ct);
            db.EstimateRuns.Add(new EstimateRunRecord { Period = period, ComputedAtUtc = now, Subscriptions = subscriptions.Count });
            db.PartnerEstimates.AddRange(partners);
            db.SubscriptionEstimates.AddRange(subscriptions);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            log.LogInformation(ex, "Estimate {Period}: another server stored it at the same moment; its result stands", period);
            return 0;
        }

        log.LogInformation("Estimate {Period}: {Subscriptions} subscriptions rated in {Rate} ms, {Partners} partners, stored in {Store} ms",
            period, subscriptions.Count, (long)rated.TotalMilliseconds, partners.Count, (long)(timer.Elapsed - rated).TotalMilliseconds);
        return subscriptions.Count;
    }

    /// <summary>
    /// Per partner, from the rated lines: the revenue it earns on (a reseller's attributed app revenue, a distributor's
    /// downline revenue that carries its override, a contract partner's own revenue — each line once per partner) and
    /// the sums of its commission, override and payout lines.
    /// </summary>
    internal static List<PartnerEstimateRecord> Partners(Period period, IReadOnlyList<RevenueLineRecord> revenue, IReadOnlyList<StatementLineRecord> lines, DateTime now)
    {
        var rows = new Dictionary<Guid, PartnerEstimateRecord>();
        PartnerEstimateRecord Row(Guid partnerId, string currency)
        {
            if (!rows.TryGetValue(partnerId, out var row))
                rows[partnerId] = row = new PartnerEstimateRecord { Period = period, PartnerId = partnerId, Currency = currency, ComputedAtUtc = now };
            return row;
        }

        foreach (var r in revenue)
        {
            var earners = new HashSet<Guid> { r.ContractPartnerId };
            if (r.AppId is not null && r.AttributedPartnerId is { } attributed) earners.Add(attributed);
            if (r.DistributorId is { } distributor) earners.Add(distributor);
            foreach (var partnerId in earners) Row(partnerId, r.Currency).RevenueCents += r.RevenueCents;
        }

        foreach (var l in lines)
        {
            var row = Row(l.PartnerId, l.Currency);
            switch (l.Kind)
            {
                case StatementLineKind.Commission: row.CommissionCents += l.AmountCents; break;
                case StatementLineKind.Override: row.OverrideCents += l.AmountCents; break;
                case StatementLineKind.IsvPayout or StatementLineKind.ServicePayout: row.PayoutCents += l.AmountCents; break;
            }
        }

        return rows.Values.OrderBy(r => r.PartnerId).ToList();
    }
}

/// <summary>At start: when the open period has no estimate of today, one run is handed to Hangfire (any node may take it).</summary>
internal sealed class EstimateOnStart(IServiceProvider services, ILogger<EstimateOnStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<EstimateJob>().IsFreshAsync(cancellationToken)) return;
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<EstimateJob>(j => j.RunAsync(CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The daily job will compute it; a start must not fail over an estimate.
            log.LogWarning(ex, "Could not check today's month-to-date estimate at start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

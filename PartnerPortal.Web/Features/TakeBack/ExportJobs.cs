using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// The take-back jobs. <see cref="RunAsync"/> takes an export id and works out from its row what to do, so a second
/// delivery is harmless: only a queued export is started, anything else is left alone. An export the anonymisation
/// expires while it is built stays Expired and loses what the build wrote (each chunk is stored only while the export
/// runs in the build's attempt, and only a running export becomes Ready).
/// <para>
/// DESIGN — no export hangs. A request answers the customer's queued or running export instead of starting another, so
/// an export stuck in Queued or Running would be answered forever. <see cref="RecoverAsync"/> (every five minutes,
/// <see cref="RecoverId"/>) looks at each export that is still active, by its <c>HeartbeatAtUtc</c>:
/// </para>
/// <list type="bullet">
/// <item>Queued longer than <see cref="RequeueAfter"/> (Hangfire lost the job, or the job died before it started the
/// build): its job is enqueued again. A duplicate is harmless: the first delivery claims the export (Queued → Running
/// in one guarded UPDATE), every other one finds it no longer queued and returns. Queued longer than
/// <see cref="QueueTimeout"/> (no worker ever started it): Failed.</item>
/// <item>Running without a sign of life for <see cref="StallTimeout"/> (its process died, or the build hangs): the build
/// writes the heartbeat with every stored chunk and at least every <see cref="ExportBuilder.HeartbeatEvery"/>, so the
/// export is queued again and built from scratch as a new <c>Attempt</c> — until <see cref="MaxAttempts"/> builds
/// stalled; then it is Failed. A build of an older attempt that is still alive finds its attempt gone at its next chunk
/// and stops without touching the new one's chunks.</item>
/// <item>Failed clears the customer's active export: the next request starts a new one.</item>
/// </list>
/// <para>
/// Hangfire's own redelivery of a job whose server died (or, on SQLite storage, of a job running longer than its
/// invisibility timeout) therefore never starts a second build of a running export: restarts are the recovery job's
/// alone, decided on the database's heartbeat, which every node sees.
/// </para>
/// </summary>
public sealed class ExportJobs(ExportBuilder builder, PortalDbFactory dbFactory, TimeProvider clock, TakeBackSettings settings, IServiceProvider services,
    ILogger<ExportJobs> log)
{
    public const string RetentionId = "exports-retention";
    public const string RetentionCron = "30 * * * *";
    public const string RecoverId = "exports-recover";
    public const string RecoverCron = "*/5 * * * *";
    public static readonly TimeSpan RequeueAfter = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan QueueTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 3;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid exportId, CancellationToken ct)
    {
        Guid customerId;
        int attempt;
        await using (var db = await dbFactory.CreateForAsync(Tenant.System, ct))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Started only while queued: a running one is another delivery's (or the recovery job's to restart); an export
            // the anonymisation expired meanwhile stays Expired.
            var started = await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, ExportStatus.Running).SetProperty(x => x.StartedAtUtc, now)
                    .SetProperty(x => x.HeartbeatAtUtc, now).SetProperty(x => x.Attempt, x => x.Attempt + 1).SetProperty(x => x.Progress, 0), ct);
            if (started == 0) return;
            var row = await db.CustomerExports.Where(x => x.Id == exportId).Select(x => new { x.CustomerId, x.Attempt }).SingleAsync(ct);
            (customerId, attempt) = (row.CustomerId, row.Attempt);
            // What an earlier attempt stored goes; that attempt cannot store more (its chunks are guarded by the attempt).
            await db.CustomerExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }

        try
        {
            var result = await builder.BuildAsync(exportId, attempt, customerId, async percent =>
            {
                await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                await db.CustomerExports.Where(x => x.Id == exportId && x.Attempt == attempt)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Progress, percent).SetProperty(x => x.HeartbeatAtUtc, now), ct);
            }, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
            // Only a still running export of this attempt becomes Ready: one expired (or restarted) after its last chunk
            // was stored keeps its status.
            var finished = await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Running && x.Attempt == attempt).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, ExportStatus.Ready).SetProperty(x => x.Progress, 100).SetProperty(x => x.ActiveCustomerId, (Guid?)null)
                .SetProperty(x => x.FinishedAtUtc, now).SetProperty(x => x.ExpiresAtUtc, now + settings.ExportRetention)
                .SetProperty(x => x.SizeBytes, result.SizeBytes).SetProperty(x => x.Sha256, result.Sha256).SetProperty(x => x.Chunks, result.Chunks)
                .SetProperty(x => x.UsageEvents, result.UsageEvents), ct);
            if (finished == 0) throw new ExportWithdrawnException(exportId);
            log.LogInformation("Export {ExportId} of customer {CustomerId}: {Bytes} bytes, {Events} events", exportId, customerId, result.SizeBytes, result.UsageEvents);
        }
        catch (ExportWithdrawnException)
        {
            // The anonymisation expired the export and removed its chunks while it was built; what it wrote since goes too.
            // Restarted instead (a newer attempt runs): its chunks are the newer attempt's, left alone.
            log.LogInformation("Export {ExportId} of customer {CustomerId} was withdrawn or restarted while attempt {Attempt} built it; its output is dropped",
                exportId, customerId, attempt);
            await using var db = await dbFactory.CreateForAsync(Tenant.System, CancellationToken.None);
            await db.CustomerExportChunks.Where(c => c.ExportId == exportId
                    && !db.CustomerExports.Any(x => x.Id == exportId && x.Attempt != attempt && (x.Status == ExportStatus.Queued || x.Status == ExportStatus.Running)))
                .ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Export {ExportId} of customer {CustomerId} failed", exportId, customerId);
            var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            await FailAsync(exportId, x => x.Status == ExportStatus.Running && x.Attempt == attempt, error);
        }
    }

    /// <summary>
    /// The recovery of exports a lost job or a dead process left (the rule is in the class comment): queues again, restarts
    /// or fails them. Answers what it did, for the log and the tests.
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<ExportRecovery> RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        // Active exports only (queued or running: the unique index on ActiveCustomerId finds them).
        var quiet = now - RequeueAfter;
        var active = await db.CustomerExports.AsNoTracking().Where(x => x.ActiveCustomerId != null && x.HeartbeatAtUtc < quiet)
            .Select(x => new { x.Id, x.Status, x.Attempt, x.HeartbeatAtUtc }).ToListAsync(ct);
        List<Guid> requeued = [], restarted = [], failed = [];
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        foreach (var export in active)
        {
            var id = export.Id;
            var since = export.HeartbeatAtUtc;
            if (export.Status == ExportStatus.Queued && since < now - QueueTimeout)
            {
                if (await FailAsync(id, x => x.Status == ExportStatus.Queued && x.HeartbeatAtUtc == since,
                        $"The export was not started within {QueueTimeout.TotalMinutes:0} minutes; request it again.")) failed.Add(id);
            }
            else if (export.Status == ExportStatus.Queued)
            {
                jobs.Enqueue<ExportJobs>(j => j.RunAsync(id, CancellationToken.None));
                requeued.Add(id);
            }
            else if (export.Status == ExportStatus.Running && since < now - StallTimeout && export.Attempt >= MaxAttempts)
            {
                if (await FailAsync(id, x => x.Status == ExportStatus.Running && x.HeartbeatAtUtc == since,
                        $"The export's build stopped without finishing {export.Attempt} times; request it again.")) failed.Add(id);
            }
            else if (export.Status == ExportStatus.Running && since < now - StallTimeout)
            {
                // Queued again only if no sign of life came meanwhile (the heartbeat is the guard).
                var back = await db.CustomerExports.Where(x => x.Id == id && x.Status == ExportStatus.Running && x.HeartbeatAtUtc == since)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, ExportStatus.Queued).SetProperty(x => x.HeartbeatAtUtc, now).SetProperty(x => x.Progress, 0), ct);
                if (back == 0) continue;
                jobs.Enqueue<ExportJobs>(j => j.RunAsync(id, CancellationToken.None));
                restarted.Add(id);
            }
        }

        if (requeued.Count + restarted.Count + failed.Count > 0)
            log.LogWarning("Export recovery: {Requeued} queued again, {Restarted} restarted after a stall, {Failed} failed", requeued.Count, restarted.Count, failed.Count);
        return new ExportRecovery(requeued, restarted, failed);
    }

    /// <summary>Fails the export if <paramref name="guard"/> still holds: clears the customer's active export (a new request starts anew), removes its chunks.</summary>
    private async Task<bool> FailAsync(Guid exportId, System.Linq.Expressions.Expression<Func<CustomerExportRecord, bool>> guard, string error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateForAsync(Tenant.System, CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var failed = await db.CustomerExports.Where(x => x.Id == exportId).Where(guard).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, ExportStatus.Failed).SetProperty(x => x.ActiveCustomerId, (Guid?)null)
            .SetProperty(x => x.FinishedAtUtc, now).SetProperty(x => x.Error, error), CancellationToken.None);
        if (failed > 0) await db.CustomerExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return failed > 0;
    }

    /// <summary>Removes the files of exports whose retention ended (<c>Portal:Exports:Retention</c>); the rows stay, Expired.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RemoveExpiredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var expired = await db.CustomerExports.Where(x => x.Status == ExportStatus.Ready && x.ExpiresAtUtc <= now).Select(x => x.Id).ToListAsync(ct);
        foreach (var id in expired)
        {
            await db.CustomerExportChunks.Where(c => c.ExportId == id).ExecuteDeleteAsync(ct);
            await db.CustomerExports.Where(x => x.Id == id && x.Status == ExportStatus.Ready)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, ExportStatus.Expired).SetProperty(x => x.Chunks, 0), ct);
        }

        if (expired.Count > 0) log.LogInformation("Removed {Count} expired exports", expired.Count);
        return expired.Count;
    }
}

/// <summary>What one pass of <see cref="ExportJobs.RecoverAsync"/> did: exports queued again, restarted after a stall, failed.</summary>
public sealed record ExportRecovery(IReadOnlyList<Guid> Requeued, IReadOnlyList<Guid> Restarted, IReadOnlyList<Guid> Failed);

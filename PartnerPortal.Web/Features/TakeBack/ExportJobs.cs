using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// The take-back jobs. <see cref="RunAsync"/> takes an export id and works out from its row what to do, so a second
/// delivery is harmless: a finished export is left alone, a running one (its process died) is built again from scratch.
/// An export the anonymisation expires while it is built stays Expired and loses what the build wrote (each chunk is
/// stored only while the export runs, and only a running export becomes Ready).
/// </summary>
public sealed class ExportJobs(ExportBuilder builder, PortalDbFactory dbFactory, TimeProvider clock, TakeBackSettings settings, ILogger<ExportJobs> log)
{
    public const string RetentionId = "exports-retention";
    public const string RetentionCron = "30 * * * *";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid exportId, CancellationToken ct)
    {
        Guid customerId;
        await using (var db = await dbFactory.CreateForAsync(Tenant.System, ct))
        {
            customerId = await db.CustomerExports.Where(x => x.Id == exportId).Select(x => x.CustomerId).FirstOrDefaultAsync(ct);
            // Started only while queued or running: an export the anonymisation expired meanwhile stays Expired.
            var started = await db.CustomerExports.Where(x => x.Id == exportId && (x.Status == ExportStatus.Queued || x.Status == ExportStatus.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, ExportStatus.Running).SetProperty(x => x.StartedAtUtc, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(x => x.Progress, 0), ct);
            if (started == 0) return;
            await db.CustomerExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(ct);
        }

        try
        {
            var result = await builder.BuildAsync(exportId, customerId, async percent =>
            {
                await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
                await db.CustomerExports.Where(x => x.Id == exportId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Progress, percent), ct);
            }, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
            // Only a still running export becomes Ready: one expired after its last chunk was stored keeps its status.
            var finished = await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Running).ExecuteUpdateAsync(u => u
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
            log.LogInformation("Export {ExportId} of customer {CustomerId} was withdrawn while it was built; its output is dropped", exportId, customerId);
            await using var db = await dbFactory.CreateForAsync(Tenant.System, CancellationToken.None);
            await db.CustomerExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Export {ExportId} of customer {CustomerId} failed", exportId, customerId);
            await using var db = await dbFactory.CreateForAsync(Tenant.System, CancellationToken.None);
            await db.CustomerExportChunks.Where(c => c.ExportId == exportId).ExecuteDeleteAsync(CancellationToken.None);
            var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Running).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, ExportStatus.Failed).SetProperty(x => x.ActiveCustomerId, (Guid?)null)
                .SetProperty(x => x.FinishedAtUtc, clock.GetUtcNow().UtcDateTime).SetProperty(x => x.Error, error), CancellationToken.None);
        }
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

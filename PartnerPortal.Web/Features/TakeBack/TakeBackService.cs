using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// Data take-back: export requests, their status and download, and the switching notice. Who may: the customer itself
/// (its users, role Customer), the partner it is attributed to now, and the operator — <see cref="MayTakeBackAsync"/>,
/// the one rule. Anybody else is told the customer or export does not exist (404, no hint).
/// </summary>
public sealed class TakeBackService(PortalDbFactory dbFactory, CurrentTenant currentTenant, TimeProvider clock, PortalSettings settings,
    TakeBackSettings takeBack, IServiceProvider services)
{
    private IBackgroundJobClient Jobs => services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>True when <paramref name="tenant"/> may export <paramref name="customerId"/>'s data or give its notice.</summary>
    public static Task<bool> MayTakeBackAsync(PortalDbContext systemDb, Tenant tenant, Guid customerId, CancellationToken ct) => tenant.Scope switch
    {
        TenantScope.Operator or TenantScope.System => systemDb.Customers.AnyAsync(c => c.Id == customerId, ct),
        TenantScope.Customer => Task.FromResult(tenant.CustomerId == customerId),
        TenantScope.Partner => systemDb.CustomerAttributions.AnyAsync(a => a.CustomerId == customerId && a.ToExclusive == null && a.PartnerId == tenant.PartnerId, ct),
        _ => Task.FromResult(false),
    };

    /// <summary>For the pages: may the caller use the take-back panel of this customer?</summary>
    public async Task<bool> CanTakeBackAsync(Guid customerId, CancellationToken ct = default)
    {
        var tenant = await currentTenant.GetAsync();
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        return await MayTakeBackAsync(db, tenant, customerId, ct);
    }

    private async Task<Tenant> RequireAsync(PortalDbContext systemDb, Guid customerId, CancellationToken ct)
    {
        var tenant = await currentTenant.GetAsync();
        if (!await MayTakeBackAsync(systemDb, tenant, customerId, ct)) throw RequestRejectedException.NotFound("The customer");
        return tenant;
    }

    private static Task<Guid?> PartnerOfAsync(PortalDbContext db, Guid customerId, CancellationToken ct) =>
        db.CustomerAttributions.Where(a => a.CustomerId == customerId && a.ToExclusive == null).Select(a => (Guid?)a.PartnerId).FirstOrDefaultAsync(ct);

    // ---------------------------------------------------------------- exports

    /// <summary>
    /// Requests an export: a new one is queued on Hangfire; while one is queued or running, that one is answered (the
    /// unique index on the active customer decides a race: the loser reads the winner's row). That export never hangs:
    /// <see cref="ExportJobs.RecoverAsync"/> queues a lost job again and restarts or fails a stalled build, and after a
    /// failed one the next request starts anew.
    /// </summary>
    public async Task<ExportDto> RequestExportAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var tenant = await RequireAsync(db, customerId, ct);
        var running = await db.CustomerExports.AsNoTracking().FirstOrDefaultAsync(x => x.ActiveCustomerId == customerId, ct);
        if (running is not null) return ToDto(running);
        var switchRow = await db.CustomerSwitches.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (switchRow?.AnonymisedAtUtc is not null)
            throw RequestRejectedException.Conflict("The customer's personal data was anonymised after its retrieval window; there is nothing left to take back.");

        var now = clock.GetUtcNow().UtcDateTime;
        var export = new CustomerExportRecord
        {
            Id = Guid.NewGuid(), CustomerId = customerId, ActiveCustomerId = customerId, Status = ExportStatus.Queued, RequestedAtUtc = now,
            HeartbeatAtUtc = now, RequestedBy = tenant.ActorName,
        };
        db.CustomerExports.Add(export);
        Audit.Audit.Record(db, tenant, now, "export.requested", $"customer {customerId}", await PartnerOfAsync(db, customerId, ct), $"export {export.Id}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await using var again = await dbFactory.CreateForAsync(Tenant.System, ct);
            var winner = await again.CustomerExports.AsNoTracking().FirstOrDefaultAsync(x => x.ActiveCustomerId == customerId, ct);
            if (winner is not null) return ToDto(winner);
            throw;
        }

        var id = export.Id;
        Jobs.Enqueue<ExportJobs>(j => j.RunAsync(id, CancellationToken.None));
        return ToDto(export);
    }

    public async Task<ExportDto> GetExportAsync(Guid customerId, Guid exportId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        await RequireAsync(db, customerId, ct);
        var export = await db.CustomerExports.AsNoTracking().FirstOrDefaultAsync(x => x.Id == exportId && x.CustomerId == customerId, ct)
                     ?? throw RequestRejectedException.NotFound("The export");
        return ToDto(export);
    }

    public async Task<Paged<ExportDto>> ListExportsAsync(Guid customerId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        await RequireAsync(db, customerId, ct);
        var query = db.CustomerExports.AsNoTracking().Where(x => x.CustomerId == customerId);
        var total = await query.CountAsync(ct);
        // Newest first; of two at the same instant the one still running first.
        var rows = await query.OrderByDescending(x => x.RequestedAtUtc).ThenBy(x => x.ActiveCustomerId == null).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<ExportDto>(rows.Select(ToDto).ToList(), p, size, total);
    }

    /// <summary>A ready export's file for download (audited); 404 for anybody who may not request it, and once it expired.</summary>
    public async Task<(CustomerExportRecord Export, string FileName)> OpenDownloadAsync(Guid? customerId, Guid exportId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var export = await db.CustomerExports.FirstOrDefaultAsync(x => x.Id == exportId && (customerId == null || x.CustomerId == customerId), ct)
                     ?? throw RequestRejectedException.NotFound("The export");
        var tenant = await RequireAsync(db, export.CustomerId, ct);
        if (export.Status != ExportStatus.Ready) throw RequestRejectedException.NotFound("The export's file");
        export.Downloads++;
        var now = clock.GetUtcNow().UtcDateTime;
        Audit.Audit.Record(db, tenant, now, "export.downloaded", $"customer {export.CustomerId}", await PartnerOfAsync(db, export.CustomerId, ct),
            $"export {export.Id}, {export.SizeBytes} bytes, sha256 {export.Sha256}");
        await db.SaveChangesAsync(ct);
        return (export, $"datenruecknahme-{export.CustomerId:N}-{export.FinishedAtUtc:yyyyMMdd-HHmmss}.zip");
    }

    public Task CopyFileAsync(CustomerExportRecord export, Stream target, CancellationToken ct) =>
        ExportStore.CopyToAsync(dbFactory, export.Id, export.Chunks, target, ct);

    private static ExportDto ToDto(CustomerExportRecord x) => new(x.Id, x.CustomerId, x.Status, x.Progress, Utc(x.RequestedAtUtc), x.RequestedBy,
        Utc(x.StartedAtUtc), Utc(x.FinishedAtUtc), Utc(x.ExpiresAtUtc), x.SizeBytes, x.Sha256, x.UsageEvents, x.Error,
        x.Status == ExportStatus.Ready ? $"/api/v1/customers/{x.CustomerId}/exports/{x.Id}/download" : null);

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
    private static DateTime? Utc(DateTime? t) => t is { } v ? Utc(v) : null;

    // ---------------------------------------------------------------- switching

    public async Task<SwitchingDto> GetSwitchingAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        await RequireAsync(db, customerId, ct);
        var row = await db.CustomerSwitches.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        return ToDto(customerId, row);
    }

    /// <summary>Records the customer's notice to leave, today; the timeline follows from the settings. Audited.</summary>
    public async Task<SwitchingDto> GiveNoticeAsync(Guid customerId, GiveNoticeRequest request, CancellationToken ct = default)
    {
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (reason is { Length: > 1000 }) throw RequestRejectedException.Invalid("reason", "The reason has at most 1,000 characters.");
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var tenant = await RequireAsync(db, customerId, ct);
        var row = await db.CustomerSwitches.FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (row?.AnonymisedAtUtc is not null)
            throw RequestRejectedException.Conflict("The customer has left and its personal data was anonymised.");
        if (row is not null && row.WithdrawnAtUtc is null)
            throw RequestRejectedException.Conflict($"Notice was given on {row.NoticeDate:yyyy-MM-dd} already; withdraw it first to give it again.");

        var now = clock.GetUtcNow().UtcDateTime;
        var timeline = SwitchingTimeline.From(settings.Today(clock), takeBack.TransitionalDays, takeBack.RetrievalDays);
        if (row is null)
        {
            row = new CustomerSwitchRecord { CustomerId = customerId };
            db.CustomerSwitches.Add(row);
        }

        row.NoticeDate = timeline.NoticeDate;
        row.TransitionEndsExclusive = timeline.TransitionEndsExclusive;
        row.RetrievalEndsExclusive = timeline.RetrievalEndsExclusive;
        row.RecordedAtUtc = now;
        row.RecordedBy = tenant.ActorName;
        row.Reason = reason;
        row.WithdrawnAtUtc = null;
        row.WithdrawnBy = null;
        Audit.Audit.Record(db, tenant, now, "switching.notice", $"customer {customerId}", await PartnerOfAsync(db, customerId, ct),
            $"notice {timeline.NoticeDate:yyyy-MM-dd}, transition until {timeline.TransitionEndsExclusive:yyyy-MM-dd}, retrieval until {timeline.RetrievalEndsExclusive:yyyy-MM-dd}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw RequestRejectedException.Conflict("Notice was given at the same time by somebody else; reload.");
        }

        return ToDto(customerId, row);
    }

    /// <summary>Withdraws a notice before the anonymisation (the customer stays). Audited.</summary>
    public async Task<SwitchingDto> WithdrawNoticeAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var tenant = await RequireAsync(db, customerId, ct);
        var row = await db.CustomerSwitches.FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (row is null || row.WithdrawnAtUtc is not null) throw RequestRejectedException.Conflict("The customer has given no notice to withdraw.");
        if (row.AnonymisedAtUtc is not null) throw RequestRejectedException.Conflict("The customer's data was anonymised; the notice cannot be withdrawn.");
        var now = clock.GetUtcNow().UtcDateTime;
        row.WithdrawnAtUtc = now;
        row.WithdrawnBy = tenant.ActorName;
        Audit.Audit.Record(db, tenant, now, "switching.withdrawn", $"customer {customerId}", await PartnerOfAsync(db, customerId, ct),
            $"notice of {row.NoticeDate:yyyy-MM-dd} withdrawn");
        await db.SaveChangesAsync(ct);
        return ToDto(customerId, row);
    }

    private SwitchingDto ToDto(Guid customerId, CustomerSwitchRecord? row)
    {
        if (row is null)
            return new SwitchingDto(customerId, "None", null, null, null, null, null, null, null, null, null, null, null, takeBack.TransitionalDays, takeBack.RetrievalDays);
        var timeline = new SwitchingTimeline(row.NoticeDate, row.TransitionEndsExclusive, row.RetrievalEndsExclusive);
        var status = row.AnonymisedAtUtc is not null ? "Anonymised"
            : row.WithdrawnAtUtc is not null ? "Withdrawn"
            : timeline.PhaseOn(settings.Today(clock)).ToString();
        return new SwitchingDto(customerId, status, row.NoticeDate, row.TransitionEndsExclusive, row.RetrievalEndsExclusive,
            row.TransitionEndsExclusive.AddDays(-1), row.RetrievalEndsExclusive.AddDays(-1), timeline.AnonymiseFrom, row.RecordedBy, Utc(row.RecordedAtUtc),
            row.Reason, Utc(row.WithdrawnAtUtc), Utc(row.AnonymisedAtUtc), takeBack.TransitionalDays, takeBack.RetrievalDays);
    }
}

using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// What the API and the pages do with settlements: start (validated, then handed to Hangfire), read, approve, pay, and
/// read statements. Only the operator starts, approves and pays; partners read their own statements (query filters).
/// </summary>
public sealed class SettlementService(PortalDbFactory dbFactory, CurrentTenant currentTenant, TimeProvider clock, PortalSettings settings,
    SettlementRunner runner, IServiceProvider services)
{
    // Resolved only by the calls that enqueue jobs, so reading statements never builds a Hangfire client.
    private IBackgroundJobClient Jobs => services.GetRequiredService<IBackgroundJobClient>();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Checks that <paramref name="text"/> is a period that may be settled now; answers it.</summary>
    public async Task<Period> ValidateSettleableAsync(string? text, CancellationToken ct = default)
    {
        var period = ParsePeriod(text);
        if (period.EndExclusiveUtc(settings.TimeZone) > clock.GetUtcNow())
            throw RequestRejectedException.Invalid("period", $"{period} has not ended yet: a period is settled after its last day.");
        await using var db = await SystemAsync(ct);
        var runs = await db.SettlementRuns.AsNoTracking().Where(r => r.Status == SettlementStatus.Approved).Select(r => r.Period).ToListAsync(ct);
        if (runs.Contains(period))
            throw RequestRejectedException.Conflict($"{period} is approved; its statements never change. Corrections become adjustments in the next open period.", "period");
        if (runs.Count > 0 && period < runs.Max())
            throw RequestRejectedException.Invalid("period", $"{period} lies before the approved period {runs.Max()}; corrections are settled as adjustments in the next open period.");
        return period;
    }

    /// <summary>Starts (or resumes, or re-runs the drafts of) a period on Hangfire; answers the run as it is now.</summary>
    public async Task<SettlementDto> StartAsync(StartSettlementRequest request, CancellationToken ct = default)
    {
        var tenant = await RequireOperatorAsync(ct);
        var period = await ValidateSettleableAsync(request.Period, ct);
        var begun = await runner.BeginAsync(period, tenant.ActorName, restart: true, ct);
        Dispatch(Jobs, begun);
        return await GetAsync(period.ToString(), ct);
    }

    /// <summary>Hands a run's pending batches to Hangfire; with none pending the close is enqueued (it is idempotent).</summary>
    public static void Dispatch(IBackgroundJobClient jobs, SettlementRunner.Begun begun)
    {
        if (begun.Status != SettlementStatus.Running) return;
        var period = begun.Period.ToString();
        if (begun.PendingBatches.Count == 0)
            jobs.Enqueue<SettlementJobs>(j => j.CloseAsync(period, begun.Attempt, CancellationToken.None));
        foreach (var index in begun.PendingBatches)
            jobs.Enqueue<SettlementJobs>(j => j.BatchAsync(period, begun.Attempt, index, CancellationToken.None));
    }

    public async Task<SettlementDto> GetAsync(string? periodText, CancellationToken ct = default)
    {
        await RequireOperatorAsync(ct);
        var period = ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        var run = await db.SettlementRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Period == period, ct)
                  ?? throw RequestRejectedException.NotFound($"A settlement of {period}");
        var done = await db.SettlementBatches.CountAsync(b => b.Period == period && b.Attempt == run.Attempt && b.DoneAtUtc != null, ct);
        return ToDto(run, done);
    }

    public async Task<Paged<SettlementDto>> ListAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        await RequireOperatorAsync(ct);
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        var total = await db.SettlementRuns.CountAsync(ct);
        var runs = await db.SettlementRuns.AsNoTracking().OrderByDescending(r => r.Period).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var periods = runs.Select(r => r.Period).ToList();
        var done = (await db.SettlementBatches.Where(b => periods.Contains(b.Period) && b.DoneAtUtc != null)
                .GroupBy(b => new { b.Period, b.Attempt }).Select(g => new { g.Key.Period, g.Key.Attempt, Done = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => (x.Period, x.Attempt), x => x.Done);
        return new Paged<SettlementDto>(runs.Select(r => ToDto(r, done.GetValueOrDefault((r.Period, r.Attempt)))).ToList(), p, size, total);
    }

    /// <summary>
    /// Approves a drafted period: its statements become <c>Approved</c> (or <c>CarriedForward</c>), the statements it
    /// carried forward are marked as taken over, and drafts of later periods are settled again (they may carry this
    /// period's statements). Periods are approved in order.
    /// </summary>
    public async Task<SettlementDto> ApproveAsync(string? periodText, CancellationToken ct = default)
    {
        var tenant = await RequireOperatorAsync(ct);
        var period = ParsePeriod(periodText);
        await using var db = await SystemAsync(ct);
        var runs = await db.SettlementRuns.ToListAsync(ct);
        var run = runs.SingleOrDefault(r => r.Period == period) ?? throw RequestRejectedException.Invalid("period", $"{period} has not been settled.");
        switch (run.Status)
        {
            case SettlementStatus.Approved:
                throw RequestRejectedException.Conflict($"{period} is approved already.", "period");
            case SettlementStatus.Running:
                throw RequestRejectedException.Conflict($"{period} is still being settled; approve it when its drafts are ready.", "period");
            case SettlementStatus.Failed:
                throw RequestRejectedException.Conflict($"The settlement of {period} failed ({run.Error}); settle it again first.", "period");
        }
        var earlier = runs.Where(r => r.Period < period && r.Status != SettlementStatus.Approved).OrderBy(r => r.Period).FirstOrDefault();
        if (earlier is not null)
            throw RequestRejectedException.Conflict($"Approve {earlier.Period} first: periods are approved in order.", "period");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        run.Status = SettlementStatus.Approved;
        run.ApprovedAtUtc = now;
        run.ApprovedBy = tenant.ActorName;
        try
        {
            await db.SaveChangesAsync(ct); // the run's status is a concurrency token: of two approvals one wins
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RequestRejectedException.Conflict($"{period} was approved or settled again at the same time; reload.", "period");
        }
        await db.Statements.Where(s => s.Period == period && s.Status == StatementStatus.Draft && s.CarriesForward)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StatementStatus.CarriedForward).SetProperty(s => s.ApprovedAtUtc, now), ct);
        await db.Statements.Where(s => s.Period == period && s.Status == StatementStatus.Draft)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StatementStatus.Approved).SetProperty(s => s.ApprovedAtUtc, now), ct);
        // The statements this period carried forward are taken over, and credits whose adjustments it carried are settled
        // (one statement each, whatever their number).
        await db.Statements.Where(s => s.CarriedIntoPeriod == null && s.Status == StatementStatus.CarriedForward
                && db.StatementLines.Any(l => l.Period == period && l.Kind == StatementLineKind.CarryForward && l.PartnerId == s.PartnerId
                    && l.RefersToPeriod == s.Period))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CarriedIntoPeriod, period), ct);
        await db.Credits.Where(c => c.SettledInPeriod == null
                && db.RevenueAdjustments.Any(a => a.Period == period && a.CreditCents != 0 && a.SubscriptionId == c.SubscriptionId && a.CorrectedPeriod == c.Period))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.SettledInPeriod, period), ct);
        Audit.Audit.Record(db, tenant, now, "settlement.approved", $"settlement {period}", null,
            $"revenue {Money.FromMinorUnits(run.RevenueCents, run.Currency)}, commissions {Money.FromMinorUnits(run.CommissionCents, run.Currency)}, {run.Statements} statements");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        foreach (var later in runs.Where(r => r.Period > period && r.Status is SettlementStatus.Draft or SettlementStatus.Failed))
        {
            var laterPeriod = later.Period.ToString();
            var reason = "re-settled after approval of " + period;
            Jobs.Enqueue<SettlementJobs>(j => j.StartAsync(laterPeriod, reason, CancellationToken.None));
        }
        return await GetAsync(period.ToString(), ct);
    }

    /// <summary>Marks an approved statement with a positive total paid, with the transfer's reference.</summary>
    public async Task<StatementDto> PayAsync(Guid partnerId, string? periodText, PayStatementRequest request, CancellationToken ct = default)
    {
        var tenant = await RequireOperatorAsync(ct);
        var period = ParsePeriod(periodText);
        var reference = PaymentReference(request.Reference);
        await using var db = await dbFactory.CreateAsync(ct);
        var statement = await db.Statements.SingleOrDefaultAsync(s => s.PartnerId == partnerId && s.Period == period, ct)
                        ?? throw RequestRejectedException.NotFound($"A statement of {period} for this partner");
        await MarkPaidAsync(db, tenant, [statement], reference, ct);
        return await GetStatementAsync(partnerId, period.ToString(), ct);
    }

    /// <summary>
    /// Marks the statements <paramref name="numbers"/> of <paramref name="period"/> paid with one transfer's reference (a
    /// payment file's): the same rules as one statement, all in one save — a refusal of any leaves every one unpaid.
    /// Answers how many are paid (a statement paid before with this reference counts: a retry).
    /// </summary>
    public async Task<int> PayAsync(Period period, IReadOnlyCollection<string> numbers, string? reference, CancellationToken ct = default)
    {
        var tenant = await RequireOperatorAsync(ct);
        var checkedReference = PaymentReference(reference);
        await using var db = await dbFactory.CreateAsync(ct);
        var statements = await db.Statements.Where(s => s.Period == period && numbers.Contains(s.Number)).ToListAsync(ct);
        var unknown = numbers.FirstOrDefault(n => statements.All(s => s.Number != n));
        if (unknown is not null) throw RequestRejectedException.NotFound($"Statement {unknown} of {period}");
        await MarkPaidAsync(db, tenant, statements.OrderBy(s => s.Number, StringComparer.Ordinal), checkedReference, ct);
        return statements.Count;
    }

    private static string PaymentReference(string? text)
    {
        var reference = text?.Trim();
        if (string.IsNullOrEmpty(reference) || reference.Length > 140)
            throw RequestRejectedException.Invalid("reference", "reference is required: the transfer's reference, 1 to 140 characters.");
        return reference;
    }

    /// <summary>The one place a statement becomes Paid: approved, a positive total; paid again with the same reference is a retry.</summary>
    private async Task MarkPaidAsync(PortalDbContext db, Tenant tenant, IEnumerable<StatementRecord> statements, string reference, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var statement in statements)
        {
            if (statement.Status == StatementStatus.Paid)
            {
                if (statement.PaymentReference == reference) continue; // a retry
                throw RequestRejectedException.Conflict($"Statement {statement.Number} was paid already (reference {statement.PaymentReference}).", "reference");
            }
            if (statement.Status != StatementStatus.Approved)
                throw RequestRejectedException.Conflict($"Only an approved statement is paid; {statement.Number} is {statement.Status}.", "period");
            if (statement.TotalCents <= 0)
                throw RequestRejectedException.Conflict($"{statement.Number}: a statement without a positive total is not paid.", "period");
            statement.Status = StatementStatus.Paid;
            statement.PaidAtUtc = now;
            statement.PaymentReference = reference;
            Audit.Audit.Record(db, tenant, now, "statement.paid", $"statement {statement.Number}", statement.PartnerId, $"reference {reference}");
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw RequestRejectedException.Conflict("The statement changed at the same time; reload.", "period"); }
    }

    public async Task<Paged<StatementSummaryDto>> ListStatementsAsync(Guid partnerId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        if (!await db.Partners.AnyAsync(x => x.Id == partnerId, ct)) throw RequestRejectedException.NotFound("The partner");
        var query = db.Statements.AsNoTracking().Where(s => s.PartnerId == partnerId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.Period).Skip((p - 1) * size).Take(size)
            .Select(s => new { s.Id, s.Period, s.Status, s.TotalCents, s.Number, s.Currency }).ToListAsync(ct);
        return new Paged<StatementSummaryDto>(rows.Select(s => new StatementSummaryDto(s.Period.ToString(), s.Status.ToString(),
            Money.FromMinorUnits(s.TotalCents, s.Currency).Amount, s.Number, s.Currency, s.Id)).ToList(), p, size, total);
    }

    public async Task<StatementDto> GetStatementAsync(Guid partnerId, string? periodText, CancellationToken ct = default)
    {
        var period = ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        var s = await db.Statements.AsNoTracking().SingleOrDefaultAsync(x => x.PartnerId == partnerId && x.Period == period, ct)
                ?? throw RequestRejectedException.NotFound($"A statement of {period} for this partner");
        var lines = await db.StatementLines.AsNoTracking().Where(l => l.PartnerId == partnerId && l.Period == period)
            .OrderBy(l => l.Kind).ThenBy(l => l.CustomerId).ThenBy(l => l.SubscriptionId).ThenBy(l => l.Id)
            .Select(l => new { l.CustomerId, l.SubscriptionId, l.RevenueCents, l.Rate, l.AmountCents, l.Kind, l.RefersToPeriod, l.Description, l.Currency })
            .ToListAsync(ct);
        return new StatementDto(s.Id, s.PartnerId, s.Period.ToString(), s.Number, s.Status.ToString(), Money.FromMinorUnits(s.TotalCents, s.Currency).Amount,
            s.Currency, s.CarriesForward, s.ApprovedAtUtc, s.PaidAtUtc, s.PaymentReference,
            lines.Select(l => new StatementLineDto(l.CustomerId, l.SubscriptionId, Money.FromMinorUnits(l.RevenueCents, l.Currency).Amount, l.Rate,
                Money.FromMinorUnits(l.AmountCents, l.Currency).Amount, ApiKind(l.Kind), l.RefersToPeriod?.ToString(), l.Description)).ToList());
    }

    public static string ApiKind(StatementLineKind kind) => kind switch
    {
        StatementLineKind.Commission => "commission",
        StatementLineKind.Override => "override",
        StatementLineKind.ServicePayout => "servicePayout",
        StatementLineKind.IsvPayout => "isvPayout",
        StatementLineKind.Adjustment => "adjustment",
        _ => "carryForward",
    };

    private static SettlementDto ToDto(SettlementRunRecord r, int done)
    {
        decimal M(long cents) => Money.FromMinorUnits(cents, r.Currency).Amount;
        var net = r.PlatformFeeCents + r.ServiceFeeCents - r.CommissionCents - r.OverrideCents + r.AdjustmentNetCents;
        return new SettlementDto(r.Period.ToString(), r.Status.ToString(), r.Attempt,
            r.Status == SettlementStatus.Running ? new SettlementProgressDto(r.BatchCount, done) : null,
            new SettlementTotalsDto(M(r.RevenueCents), M(r.PlatformFeeCents), M(r.ServiceFeeCents), M(r.CommissionCents), M(r.OverrideCents),
                M(r.IsvPayoutCents), M(r.ServicePayoutCents), M(r.AdjustmentCents), M(r.CarryForwardCents), M(net), M(r.OperatorChargeCents)),
            r.Currency, r.Subscriptions, r.Statements, JsonSerializer.Deserialize<List<string>>(r.ReportJson, Json) ?? [], r.Error, r.StartedAtUtc,
            r.FinishedAtUtc, r.ApprovedAtUtc, r.ApprovedBy);
    }

    public static Period ParsePeriod(string? text) =>
        Period.TryParse(text, out var period) ? period : throw RequestRejectedException.Invalid("period", "period must be yyyy-MM, e.g. 2026-10.");

    private async Task<Tenant> RequireOperatorAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return (await currentTenant.GetAsync()).EnsureOperator("Only the operator runs, approves and pays settlements.");
    }

    private Task<PortalDbContext> SystemAsync(CancellationToken ct) => dbFactory.CreateForAsync(Tenant.System, ct);
}

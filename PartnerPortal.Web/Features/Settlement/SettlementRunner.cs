using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// The monthly settlement in three steps that any node can take (DESIGN §7): <see cref="BeginAsync"/> opens (or
/// resumes, or restarts) a period's run and cuts it into batches of partners; <see cref="RunBatchAsync"/> rates the
/// subscriptions of a batch's attributed customers and writes their revenue and statement lines; the batch that finds
/// every batch done runs <see cref="CloseAsync"/>, which writes statements, carry-forwards and totals, checks the
/// invariants and leaves the run <c>Draft</c>. The money rules are <see cref="SettlementEngine"/>'s; this class only
/// loads inputs set-based and stores results.
/// <para>
/// EXACTLY ONCE, without locks: the run's key is its period (two servers starting it insert one row); a batch writes
/// its lines and marks itself done in one transaction guarded by "not done yet for this attempt" plus unique indexes
/// on every line's business key (a second delivery writes nothing); the close is guarded by the run's status and
/// attempt (concurrency tokens) and by the unique (partner, period) of statements. A process killed mid-run leaves
/// committed batches done and the rest untouched: starting the period again resumes it.
/// </para>
/// </summary>
public sealed class SettlementRunner(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, ILogger<SettlementRunner> log)
{
    /// <summary>Partners per batch: a batch holds all customers of its partners (volume tiers need a partner's total).</summary>
    public const int PartnersPerBatch = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What <see cref="BeginAsync"/> left to do: the run's attempt and its batches not yet done.</summary>
    public sealed record Begun(Period Period, int Attempt, IReadOnlyList<int> PendingBatches, SettlementStatus Status);

    /// <summary>
    /// Opens the period's run, or resumes a running one (its pending batches are handed out again; they are
    /// idempotent), or restarts a draft or failed one as a new attempt (its drafts are deleted). An approved period is
    /// never touched. Validation (ended period, not before the last approved one) is the caller's.
    /// </summary>
    public async Task<Begun> BeginAsync(Period period, string startedBy, bool restart, CancellationToken ct = default)
    {
        for (var tries = 0; ; tries++)
        {
            await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
            var run = await db.SettlementRuns.SingleOrDefaultAsync(r => r.Period == period, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                if (run is null)
                {
                    run = new SettlementRunRecord { Period = period, Status = SettlementStatus.Running, Attempt = 1, StartedAtUtc = now, StartedBy = startedBy };
                    db.SettlementRuns.Add(run);
                    run.BatchCount = await AddBatchesAsync(db, period, 1, ct);
                    await db.SaveChangesAsync(ct);
                }
                // Approved never changes; without restart a running run is resumed and a draft is done. Everything else
                // (a failed run, or a restart of a draft or of a run a dead process left) becomes a new attempt.
                else if (run.Status != SettlementStatus.Approved && (restart || run.Status == SettlementStatus.Failed))
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await DeleteDraftsAsync(db, period, ct);
                    run.Attempt++;
                    run.Status = SettlementStatus.Running;
                    run.StartedAtUtc = now;
                    run.StartedBy = startedBy;
                    run.FinishedAtUtc = null;
                    run.Error = null;
                    run.ReportJson = "[]";
                    run.BatchCount = await AddBatchesAsync(db, period, run.Attempt, ct);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }
            }
            catch (DbUpdateException) when (tries < 3)
            {
                // Another server opened or restarted the same run at the same moment: take what it made.
                continue;
            }

            var pending = run.Status == SettlementStatus.Running
                ? await db.SettlementBatches.Where(b => b.Period == period && b.Attempt == run.Attempt && b.DoneAtUtc == null)
                    .OrderBy(b => b.Index).Select(b => b.Index).ToListAsync(ct)
                : [];
            return new Begun(period, run.Attempt, pending, run.Status);
        }
    }

    /// <summary>
    /// Settles one batch; answers true when, after it, every batch of the attempt is done (the caller then closes the
    /// run). A batch of an older attempt, or one already done, writes nothing.
    /// </summary>
    public async Task<bool> RunBatchAsync(Period period, int attempt, int index, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var run = await db.SettlementRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Period == period, ct);
        if (run is null || run.Attempt != attempt || run.Status != SettlementStatus.Running) return false;
        var batch = await db.SettlementBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Period == period && b.Attempt == attempt && b.Index == index, ct);
        if (batch is null) return false;
        if (batch.DoneAtUtc is null)
        {
            var partnerIds = JsonSerializer.Deserialize<List<Guid>>(batch.PartnerIdsJson, Json) ?? [];
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var (revenueLines, statementLines, report) = await ComputeBatchAsync(db, period, partnerIds, batch.Unattributed, ct);
            var computed = timer.Elapsed;
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.SettlementBatches
                .Where(b => b.Period == period && b.Attempt == attempt && b.Index == index && b.DoneAtUtc == null)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.DoneAtUtc, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(b => b.ReportJson, JsonSerializer.Serialize(report, Json)), ct);
            if (claimed == 0) return false; // another delivery of this batch got there first
            try
            {
                // Set-based: thousands of lines per batch; through the change tracker this was the run's hot spot (SettlementSql).
                await SettlementSql.InsertLinesAsync(db, revenueLines, statementLines, ct);
                await tx.CommitAsync(ct);
                log.LogInformation("Settlement {Period} batch {Index}: {Subscriptions} subscriptions rated in {Compute} ms, {Lines} lines written in {Write} ms",
                    period, index, revenueLines.Count, (long)computed.TotalMilliseconds, statementLines.Count, (long)(timer.Elapsed - computed).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
            {
                // A line's business key exists already: another server settles the same subscriptions. Ours rolls back.
                log.LogWarning(ex, "Settlement batch {Period}/{Attempt}/{Index} collided with another writer; rolled back", period, attempt, index);
                return false;
            }
        }

        return !await db.SettlementBatches.AnyAsync(b => b.Period == period && b.Attempt == attempt && b.DoneAtUtc == null, ct);
    }

    /// <summary>
    /// Closes a run whose batches are all done: carry-forwards, statements with numbers and totals, the run's totals,
    /// the invariants (each checked in SQL over what was stored; a broken one fails the run loudly and keeps nothing
    /// of the close). Safe to call twice or from two servers.
    /// </summary>
    public async Task CloseAsync(Period period, int attempt, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var run = await db.SettlementRuns.SingleOrDefaultAsync(r => r.Period == period, ct);
        if (run is null || run.Attempt != attempt || run.Status != SettlementStatus.Running) return;
        if (await db.SettlementBatches.AnyAsync(b => b.Period == period && b.Attempt == attempt && b.DoneAtUtc == null, ct)) return;

        string? failure = null;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var timer = System.Diagnostics.Stopwatch.StartNew();
            await CloseInTransactionAsync(db, run, ct);
            log.LogInformation("Settlement {Period} closed in {Close} ms", period, (long)timer.Elapsed.TotalMilliseconds);
            run.Status = SettlementStatus.Draft;
            run.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return;
        }
        catch (DbUpdateException ex)
        {
            // Another server closed it first (statement keys or the run's concurrency token): its result stands.
            log.LogInformation(ex, "Settlement {Period} was closed by another server", period);
            return;
        }
        catch (SettlementInvariantException ex)
        {
            failure = ex.Message;
        }
        catch (CurrencyMismatchException ex)
        {
            failure = "A statement mixes currencies: " + ex.Message;
        }

        await using var fail = await dbFactory.CreateForAsync(Tenant.System, ct);
        await fail.SettlementRuns.Where(r => r.Period == period && r.Attempt == attempt && r.Status == SettlementStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, SettlementStatus.Failed).SetProperty(r => r.Error, failure)
                .SetProperty(r => r.FinishedAtUtc, clock.GetUtcNow().UtcDateTime), ct);
        log.LogError("Settlement {Period} failed: {Failure}", period, failure);
    }

    /// <summary>Runs a period to its end in this process (the benchmark, tests, and a run with one batch).</summary>
    public async Task<SettlementStatus> SettleNowAsync(Period period, string startedBy, bool restart = true, CancellationToken ct = default)
    {
        var begun = await BeginAsync(period, startedBy, restart, ct);
        foreach (var index in begun.PendingBatches) await RunBatchAsync(period, begun.Attempt, index, ct);
        await CloseAsync(period, begun.Attempt, ct);
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        return await db.SettlementRuns.Where(r => r.Period == period).Select(r => r.Status).SingleAsync(ct);
    }

    // ---------------------------------------------------------------- batches

    /// <summary>Cuts the period into batches: the partners with customers attributed at its end, and the unattributed rest.</summary>
    private static async Task<int> AddBatchesAsync(PortalDbContext db, Period period, int attempt, CancellationToken ct)
    {
        var partnerIds = await AttributedPartnersAsync(db, period, ct);
        var index = 0;
        foreach (var chunk in partnerIds.Chunk(PartnersPerBatch))
            db.SettlementBatches.Add(new SettlementBatchRecord { Period = period, Attempt = attempt, Index = index++, PartnerIdsJson = JsonSerializer.Serialize(chunk, Json) });
        db.SettlementBatches.Add(new SettlementBatchRecord { Period = period, Attempt = attempt, Index = index++, Unattributed = true });
        return index;
    }

    private static Task<List<Guid>> AttributedPartnersAsync(PortalDbContext db, Period period, CancellationToken ct)
    {
        var last = period.EndExclusive.AddDays(-1);
        return db.CustomerAttributions.Where(a => a.From <= last && (a.ToExclusive == null || a.ToExclusive > last))
            .Select(a => a.PartnerId).Distinct().OrderBy(id => id).ToListAsync(ct);
    }

    /// <summary>
    /// Rates <paramref name="period"/> exactly as its batches would — the same cut into partners, the same
    /// <see cref="ComputeBatchAsync"/> — and writes nothing: the month-to-date estimate of an open period
    /// (Features/Cockpit) is what settling it now would give. The close's adjustments and carry-forwards are not part of it.
    /// </summary>
    internal async Task<(List<RevenueLineRecord> Revenue, List<StatementLineRecord> Lines)> RateWithoutWritingAsync(Period period, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var partnerIds = await AttributedPartnersAsync(db, period, ct);
        var revenue = new List<RevenueLineRecord>();
        var lines = new List<StatementLineRecord>();
        foreach (var (chunk, unattributed) in partnerIds.Chunk(PartnersPerBatch).Select(c => (c, false)).Append(([], true)))
        {
            var (batchRevenue, batchLines, _) = await ComputeBatchAsync(db, period, chunk, unattributed, ct);
            revenue.AddRange(batchRevenue);
            lines.AddRange(batchLines.Select(l => l.Line));
            db.ChangeTracker.Clear();
        }

        return (revenue, lines);
    }

    private static async Task DeleteDraftsAsync(PortalDbContext db, Period period, CancellationToken ct)
    {
        await db.StatementLines.Where(l => l.Period == period).ExecuteDeleteAsync(ct);
        await db.Statements.Where(s => s.Period == period && s.Status == StatementStatus.Draft).ExecuteDeleteAsync(ct);
        await db.RevenueLines.Where(l => l.Period == period).ExecuteDeleteAsync(ct);
        await db.RevenueAdjustments.Where(a => a.Period == period).ExecuteDeleteAsync(ct);
        await db.CustomerCharges.Where(c => c.Period == period).ExecuteDeleteAsync(ct);
        await db.SettlementBatches.Where(b => b.Period == period).ExecuteDeleteAsync(ct);
    }

    private async Task<(List<RevenueLineRecord> Revenue, List<(StatementLineRecord Line, RevenueLineRecord? Revenue)> Lines, List<string> Report)> ComputeBatchAsync(
        PortalDbContext db, Period period, IReadOnlyList<Guid> partnerIds, bool unattributed, CancellationToken ct)
    {
        var last = period.EndExclusive.AddDays(-1);
        var first = period.FirstDay;
        var end = period.EndExclusive;

        // Who is attributed at the period's end (DESIGN §5): customer → (partner, from).
        var attributions = unattributed
            ? []
            : await db.CustomerAttributions.AsNoTracking()
                .Where(a => partnerIds.Contains(a.PartnerId) && a.From <= last && (a.ToExclusive == null || a.ToExclusive > last))
                .Select(a => new { a.CustomerId, a.PartnerId, a.From }).ToListAsync(ct);
        var attributedTo = attributions.ToDictionary(a => a.CustomerId, a => (a.PartnerId, a.From));

        IQueryable<Domain.Subscriptions.Subscription> subscriptions = db.Subscriptions.AsNoTracking()
            .Where(s => s.StartDate < end && (s.EndDate == null || s.EndDate > first));
        // The batch's customers are those just loaded: their subscriptions through the index on CustomerId, instead of
        // an EXISTS over attributions for every subscription of the installation (benchmark: 50,000 rows per batch).
        var customerIds = attributedTo.Keys.ToList();
        subscriptions = unattributed
            ? subscriptions.Where(s => !db.CustomerAttributions.Any(a => a.CustomerId == s.CustomerId && a.From <= last && (a.ToExclusive == null || a.ToExclusive > last)))
            : subscriptions.Where(s => EF.Parameter(customerIds).Contains(s.CustomerId));
        var rated = await SettlementInputs.RateAsync(db, period, subscriptions, ct);

        // Commission plans in force on the period's last day: of the batch's partners, their distributors and the
        // partners whose services are billed here (service fee).
        var involved = partnerIds.Concat(rated.Where(r => r.Row.PartnerServiceId != null).Select(r => r.Row.ContractPartnerId)).Distinct().ToList();
        var parents = await db.Partners.AsNoTracking().Where(p => involved.Contains(p.Id))
            .Select(p => new { p.Id, p.ParentPartnerId }).ToDictionaryAsync(p => p.Id, p => p.ParentPartnerId, ct);
        var withTerms = involved.Concat(parents.Values.Where(v => v != null).Select(v => v!.Value)).Distinct().ToList();
        var terms = await (from a in db.CommissionAssignments.AsNoTracking()
                           where withTerms.Contains(a.PartnerId) && a.From <= last && (a.ToExclusive == null || a.ToExclusive > last)
                           join v in db.CommissionPlanVersions on a.CommissionPlanVersionId equals v.Id
                           select new { a.PartnerId, VersionId = v.Id, v.Terms }).ToDictionaryAsync(x => x.PartnerId, x => (x.VersionId, x.Terms), ct);

        var report = new List<string>();
        var revenueLines = new List<RevenueLineRecord>(rated.Count);
        var statementLines = new List<(StatementLineRecord, RevenueLineRecord?)>();
        var byPartner = new Dictionary<Guid, List<(AttributedRevenue Revenue, RevenueLineRecord Line)>>();

        foreach (var (row, rating, app, quantities, eventCount) in rated)
        {
            var line = new RevenueLineRecord
            {
                Period = period, SubscriptionId = row.Id, CustomerId = row.CustomerId, AppId = row.AppId, PartnerServiceId = row.PartnerServiceId,
                ContractPartnerId = row.ContractPartnerId, PlanVersionId = row.PlanVersionId, Category = app?.Category, Currency = rating.Revenue.Currency,
                ActiveDays = rating.ActiveDays, SeatDays = rating.SeatDays, Events = eventCount, Used = eventCount > 0,
                RevenueCents = rating.Revenue.ToMinorUnits(),
                DetailJson = JsonSerializer.Serialize(new
                {
                    lines = rating.Quote.Lines.Select(l => new { charge = l.ChargeIndex, kind = l.Kind.ToString(), label = l.Label, amount = l.Amount.Amount, quantity = l.Quantity }),
                    quantities,
                }, Json),
            };
            if (attributedTo.TryGetValue(row.CustomerId, out var attribution))
            {
                line.AttributedPartnerId = attribution.PartnerId;
                line.AttributedFrom = attribution.From;
            }
            revenueLines.Add(line);

            if (app is not null)
            {
                var split = SettlementEngine.SplitApp(rating.Revenue, line.Used, app.PlatformFeeRate);
                line.PlatformFeeRate = app.PlatformFeeRate;
                line.PlatformFeeCents = split.PlatformFee.ToMinorUnits();
                line.PayoutCents = split.IsvPayout.ToMinorUnits();
                if (line.RevenueCents != 0)
                    statementLines.Add((LineOf(period, row.ContractPartnerId, StatementLineKind.IsvPayout, line, app.PlatformFeeRate, split.IsvPayout), line));
                if (line.AttributedPartnerId is { } partner)
                {
                    if (!byPartner.TryGetValue(partner, out var list)) byPartner[partner] = list = [];
                    list.Add((new AttributedRevenue(row.Id, row.CustomerId, app.Category, rating.Revenue, line.AttributedFrom!.Value), line));
                }
            }
            else
            {
                var serviceTerms = terms.GetValueOrDefault(row.ContractPartnerId).Terms;
                var split = SettlementEngine.SplitService(rating.Revenue, serviceTerms?.ServiceFeeRate ?? 0m);
                line.ServiceFeeRate = split.ServiceFeeRate;
                line.ServiceFeeCents = split.ServiceFee.ToMinorUnits();
                line.PayoutCents = split.Payout.ToMinorUnits();
                if (line.RevenueCents != 0)
                    statementLines.Add((LineOf(period, row.ContractPartnerId, StatementLineKind.ServicePayout, line, split.ServiceFeeRate, split.Payout), line));
            }
        }

        foreach (var (partnerId, revenues) in byPartner.OrderBy(p => p.Key))
        {
            var own = terms.TryGetValue(partnerId, out var t) ? t : default;
            var distributorId = parents.GetValueOrDefault(partnerId);
            var distributor = distributorId is { } d && terms.TryGetValue(d, out var dt) ? dt : default;
            if (own.Terms is null)
            {
                report.Add($"Partner {partnerId} has customers with app revenue in {period} but no commission plan: it earns nothing for {period}.");
                continue;
            }
            if (distributorId is not null && distributor.Terms is null)
                report.Add($"Distributor {distributorId} has no commission plan: it earns no override on partner {partnerId} in {period}.");
            var currency = revenues[0].Revenue.Revenue.Currency;
            var result = SettlementEngine.Commissions(period, own.Terms, distributor.Terms, revenues.Select(r => r.Revenue).ToList(), currency);
            var lineOf = revenues.ToDictionary(r => r.Revenue.SubscriptionId, r => r.Line);
            foreach (var c in result.Commissions)
            {
                var line = lineOf[c.SubscriptionId];
                line.CommissionPlanVersionId = own.VersionId;
                line.CommissionRate = c.Rate;
                line.CommissionBasis = c.Basis.ToString();
                line.CommissionCents = c.Amount.ToMinorUnits();
                statementLines.Add((LineOf(period, partnerId, StatementLineKind.Commission, line, c.Rate, c.Amount), line));
            }
            foreach (var o in result.Overrides)
            {
                var line = lineOf[o.SubscriptionId];
                line.DistributorId = distributorId;
                line.DistributorPlanVersionId = distributor.VersionId;
                line.OverrideRate = o.Rate;
                line.OverrideCents = o.Amount.ToMinorUnits();
                statementLines.Add((LineOf(period, distributorId!.Value, StatementLineKind.Override, line, o.Rate, o.Amount), line));
            }
        }

        return (revenueLines, statementLines, report);
    }

    private static StatementLineRecord LineOf(Period period, Guid partnerId, StatementLineKind kind, RevenueLineRecord revenue, decimal rate, Money amount) => new()
    {
        Period = period, PartnerId = partnerId, Kind = kind, LineKey = $"{kind}:{revenue.SubscriptionId:N}", CustomerId = revenue.CustomerId,
        SubscriptionId = revenue.SubscriptionId, Currency = amount.Currency, RevenueCents = revenue.RevenueCents, Rate = rate, AmountCents = amount.ToMinorUnits(),
    };

    // ---------------------------------------------------------------- close

    private async Task CloseInTransactionAsync(PortalDbContext db, SettlementRunRecord run, CancellationToken ct)
    {
        var period = run.Period;
        var last = period.EndExclusive.AddDays(-1);

        // Carry-forwards: approved-period statements that were not paid (negative, or below the minimum payout) and
        // not yet taken over open this period's statement of the same partner.
        var carried = (await db.Statements.AsNoTracking()
                .Where(s => s.Status == StatementStatus.CarriedForward && s.CarriedIntoPeriod == null)
                .Select(s => new { s.PartnerId, s.Period, s.TotalCents, s.Currency, s.Number }).ToListAsync(ct))
            .Where(s => s.Period < period).ToList();
        foreach (var c in carried)
            db.StatementLines.Add(new StatementLineRecord
            {
                Period = period, PartnerId = c.PartnerId, Kind = StatementLineKind.CarryForward, LineKey = $"CarryForward:{PeriodKey.ToInt(c.Period)}",
                Currency = c.Currency, AmountCents = c.TotalCents, RefersToPeriod = c.Period, Description = $"Carried forward from {c.Number} ({c.Period})",
            });
        var adjustmentReport = await SettlementAdjustments.AddAsync(db, period, ct);
        await SettlementCharges.AddAsync(db, period, settings.TimeZone, ct);
        await db.SaveChangesAsync(ct);

        var perPartner = await db.StatementLines.Where(l => l.Period == period)
            .GroupBy(l => new { l.PartnerId, l.Currency })
            .Select(g => new { g.Key.PartnerId, g.Key.Currency, Total = g.Sum(l => l.AmountCents), Lines = g.Count() })
            .ToListAsync(ct);
        var mixed = perPartner.GroupBy(p => p.PartnerId).FirstOrDefault(g => g.Count() > 1);
        if (mixed is not null)
            throw new SettlementInvariantException($"Partner {mixed.Key} has lines in {string.Join(" and ", mixed.Select(m => m.Currency))}; a statement has one currency.");

        var partnerIds = perPartner.Select(p => p.PartnerId).ToList();
        var minimums = await (from a in db.CommissionAssignments.AsNoTracking()
                              where partnerIds.Contains(a.PartnerId) && a.From <= last && (a.ToExclusive == null || a.ToExclusive > last)
                              join v in db.CommissionPlanVersions on a.CommissionPlanVersionId equals v.Id
                              select new { a.PartnerId, v.Terms }).ToDictionaryAsync(x => x.PartnerId, x => x.Terms.MinimumPayout, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sequence = 0;
        foreach (var p in perPartner.OrderBy(p => p.PartnerId))
        {
            var outcome = SettlementEngine.Statement([Money.FromMinorUnits(p.Total, p.Currency)], minimums.GetValueOrDefault(p.PartnerId), p.Currency);
            db.Statements.Add(new StatementRecord
            {
                Id = Guid.NewGuid(), PartnerId = p.PartnerId, Period = period, Number = $"PP-{PeriodKey.ToInt(period)}-{++sequence:D6}",
                Status = StatementStatus.Draft, Currency = p.Currency, TotalCents = p.Total, CarriesForward = outcome.CarriesForward, Lines = p.Lines,
                CreatedAtUtc = now,
            });
        }
        await db.SaveChangesAsync(ct);

        // Totals, from what was stored.
        var revenue = await db.RevenueLines.Where(l => l.Period == period)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Count = g.Count(),
                Revenue = g.Sum(l => l.RevenueCents),
                PlatformFees = g.Sum(l => l.PlatformFeeCents),
                ServiceFees = g.Sum(l => l.ServiceFeeCents),
                Broken = g.Count(l => l.RevenueCents != l.PayoutCents + l.PlatformFeeCents + l.ServiceFeeCents),
            }).SingleOrDefaultAsync(ct);
        var byKind = await db.StatementLines.Where(l => l.Period == period).GroupBy(l => l.Kind)
            .Select(g => new { Kind = g.Key, Total = g.Sum(l => l.AmountCents) }).ToDictionaryAsync(x => x.Kind, x => x.Total, ct);
        var statementsTotal = await db.Statements.Where(s => s.Period == period).SumAsync(s => (long?)s.TotalCents, ct) ?? 0;
        var linesTotal = byKind.Values.Sum();

        // Invariants (DESIGN §3, §5): a broken one fails the run and keeps nothing of this close.
        if (revenue is { Broken: > 0 })
            throw new SettlementInvariantException($"{revenue.Broken} revenue line(s) of {period} do not split exactly into payout and fees.");
        if (statementsTotal != linesTotal)
            throw new SettlementInvariantException($"The statements of {period} total {statementsTotal} cents, their lines {linesTotal} cents.");
        var lineSums = await db.StatementLines.Where(l => l.Period == period).GroupBy(l => l.PartnerId)
            .Select(g => new { PartnerId = g.Key, Total = g.Sum(l => l.AmountCents) }).ToListAsync(ct);
        var statementTotals = await db.Statements.Where(s => s.Period == period).Select(s => new { s.PartnerId, s.TotalCents }).ToDictionaryAsync(s => s.PartnerId, s => s.TotalCents, ct);
        var off = lineSums.FirstOrDefault(l => statementTotals.GetValueOrDefault(l.PartnerId) != l.Total);
        if (off is not null) throw new SettlementInvariantException($"The statement of partner {off.PartnerId} for {period} is not the sum of its lines.");

        var reports = (await db.SettlementBatches.AsNoTracking().Where(b => b.Period == period && b.Attempt == run.Attempt).Select(b => b.ReportJson).ToListAsync(ct))
            .SelectMany(r => JsonSerializer.Deserialize<List<string>>(r, Json) ?? []).Concat(adjustmentReport).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        run.Subscriptions = revenue?.Count ?? 0;
        run.RevenueCents = revenue?.Revenue ?? 0;
        run.PlatformFeeCents = revenue?.PlatformFees ?? 0;
        run.ServiceFeeCents = revenue?.ServiceFees ?? 0;
        run.CommissionCents = byKind.GetValueOrDefault(StatementLineKind.Commission);
        run.OverrideCents = byKind.GetValueOrDefault(StatementLineKind.Override);
        run.IsvPayoutCents = byKind.GetValueOrDefault(StatementLineKind.IsvPayout);
        run.ServicePayoutCents = byKind.GetValueOrDefault(StatementLineKind.ServicePayout);
        run.AdjustmentCents = byKind.GetValueOrDefault(StatementLineKind.Adjustment);
        var adjusted = await db.RevenueAdjustments.Where(a => a.Period == period).GroupBy(_ => 1)
            .Select(g => new { Net = g.Sum(a => a.PlatformFeeDeltaCents + a.ServiceFeeDeltaCents - a.CommissionDeltaCents - a.OverrideDeltaCents) })
            .SingleOrDefaultAsync(ct);
        run.AdjustmentNetCents = adjusted?.Net ?? 0;
        run.CarryForwardCents = byKind.GetValueOrDefault(StatementLineKind.CarryForward);
        run.OperatorChargeCents = await db.CustomerCharges.Where(c => c.Period == period).SumAsync(c => (long?)c.AmountCents, ct) ?? 0;
        run.Statements = statementTotals.Count;
        run.ReportJson = JsonSerializer.Serialize(reports, Json);
    }
}

/// <summary>A settlement invariant does not hold: the run fails loudly instead of storing a wrong result.</summary>
public sealed class SettlementInvariantException(string message) : Exception(message);

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Cockpit;

/// <summary>The open period's estimate as a partner sees it.</summary>
public sealed record EstimateDto(Period Period, long RevenueCents, long CommissionCents, long OverrideCents, string Currency, DateTime? ComputedAtUtc);

/// <summary>A period's statement total (zero where the partner had no statement).</summary>
public sealed record PeriodTotal(Period Period, long TotalCents, string? Status);

public sealed record TopCustomer(Guid CustomerId, string Name, long CommissionCents);

public sealed record NextPayout(Period Period, string Number, StatementStatus Status, long TotalCents, string Currency, bool CarriesForward);

/// <summary>The commission home of a reseller or system integrator (or a distributor's own overrides).</summary>
public sealed record CommissionHomeDto(string PartnerName, EstimateDto Estimate, IReadOnlyList<PeriodTotal> History, long LifetimeCents, string Currency,
    IReadOnlyList<TopCustomer> TopCustomers, NextPayout? NextPayout);

public sealed record DownlinePeriodRow(Guid PartnerId, string PartnerName, Period Period, long RevenueCents, long CommissionCents, long OverrideCents);

public sealed record DownlinePartnerRow(Guid PartnerId, string PartnerName, int Customers, long RevenueCents, long CommissionCents, long PaidCents);

public sealed record OwnStatementRow(Period Period, string Number, StatementStatus Status, long TotalCents, long OverrideCents, string Currency);

public sealed record DownlineDto(string PartnerName, EstimateDto Estimate, IReadOnlyList<DownlinePartnerRow> Partners, IReadOnlyList<DownlinePeriodRow> Periods,
    IReadOnlyList<OwnStatementRow> Statements);

/// <summary>A customer's subscription money: this month so far (the estimate) and the settled periods, newest first.</summary>
public sealed record SubscriptionMoneyDto(Guid SubscriptionId, long? SoFarCents, string Currency, IReadOnlyList<PeriodTotal> Settled);

/// <summary>
/// What the cockpit pages read: the stored estimate, statements, statement lines and revenue lines — never a computation
/// of its own. Every query runs through the caller's tenancy filters; each page's data is a handful of set-based queries.
/// </summary>
public sealed class CockpitService(PortalDbFactory dbFactory, CurrentTenant currentTenant, TimeProvider clock, PortalSettings settings)
{
    public const int HistoryPeriods = 12, TopCustomerCount = 5;

    public Period OpenPeriod => Period.Of(settings.Today(clock));

    public async Task<CommissionHomeDto> CommissionHomeAsync(CancellationToken ct = default)
    {
        var tenant = await currentTenant.GetAsync();
        var partnerId = tenant.PartnerId ?? throw new RequestRejectedException(StatusCodes.Status403Forbidden, "The commission home is a partner's.");
        await using var db = await dbFactory.CreateAsync(ct);
        var name = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).SingleAsync(ct);
        var estimate = await EstimateAsync(db, partnerId, ct);

        var open = OpenPeriod;
        var first = open;
        for (var i = 0; i < HistoryPeriods; i++) first = first.Previous();
        var statements = (await db.Statements.AsNoTracking().Where(s => s.PartnerId == partnerId)
                .Select(s => new { s.Period, s.Number, s.Status, s.TotalCents, s.Currency, s.CarriesForward }).ToListAsync(ct))
            .OrderBy(s => s.Period).ToList();
        var byPeriod = statements.ToDictionary(s => s.Period);
        var history = new List<PeriodTotal>(HistoryPeriods);
        for (var p = first; p < open; p = p.Next())
            history.Add(byPeriod.TryGetValue(p, out var s) ? new PeriodTotal(p, s.TotalCents, s.Status.ToString()) : new PeriodTotal(p, 0, null));

        // Lifetime: every line the partner earned, without carry-forwards (they repeat an earlier period's total).
        var lifetime = statements.Sum(s => s.TotalCents) - await CarriedForwardAsync(db, partnerId, ct);

        var top = await db.StatementLines.Where(l => l.PartnerId == partnerId && l.CustomerId != null
                                                     && (l.Kind == StatementLineKind.Commission || l.Kind == StatementLineKind.Override || l.Kind == StatementLineKind.Adjustment))
            .GroupBy(l => l.CustomerId!.Value)
            .Select(g => new { CustomerId = g.Key, Total = g.Sum(l => l.AmountCents) })
            .OrderByDescending(x => x.Total).Take(TopCustomerCount).ToListAsync(ct);
        var topIds = top.Select(t => t.CustomerId).ToList();
        // Names without the customer filter's downline walk: the ids came from the partner's own lines.
        var names = await db.Customers.Where(c => topIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        // The next payout: the oldest approved statement not yet paid; else the newest draft (awaiting approval).
        var next = statements.Where(s => s.Status == StatementStatus.Approved).OrderBy(s => s.Period).FirstOrDefault()
                   ?? statements.Where(s => s.Status == StatementStatus.Draft).OrderByDescending(s => s.Period).FirstOrDefault();
        var currency = statements.LastOrDefault()?.Currency ?? estimate.Currency;
        return new CommissionHomeDto(name, estimate, history, lifetime, currency,
            top.Select(t => new TopCustomer(t.CustomerId, names.GetValueOrDefault(t.CustomerId) ?? "–", t.Total)).ToList(),
            next is null ? null : new NextPayout(next.Period, next.Number, next.Status, next.TotalCents, next.Currency, next.CarriesForward));
    }

    /// <summary>A distributor's downline: per partner and period, per partner overall, and its own statements.</summary>
    public async Task<DownlineDto> DownlineAsync(CancellationToken ct = default)
    {
        var tenant = await currentTenant.GetAsync();
        if (!tenant.IsDistributor || tenant.PartnerId is not { } me)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "The downline view is a distributor's.");
        await using var db = await dbFactory.CreateAsync(ct);
        var name = await db.Partners.Where(p => p.Id == me).Select(p => p.Name).SingleAsync(ct);
        var estimate = await EstimateAsync(db, me, ct);
        var downline = await db.Partners.AsNoTracking().Where(p => p.ParentPartnerId == me).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var ids = downline.Select(p => p.Id).ToList();

        var open = OpenPeriod;
        var from = open;
        for (var i = 0; i < HistoryPeriods; i++) from = from.Previous();
        var fromKey = PeriodKey.ToInt(from);

        // Revenue lines of the downline's customers (app revenue carries commission and override), per partner and period.
        var perPeriod = (await db.RevenueLines.AsNoTracking()
                .Where(l => l.AttributedPartnerId != null && ids.Contains(l.AttributedPartnerId.Value) && l.AppId != null)
                .GroupBy(l => new { Partner = l.AttributedPartnerId!.Value, l.Period })
                .Select(g => new
                {
                    g.Key.Partner, g.Key.Period, Revenue = g.Sum(l => l.RevenueCents), Commission = g.Sum(l => l.CommissionCents),
                    Override = g.Sum(l => l.DistributorId == me ? l.OverrideCents : 0),
                }).ToListAsync(ct));
        var names = downline.ToDictionary(p => p.Id, p => p.Name);
        var periods = perPeriod.Where(x => PeriodKey.ToInt(x.Period) >= fromKey)
            .OrderByDescending(x => x.Period).ThenBy(x => names.GetValueOrDefault(x.Partner), StringComparer.CurrentCulture)
            .Select(x => new DownlinePeriodRow(x.Partner, names.GetValueOrDefault(x.Partner) ?? "–", x.Period, x.Revenue, x.Commission, x.Override)).ToList();

        var today = settings.Today(clock);
        var customers = await db.CustomerAttributions.AsNoTracking()
            .Where(a => ids.Contains(a.PartnerId) && a.From <= today && (a.ToExclusive == null || a.ToExclusive > today))
            .GroupBy(a => a.PartnerId).Select(g => new { Partner = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Partner, x => x.Count, ct);
        // Revenue and commission per partner over all its settled periods, from the same revenue lines as the table per month
        // (commission only: a partner's service payouts are on its statements, not commission); paid out from its statements.
        var paid = await db.Statements.AsNoTracking().Where(s => ids.Contains(s.PartnerId) && s.Status == StatementStatus.Paid)
            .GroupBy(s => s.PartnerId).Select(g => new { Partner = g.Key, Paid = g.Sum(s => s.TotalCents) })
            .ToDictionaryAsync(x => x.Partner, x => x.Paid, ct);
        var revenue = perPeriod.GroupBy(x => x.Partner).ToDictionary(g => g.Key, g => (Revenue: g.Sum(x => x.Revenue), Commission: g.Sum(x => x.Commission)));
        var partners = downline.Select(p => new DownlinePartnerRow(p.Id, p.Name, customers.GetValueOrDefault(p.Id), revenue.GetValueOrDefault(p.Id).Revenue,
            revenue.GetValueOrDefault(p.Id).Commission, paid.GetValueOrDefault(p.Id))).ToList();

        var overrides = await db.StatementLines.AsNoTracking().Where(l => l.PartnerId == me && l.Kind == StatementLineKind.Override)
            .GroupBy(l => l.Period).Select(g => new { Period = g.Key, Total = g.Sum(l => l.AmountCents) }).ToDictionaryAsync(x => x.Period, x => x.Total, ct);
        var statements = (await db.Statements.AsNoTracking().Where(s => s.PartnerId == me)
                .Select(s => new { s.Period, s.Number, s.Status, s.TotalCents, s.Currency }).ToListAsync(ct))
            .OrderByDescending(s => s.Period)
            .Select(s => new OwnStatementRow(s.Period, s.Number, s.Status, s.TotalCents, overrides.GetValueOrDefault(s.Period), s.Currency)).ToList();
        return new DownlineDto(name, estimate, partners, periods, statements);
    }

    /// <summary>For the given subscriptions of the caller: this month so far and the settled periods (revenue lines billed to each).</summary>
    public async Task<IReadOnlyDictionary<Guid, SubscriptionMoneyDto>> SubscriptionMoneyAsync(IReadOnlyCollection<Guid> subscriptionIds, CancellationToken ct = default)
    {
        if (subscriptionIds.Count == 0) return new Dictionary<Guid, SubscriptionMoneyDto>();
        var ids = subscriptionIds.ToList();
        var open = OpenPeriod;
        await using var db = await dbFactory.CreateAsync(ct);
        var soFar = await db.SubscriptionEstimates.AsNoTracking().Where(e => e.Period == open && ids.Contains(e.SubscriptionId))
            .Select(e => new { e.SubscriptionId, e.RevenueCents, e.Currency }).ToDictionaryAsync(e => e.SubscriptionId, ct);
        var settled = (await db.RevenueLines.AsNoTracking().Where(l => ids.Contains(l.SubscriptionId))
                .Select(l => new { l.SubscriptionId, l.Period, l.RevenueCents, l.Currency }).ToListAsync(ct))
            .GroupBy(l => l.SubscriptionId).ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.Period).ToList());
        return ids.Distinct().ToDictionary(id => id, id =>
        {
            var lines = settled.GetValueOrDefault(id) ?? [];
            var currency = soFar.TryGetValue(id, out var e) ? e.Currency : lines.FirstOrDefault()?.Currency ?? "EUR";
            return new SubscriptionMoneyDto(id, soFar.TryGetValue(id, out var est) ? est.RevenueCents : null, currency,
                lines.Select(l => new PeriodTotal(l.Period, l.RevenueCents, null)).ToList());
        });
    }

    /// <summary>
    /// The partner's carry-forward lines' sum. A statement's total is the sum of its lines, so what the partner earned (every
    /// line but carry-forwards, which repeat an earlier statement's total) is its statements' totals less this — read from
    /// a few statements and carry-forward lines instead of summing every line of every period (pages benchmark: about
    /// 90,000 lines per partner, the pages' slowest queries).
    /// </summary>
    private static Task<long> CarriedForwardAsync(PortalDbContext db, Guid partnerId, CancellationToken ct) =>
        db.StatementLines.AsNoTracking().Where(l => l.PartnerId == partnerId && l.Kind == StatementLineKind.CarryForward).SumAsync(l => l.AmountCents, ct);

    private async Task<EstimateDto> EstimateAsync(PortalDbContext db, Guid partnerId, CancellationToken ct)
    {
        var open = OpenPeriod;
        var computed = await db.EstimateRuns.AsNoTracking().Where(r => r.Period == open).Select(r => (DateTime?)r.ComputedAtUtc).SingleOrDefaultAsync(ct);
        var row = await db.PartnerEstimates.AsNoTracking().Where(e => e.Period == open && e.PartnerId == partnerId).SingleOrDefaultAsync(ct);
        return new EstimateDto(open, row?.RevenueCents ?? 0, row?.CommissionCents ?? 0, row?.OverrideCents ?? 0, row?.Currency ?? "EUR", computed);
    }
}

using PartnerPortal.Domain.Pricing;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Settlement;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Statements;

/// <summary>
/// What the statement pages and files read: a partner's statements, a statement with named lines, the chain behind a
/// line (revenue line with its inputs, usage aggregates, raw events) and an ISV's revenue per app. Everything is read
/// from what the settlement stored; nothing is computed a second way.
/// <para>
/// Who may open a partner's statements: the operator, the partner itself and its distributor — checked once in
/// <see cref="EnsureMayOpenAsync"/> (the partner table alone would not do: active ISVs are visible to everyone). The
/// statement and its lines are then read through the caller's own query filters; names of customers, products and the
/// usage behind a line are read with a system context, limited to the ids of lines the caller has been shown.
/// </para>
/// </summary>
public sealed class StatementPages(PortalDbFactory dbFactory, CurrentTenant currentTenant)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Tenant> CallerAsync() => await currentTenant.GetAsync();

    /// <summary>The partners whose statements the caller may open, by name (for the operator's and a distributor's picker).</summary>
    public async Task<IReadOnlyList<PartyView>> PartnersAsync(CancellationToken ct = default)
    {
        var tenant = await currentTenant.GetAsync();
        await using var db = await dbFactory.CreateAsync(ct);
        var own = tenant.PartnerId ?? Guid.Empty;
        var query = db.Partners.AsNoTracking();
        if (!tenant.SeesAll) query = query.Where(p => p.Id == own || p.ParentPartnerId == own);
        return await query.OrderBy(p => p.Name)
            .Select(p => new PartyView(p.Id, p.Name, p.Kind, p.Street, p.Postcode, p.City, p.Country, p.VatId, p.Email)).ToListAsync(ct);
    }

    /// <summary>The partner's statements, newest first.</summary>
    public async Task<Paged<StatementRow>> ListAsync(Guid partnerId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await EnsureMayOpenAsync(db, partnerId, ct);
        var query = db.Statements.AsNoTracking().Where(s => s.PartnerId == partnerId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.Period).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new { s.Period, s.Number, s.Status, s.TotalCents, s.Currency, s.Lines }).ToListAsync(ct);
        return new Paged<StatementRow>(rows.Select(s => new StatementRow(partnerId, partner.Name, s.Period.ToString(), s.Number, s.Status.ToString(),
            Money.FromMinorUnits(s.TotalCents, s.Currency).Amount, s.Currency, s.Lines)).ToList(), page, pageSize, total);
    }

    /// <summary>A statement with all its lines, named, in the API's order (the downloads).</summary>
    public async Task<StatementView> GetAsync(Guid partnerId, string? periodText, CancellationToken ct = default) =>
        (await ReadAsync(partnerId, periodText, null, ct)).Statement;

    /// <summary>
    /// A statement with one page of its lines, in the API's order, and how many lines it has (the page: a reseller with
    /// 5,000 customers has 5,000 lines a month — rendering all of them made an 8.7 MB page that took 4.7 s of CPU).
    /// </summary>
    public Task<(StatementView Statement, int LineCount)> GetPageAsync(Guid partnerId, string? periodText, int page, int pageSize,
        CancellationToken ct = default) =>
        ReadAsync(partnerId, periodText, Paging.Normalise(page, pageSize), ct);

    private async Task<(StatementView Statement, int LineCount)> ReadAsync(Guid partnerId, string? periodText, (int Page, int Size)? paging,
        CancellationToken ct)
    {
        var period = SettlementService.ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await EnsureMayOpenAsync(db, partnerId, ct);
        var s = await db.Statements.AsNoTracking().SingleOrDefaultAsync(x => x.PartnerId == partnerId && x.Period == period, ct)
                ?? throw RequestRejectedException.NotFound($"A statement of {period} for this partner");
        var query = db.StatementLines.AsNoTracking().Where(l => l.PartnerId == partnerId && l.Period == period)
            .OrderBy(l => l.Kind).ThenBy(l => l.CustomerId).ThenBy(l => l.SubscriptionId).ThenBy(l => l.Id);
        var lines = paging is var (page, size)
            ? await query.Skip((page - 1) * size).Take(size).ToListAsync(ct)
            : await query.ToListAsync(ct);
        var count = paging is null ? lines.Count : await query.CountAsync(ct);
        var names = await NamesAsync(lines, ct);
        return (new StatementView(partner, s.Id, s.Period.ToString(), s.Number, s.Status.ToString(), Money.FromMinorUnits(s.TotalCents, s.Currency).Amount,
            s.Currency, s.CarriesForward, s.CreatedAtUtc, s.ApprovedAtUtc, s.PaidAtUtc, s.PaymentReference, lines.Select(l => View(l, names)).ToList()), count);
    }

    /// <summary>
    /// The chain behind one line of the partner's statement: its revenue line, inputs and usage aggregates, and the first
    /// page of the raw events (further pages: <see cref="EventsAsync"/>).
    /// </summary>
    public async Task<LineChainView> ChainAsync(Guid partnerId, string? periodText, long lineId, int eventsPageSize, CancellationToken ct = default)
    {
        var (_, size) = Paging.Normalise(1, eventsPageSize);
        var period = SettlementService.ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await EnsureMayOpenAsync(db, partnerId, ct);
        var (statement, line) = await LineAsync(db, partnerId, period, lineId, ct);
        var names = await NamesAsync([line], ct);

        // The caller's statement carries this line: what stands behind it is read as the system, for this one subscription.
        await using var system = await dbFactory.CreateForAsync(Tenant.System, ct);
        var r = line.RevenueLineId is { } revenueLineId ? await system.RevenueLines.AsNoTracking().SingleOrDefaultAsync(x => x.Id == revenueLineId, ct) : null;
        var revenue = r is null ? null : await RevenueViewAsync(system, r, ct);
        var usagePeriod = UsagePeriod(line, period, r?.Period);
        IReadOnlyList<MetricUsageDto> metrics = [];
        var events = new Paged<UsageEventRow>([], 1, size, 0);
        if (line.SubscriptionId is { } subscriptionId)
        {
            metrics = (await UsageReader.SubscriptionUsageAsync(system, system, subscriptionId, usagePeriod, ct)).Metrics;
            events = await EventsPageAsync(system, subscriptionId, usagePeriod, 1, size, ct);
        }
        return new LineChainView(partnerId, partner.Name, period.ToString(), statement.Number, statement.Status.ToString(), View(line, names), revenue,
            usagePeriod.ToString(), metrics, events);
    }

    /// <summary>The raw events behind a line (its subscription in the revenue's period), in arrival order, a page at a time.</summary>
    public async Task<Paged<UsageEventRow>> EventsAsync(Guid partnerId, string? periodText, long lineId, int page, int pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        var period = SettlementService.ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        await EnsureMayOpenAsync(db, partnerId, ct);
        var (_, line) = await LineAsync(db, partnerId, period, lineId, ct);
        if (line.SubscriptionId is not { } subscriptionId) return new Paged<UsageEventRow>([], p, size, 0);
        await using var system = await dbFactory.CreateForAsync(Tenant.System, ct);
        var revenuePeriod = line.RevenueLineId is { } revenueLineId
            ? await system.RevenueLines.AsNoTracking().Where(x => x.Id == revenueLineId).Select(x => (Period?)x.Period).SingleOrDefaultAsync(ct)
            : null;
        return await EventsPageAsync(system, subscriptionId, UsagePeriod(line, period, revenuePeriod), p, size, ct);
    }

    /// <summary>The period whose usage stands behind a line: its revenue line's; without one, an adjustment's corrected period, else the statement's.</summary>
    private static Period UsagePeriod(StatementLineRecord line, Period period, Period? revenuePeriod) =>
        revenuePeriod ?? (line.RefersToPeriod is { } corrected && line.Kind == StatementLineKind.Adjustment ? corrected : period);

    private static async Task<Paged<UsageEventRow>> EventsPageAsync(PortalDbContext system, Guid subscriptionId, Period usagePeriod, int page, int size,
        CancellationToken ct)
    {
        var events = UsageReader.RawEvents(system, subscriptionId, usagePeriod);
        var total = await events.CountAsync(ct);
        var rows = await events.Skip((page - 1) * size).Take(size)
            .Select(e => new UsageEventRow(e.Id, e.EventId, e.Metric, e.Quantity, e.BillableQuantity, e.TimestampUtc, e.ReceivedAtUtc, e.PropertiesJson))
            .ToListAsync(ct);
        return new Paged<UsageEventRow>(rows, page, size, total);
    }

    /// <summary>
    /// An ISV's apps in the periods it was settled for, newest first: revenue, platform fee and payout per app, summed
    /// from the stored revenue lines; with <paramref name="periodText"/>, that period only and with every subscription
    /// (used or not — the state that decided its platform fee).
    /// </summary>
    public async Task<IReadOnlyList<IsvAppPeriodView>> IsvAppsAsync(Guid partnerId, string? periodText, CancellationToken ct = default)
    {
        Period? period = periodText is null ? null : SettlementService.ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        await EnsureMayOpenAsync(db, partnerId, ct);
        var lines = db.RevenueLines.AsNoTracking().Where(l => l.ContractPartnerId == partnerId && l.AppId != null);
        await using var system = await dbFactory.CreateForAsync(Tenant.System, ct);
        if (period is { } one)
        {
            var rows = await lines.Where(l => l.Period == one)
                .Select(l => new { l.AppId, l.SubscriptionId, l.CustomerId, l.Used, l.Events, l.RevenueCents, l.PlatformFeeRate, l.PlatformFeeCents, l.PayoutCents, l.Currency })
                .ToListAsync(ct);
            var appIds = rows.Select(r => r.AppId!.Value).Distinct().ToList();
            var customerIds = rows.Select(r => r.CustomerId).Distinct().ToList();
            var apps = await system.Apps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            var customers = await system.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            return rows.GroupBy(r => r.AppId!.Value).Select(g =>
            {
                var currency = g.First().Currency;
                decimal M(long cents) => Money.FromMinorUnits(cents, currency).Amount;
                return new IsvAppPeriodView(one.ToString(), g.Key, apps.GetValueOrDefault(g.Key, "?"), currency, g.Count(), g.Count(r => r.Used),
                    M(g.Sum(r => r.RevenueCents)), M(g.Sum(r => r.PlatformFeeCents)), M(g.Sum(r => r.PayoutCents)),
                    g.OrderByDescending(r => r.Used).ThenBy(r => customers.GetValueOrDefault(r.CustomerId), StringComparer.CurrentCulture)
                        .Select(r => new IsvSubscriptionRow(r.SubscriptionId, r.CustomerId, customers.GetValueOrDefault(r.CustomerId, "?"), r.Used, r.Events,
                            M(r.RevenueCents), r.PlatformFeeRate, M(r.PlatformFeeCents), M(r.PayoutCents))).ToList());
            }).OrderBy(a => a.AppName, StringComparer.CurrentCulture).ToList();
        }

        // Summed in SQL (whole cents, exact on both providers): a row per period and app.
        var sums = await lines.GroupBy(l => new { l.Period, l.AppId, l.Currency })
            .Select(g => new
            {
                g.Key.Period, g.Key.AppId, g.Key.Currency, Subscriptions = g.Count(), Used = g.Count(l => l.Used), Revenue = g.Sum(l => l.RevenueCents),
                Fee = g.Sum(l => l.PlatformFeeCents), Payout = g.Sum(l => l.PayoutCents),
            }).ToListAsync(ct);
        var ids = sums.Select(s => s.AppId!.Value).Distinct().ToList();
        var names = await system.Apps.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return sums.OrderByDescending(s => s.Period).ThenBy(s => names.GetValueOrDefault(s.AppId!.Value), StringComparer.CurrentCulture)
            .Select(s => new IsvAppPeriodView(s.Period.ToString(), s.AppId!.Value, names.GetValueOrDefault(s.AppId.Value, "?"), s.Currency, s.Subscriptions, s.Used,
                Money.FromMinorUnits(s.Revenue, s.Currency).Amount, Money.FromMinorUnits(s.Fee, s.Currency).Amount,
                Money.FromMinorUnits(s.Payout, s.Currency).Amount, [])).ToList();
    }

    /// <summary>
    /// The one rule for opening a partner's statements: the operator, the partner itself, or its distributor. Anybody
    /// else gets "not found", as for a statement that does not exist.
    /// </summary>
    private async Task<PartyView> EnsureMayOpenAsync(PortalDbContext db, Guid partnerId, CancellationToken ct)
    {
        var tenant = db.Tenant;
        var own = tenant.PartnerId ?? Guid.Empty;
        var query = db.Partners.AsNoTracking().Where(p => p.Id == partnerId);
        if (!tenant.SeesAll) query = query.Where(p => p.Id == own || (tenant.IsDistributor && p.ParentPartnerId == own));
        return await query.Select(p => new PartyView(p.Id, p.Name, p.Kind, p.Street, p.Postcode, p.City, p.Country, p.VatId, p.Email)).SingleOrDefaultAsync(ct)
               ?? throw RequestRejectedException.NotFound("The partner");
    }

    private static async Task<(StatementRecord Statement, StatementLineRecord Line)> LineAsync(PortalDbContext db, Guid partnerId, Period period, long lineId,
        CancellationToken ct)
    {
        var statement = await db.Statements.AsNoTracking().SingleOrDefaultAsync(x => x.PartnerId == partnerId && x.Period == period, ct)
                        ?? throw RequestRejectedException.NotFound($"A statement of {period} for this partner");
        var line = await db.StatementLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId && l.PartnerId == partnerId && l.Period == period, ct)
                   ?? throw RequestRejectedException.NotFound("The statement line");
        return (statement, line);
    }

    private sealed record Names(IReadOnlyDictionary<Guid, string> Customers, IReadOnlyDictionary<Guid, string> Products);

    /// <summary>The names of the customers and products (app or partner service) of lines the caller has been shown.</summary>
    private async Task<Names> NamesAsync(IReadOnlyCollection<StatementLineRecord> lines, CancellationToken ct)
    {
        var customerIds = lines.Where(l => l.CustomerId != null).Select(l => l.CustomerId!.Value).Distinct().ToList();
        var subscriptionIds = lines.Where(l => l.SubscriptionId != null).Select(l => l.SubscriptionId!.Value).Distinct().ToList();
        if (customerIds.Count == 0 && subscriptionIds.Count == 0) return new Names(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
        await using var system = await dbFactory.CreateForAsync(Tenant.System, ct);
        var customers = await system.Customers.AsNoTracking().Where(c => EF.Parameter(customerIds).Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var products = await (from s in system.Subscriptions.AsNoTracking()
                              where EF.Parameter(subscriptionIds).Contains(s.Id)
                              join a in system.Apps on s.AppId equals a.Id into apps
                              from a in apps.DefaultIfEmpty()
                              join ps in system.PartnerServices on s.PartnerServiceId equals ps.Id into services
                              from ps in services.DefaultIfEmpty()
                              select new { s.Id, Name = a != null ? a.Name : ps != null ? ps.Name : null }).ToListAsync(ct);
        return new Names(customers, products.Where(p => p.Name != null).ToDictionary(p => p.Id, p => p.Name!));
    }

    private static StatementLineView View(StatementLineRecord l, Names names) =>
        new(l.Id, SettlementService.ApiKind(l.Kind), l.CustomerId, l.CustomerId is { } c ? names.Customers.GetValueOrDefault(c) : null, l.SubscriptionId,
            l.SubscriptionId is { } s ? names.Products.GetValueOrDefault(s) : null, Money.FromMinorUnits(l.RevenueCents, l.Currency).Amount, l.Rate,
            Money.FromMinorUnits(l.AmountCents, l.Currency).Amount, l.RefersToPeriod?.ToString(), l.Description);

    private static async Task<RevenueLineView> RevenueViewAsync(PortalDbContext system, RevenueLineRecord r, CancellationToken ct)
    {
        var app = r.AppId is { } appId ? await system.Apps.AsNoTracking().Where(a => a.Id == appId).Select(a => a.Name).SingleOrDefaultAsync(ct) : null;
        var service = r.PartnerServiceId is { } serviceId
            ? await system.PartnerServices.AsNoTracking().Where(s => s.Id == serviceId).Select(s => s.Name).SingleOrDefaultAsync(ct)
            : null;
        var plan = await (from v in system.PlanVersions.AsNoTracking()
                          where v.Id == r.PlanVersionId
                          join p in system.Plans on v.PlanId equals p.Id
                          select new { p.Name, v.Number, v.Charges }).SingleOrDefaultAsync(ct);
        var partyIds = new[] { r.AttributedPartnerId, r.DistributorId }.Where(x => x != null).Select(x => x!.Value).ToList();
        var parties = await system.Partners.AsNoTracking().Where(p => partyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var (stored, quantities) = Detail(r.DetailJson);
        var specs = plan?.Charges ?? [];
        var charges = stored.Select(c => c.Kind == nameof(QuoteLineKind.Charge) && c.Charge >= 0 && c.Charge < specs.Count && string.IsNullOrWhiteSpace(specs[c.Charge].Name)
            ? c with { Unnamed = specs[c.Charge] }
            : c).ToList();
        decimal M(long cents) => Money.FromMinorUnits(cents, r.Currency).Amount;
        return new RevenueLineView(r.Id, r.Period.ToString(), r.SubscriptionId, r.CustomerId, app, service, plan?.Name, plan?.Number, r.Category, r.Currency,
            r.ActiveDays, r.SeatDays, r.Used, r.Events, M(r.RevenueCents), r.PlatformFeeRate, M(r.PlatformFeeCents), M(r.PayoutCents), r.ServiceFeeRate,
            M(r.ServiceFeeCents), r.AttributedPartnerId is { } a ? parties.GetValueOrDefault(a) : null, r.AttributedFrom, r.CommissionRate, r.CommissionBasis,
            M(r.CommissionCents), r.DistributorId is { } d ? parties.GetValueOrDefault(d) : null, r.OverrideRate, M(r.OverrideCents), charges, quantities);
    }

    /// <summary>Reads the settlement's <c>DetailJson</c>: <c>{lines:[{charge, kind, label, amount, quantity}], quantities:{metric: n}}</c>.</summary>
    internal static (IReadOnlyList<ChargeView> Charges, IReadOnlyDictionary<string, decimal> Quantities) Detail(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var root = document.RootElement;
        var charges = new List<ChargeView>();
        if (root.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array)
            foreach (var l in lines.EnumerateArray())
                charges.Add(new ChargeView(
                    l.TryGetProperty("charge", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : charges.Count,
                    l.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "",
                    l.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String ? label.GetString() : null,
                    l.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Number ? amount.GetDecimal() : 0m,
                    l.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDecimal() : null));
        var quantities = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        if (root.TryGetProperty("quantities", out var qs) && qs.ValueKind == JsonValueKind.Object)
            foreach (var q in qs.EnumerateObject())
                if (q.Value.ValueKind == JsonValueKind.Number) quantities[q.Name] = q.Value.GetDecimal();
        return (charges, quantities);
    }
}

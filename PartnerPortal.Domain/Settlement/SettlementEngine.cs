using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Domain.Settlement;

/// <summary>
/// The money rules of the monthly settlement (DESIGN §3–§5) as pure functions over plain inputs. The settlement job,
/// the estimates and the simulation call these and nothing else; none re-implements a rule.
/// </summary>
/// <remarks>
/// Every amount is computed at full precision and rounded once to cents (half away from zero); totals are sums of
/// rounded amounts. Example: revenue 99.99, platform fee rate 0.15, used → fee 15.00 (14.9985), ISV payout 84.99.
/// </remarks>
public static class SettlementEngine
{
    /// <summary>
    /// Prices <paramref name="input"/> for <paramref name="period"/> with <see cref="PricingEngine.Quote"/>: flat and
    /// minimum commitment prorated by active days (start day counted, end day not), per-seat charges by seat-days
    /// (3 seats for 10 days and 5 for 20 of a 30-day month = 130 seat-days = 4⅓ seats for the month), one-time charges in
    /// the period of the start, usage from the aggregates. <c>null</c> when the subscription has no day in the period.
    /// </summary>
    public static RatedSubscription? Rate(SubscriptionPeriodInput input, Period period)
    {
        ArgumentNullException.ThrowIfNull(input);
        var activeDays = period.ActiveDays(input.StartDate, input.EndDate);
        if (activeDays == 0) return null;

        var seatDays = SeatDays(input, period);
        var usageMetrics = input.Charges.Where(c => c.GetChargeType() == ChargeType.Usage).Select(c => c.Metric!).ToHashSet(StringComparer.Ordinal);
        var quote = PricingEngine.Quote(new QuoteInput
        {
            Charges = input.Charges,
            Quantities = input.Quantities.Where(q => usageMetrics.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal),
            Events = input.Events,
            Metrics = input.Events is { Count: > 0 } ? input.Metrics : null,
            ActiveDays = activeDays,
            DaysInPeriod = period.DaysInPeriod,
            SeatDays = seatDays,
            IncludesStart = period.Contains(input.StartDate),
            MinimumCommitment = input.MinimumCommitment,
            Currency = input.Currency,
        });
        return new RatedSubscription(quote, activeDays, period.DaysInPeriod, seatDays);
    }

    /// <summary>Σ over the period's active days of the seats on that day (the last seat change on or before it).</summary>
    public static long SeatDays(SubscriptionPeriodInput input, Period period)
    {
        ArgumentNullException.ThrowIfNull(input);
        var from = input.StartDate > period.FirstDay ? input.StartDate : period.FirstDay;
        var to = input.EndDate is { } end && end < period.EndExclusive ? end : period.EndExclusive;
        if (to <= from) return 0;
        var changes = input.Seats.OrderBy(s => s.From).ToList();
        if (changes.Count == 0) return to.DayNumber - from.DayNumber;
        long total = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            var spanFrom = i == 0 ? DateOnly.MinValue : changes[i].From;
            var spanTo = i + 1 < changes.Count ? changes[i + 1].From : DateOnly.MaxValue;
            var a = spanFrom > from ? spanFrom : from;
            var b = spanTo < to ? spanTo : to;
            if (b > a) total += (long)(b.DayNumber - a.DayNumber) * changes[i].Seats;
        }

        return total;
    }

    /// <summary>
    /// An app subscription's split: platform fee = rate × revenue, rounded, only when <paramref name="used"/> (at least
    /// one accepted usage event in the period); ISV payout = revenue − platform fee.
    /// </summary>
    public static AppSplit SplitApp(Money.Money revenue, bool used, decimal platformFeeRate)
    {
        var fee = used ? Round(revenue.Amount * platformFeeRate, revenue.Currency) : Money.Money.Zero(revenue.Currency);
        return new AppSplit(revenue, used, platformFeeRate, fee, revenue - fee);
    }

    /// <summary>A partner service's split: service fee = rate × revenue, rounded; payout = revenue − service fee.</summary>
    public static ServiceSplit SplitService(Money.Money revenue, decimal serviceFeeRate)
    {
        var fee = Round(revenue.Amount * serviceFeeRate, revenue.Currency);
        return new ServiceSplit(revenue, serviceFeeRate, fee, revenue - fee);
    }

    /// <summary>
    /// What a reseller or system integrator earns on the app revenue attributed to it at the period's end, and what its
    /// distributor earns on top (DESIGN §5). The tier rate is chosen by the total of <paramref name="revenues"/>.
    /// A partner without terms earns nothing (and so its distributor earns no override on it). A subscription past the
    /// plan's <see cref="CommissionTerms.DurationMonths"/> earns nothing. An override is paid where the reseller earns a
    /// commission (rate above zero), at the distributor's <see cref="CommissionTerms.OverrideRate"/>; none without a
    /// distributor or its terms.
    /// </summary>
    public static PartnerCommissions Commissions(Period period, CommissionTerms? terms, CommissionTerms? distributorTerms,
        IReadOnlyList<AttributedRevenue> revenues, string currency = Money.Money.DefaultCurrency)
    {
        ArgumentNullException.ThrowIfNull(revenues);
        var total = revenues.Aggregate(Money.Money.Zero(currency), (sum, r) => sum + r.Revenue);
        if (terms is null) return new PartnerCommissions(total, [], []);

        var commissions = new List<CommissionResult>();
        var overrides = new List<CommissionResult>();
        foreach (var r in revenues.OrderBy(r => r.CustomerId).ThenBy(r => r.SubscriptionId))
        {
            if (!terms.Earns(r.AttributedFrom, period)) continue;
            var (rate, basis) = terms.RateFor(r.Category, total.Amount);
            if (rate == 0m || r.Revenue.Amount == 0m) continue; // no line without money: zero revenue earns nothing to show
            commissions.Add(new CommissionResult(r.SubscriptionId, r.CustomerId, r.Revenue, rate, basis, Round(r.Revenue.Amount * rate, currency)));
            if (distributorTerms is { OverrideRate: > 0m } d)
                overrides.Add(new CommissionResult(r.SubscriptionId, r.CustomerId, r.Revenue, d.OverrideRate, CommissionRateBasis.Base,
                    Round(r.Revenue.Amount * d.OverrideRate, currency)));
        }

        return new PartnerCommissions(total, commissions, overrides);
    }

    /// <summary>
    /// A statement's total is the sum of its lines. It is carried forward (not paid) when it is negative, or above zero
    /// but below <paramref name="minimumPayout"/>; the next period's statement then opens with it as a
    /// <c>carryForward</c> line. A zero total is settled as it is.
    /// </summary>
    public static StatementOutcome Statement(IEnumerable<Money.Money> lineAmounts, decimal minimumPayout, string currency = Money.Money.DefaultCurrency)
    {
        var total = lineAmounts.Aggregate(Money.Money.Zero(currency), (sum, a) => sum + a);
        var carries = total.Amount < 0m || (total.Amount > 0m && total.Amount < minimumPayout);
        return new StatementOutcome(total, carries);
    }

    /// <summary>Rounds an amount to cents, half away from zero (the one rule of <see cref="MoneyRounding"/>).</summary>
    public static Money.Money Round(decimal amount, string currency) => new(MoneyRounding.ToCents(amount), currency);
}

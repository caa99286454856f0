using System.Globalization;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>One period total and how it moved since the month before (null when there is nothing to compare with).</summary>
public sealed record TotalChange(string Key, string Id, decimal Amount, decimal? Previous, decimal? Change, decimal? ChangeRate);

/// <summary>
/// The period totals of a run next to the previous month's (the operator's "what changed"): amount, difference and
/// the difference relative to the previous amount. Compared only with the month right before, and only when both runs
/// have totals (drafted or approved); a previous amount of zero has no relative change.
/// </summary>
public static class SettlementComparison
{
    public static bool HasTotals(SettlementDto run) => run.Status is "Draft" or "Approved";

    /// <summary>The run of the month before <paramref name="run"/> among <paramref name="runs"/>, if it has totals.</summary>
    public static SettlementDto? PreviousOf(SettlementDto run, IEnumerable<SettlementDto> runs)
    {
        if (!Domain.Periods.Period.TryParse(run.Period, out var period)) return null;
        var previous = period.Previous().ToString();
        return runs.FirstOrDefault(r => r.Period == previous && HasTotals(r));
    }

    public static IReadOnlyList<TotalChange> Compare(SettlementTotalsDto current, SettlementTotalsDto? previous)
    {
        (string Key, string Id, Func<SettlementTotalsDto, decimal> Of)[] totals =
        [
            ("Settlement.Revenue", "revenue", t => t.Revenue),
            ("Settlement.PlatformFees", "platformfees", t => t.PlatformFees),
            ("Settlement.ServiceFees", "servicefees", t => t.ServiceFees),
            ("Settlement.Commissions", "commissions", t => t.Commissions),
            ("Settlement.Overrides", "overrides", t => t.Overrides),
            ("Settlement.IsvPayouts", "isvpayouts", t => t.IsvPayouts),
            ("Settlement.PlatformNet", "net", t => t.PlatformNet),
        ];
        return totals.Select(x =>
        {
            var amount = x.Of(current);
            if (previous is null) return new TotalChange(x.Key, x.Id, amount, null, null, null);
            var before = x.Of(previous);
            var change = amount - before;
            return new TotalChange(x.Key, x.Id, amount, before, change, before == 0 ? null : Math.Round(change / Math.Abs(before), 4, MidpointRounding.AwayFromZero));
        }).ToList();
    }

    /// <summary>A change as people read it: signed money and, when known, a signed percentage ("+12,34 € (+5,2 %)").</summary>
    public static string Describe(TotalChange row, string currency)
    {
        if (row.Change is not { } change) return "";
        var money = (change > 0 ? "+" : "") + Localization.Format.Money(change, currency);
        if (row.ChangeRate is not { } rate) return money;
        var percent = rate.ToString("P1", CultureInfo.CurrentCulture);
        return $"{money} ({(rate > 0 ? "+" : "")}{percent})";
    }
}

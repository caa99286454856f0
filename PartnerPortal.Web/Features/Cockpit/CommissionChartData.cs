using System.Globalization;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Features.Cockpit;

/// <summary>
/// The bars of the last periods' statement totals: one label per period (short month and year in the current culture)
/// and the totals in whole currency units. Doubles only because the chart draws doubles; every amount a user reads
/// comes from the cents beside it.
/// </summary>
public sealed record CommissionChartData(IReadOnlyList<string> Labels, IReadOnlyList<double> Values)
{
    public static CommissionChartData From(IReadOnlyList<PeriodTotal> history) => new(
        history.Select(h => Label(h.Period)).ToList(),
        history.Select(h => (double)(h.TotalCents / 100m)).ToList());

    public static string Label(Period period) => period.FirstDay.ToString("MMM yy", CultureInfo.CurrentCulture);
}

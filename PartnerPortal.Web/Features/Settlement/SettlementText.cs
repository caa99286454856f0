using System.Globalization;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Web.Features.Settlement;

public static class SettlementText
{
    /// <summary>A period as people name it in the current culture: "Oktober 2026", "October 2026".</summary>
    public static string Month(Period period) => period.FirstDay.ToString("MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Month(string period) => Period.TryParse(period, out var p) ? Month(p) : period;
}

using System.Globalization;
using CsvHelper;

namespace PartnerPortal.Web.Features.Simulation;

/// <summary>How the operator orders the rows: biggest winners (simulated − current, descending), biggest losers, or by partner and period.</summary>
public enum SimulationSort
{
    Winners,
    Losers,
    Partner,
}

/// <summary>A row as the page shows it: the partner's name and the difference.</summary>
public sealed record SimulationLine(Guid PartnerId, string PartnerName, string Period, decimal Current, decimal Simulated, decimal MarginCurrent,
    decimal MarginSimulated)
{
    public decimal Difference => Simulated - Current;
    public decimal MarginDifference => MarginSimulated - MarginCurrent;
}

/// <summary>Sums of a simulation: what partners earn, and the platform's net, as settled and under the candidate.</summary>
public sealed record SimulationTotals(decimal Current, decimal Simulated, decimal MarginCurrent, decimal MarginSimulated)
{
    public decimal Difference => Simulated - Current;
    public decimal MarginDifference => MarginSimulated - MarginCurrent;
}

/// <summary>The page's logic without the page: naming, sorting, totals, the per-period series of the chart and the CSV file.</summary>
public static class SimulationView
{
    public static List<SimulationLine> Lines(IEnumerable<SimulationRowDto> rows, IReadOnlyDictionary<Guid, string> names) =>
        rows.Select(r => new SimulationLine(r.PartnerId, names.GetValueOrDefault(r.PartnerId) ?? r.PartnerId.ToString(), r.Period, r.Current, r.Simulated,
            r.PlatformMarginCurrent, r.PlatformMarginSimulated)).ToList();

    public static IEnumerable<SimulationLine> Sorted(IEnumerable<SimulationLine> lines, SimulationSort sort) => sort switch
    {
        SimulationSort.Winners => lines.OrderByDescending(l => l.Difference).ThenBy(l => l.PartnerName, StringComparer.CurrentCulture).ThenBy(l => l.Period, StringComparer.Ordinal),
        SimulationSort.Losers => lines.OrderBy(l => l.Difference).ThenBy(l => l.PartnerName, StringComparer.CurrentCulture).ThenBy(l => l.Period, StringComparer.Ordinal),
        _ => lines.OrderBy(l => l.PartnerName, StringComparer.CurrentCulture).ThenBy(l => l.PartnerId).ThenBy(l => l.Period, StringComparer.Ordinal),
    };

    public static SimulationTotals Totals(IEnumerable<SimulationLine> lines)
    {
        decimal c = 0, s = 0, mc = 0, ms = 0;
        foreach (var l in lines) (c, s, mc, ms) = (c + l.Current, s + l.Simulated, mc + l.MarginCurrent, ms + l.MarginSimulated);
        return new SimulationTotals(c, s, mc, ms);
    }

    /// <summary>Per period (ascending): the sums of current and simulated over the partners.</summary>
    public static List<(string Period, decimal Current, decimal Simulated)> PerPeriod(IEnumerable<SimulationLine> lines) =>
        lines.GroupBy(l => l.Period).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(l => l.Current), g.Sum(l => l.Simulated))).ToList();

    /// <summary>
    /// The rows as CSV for a spreadsheet: UTF-8 with BOM (Excel reads umlauts), <c>;</c>-separated with decimal commas for
    /// German, <c>,</c> and decimal points otherwise; amounts without currency symbols so they stay numbers.
    /// </summary>
    public static byte[] Csv(IEnumerable<SimulationLine> lines, CultureInfo culture, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var german = culture.TwoLetterISOLanguageName == "de";
        var options = new CsvWriterOptions
        {
            Separator = german ? ';' : ',', WriteByteOrderMark = true, Injection = CsvInjection.Escape, FormatProvider = culture,
        };
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteRecord(headers.ToArray());
            foreach (var l in lines)
            {
                csv.WriteField(l.PartnerName);
                csv.WriteField(l.PartnerId.ToString());
                csv.WriteField(l.Period);
                foreach (var amount in new[] { l.Current, l.Simulated, l.Difference, l.MarginCurrent, l.MarginSimulated, l.MarginDifference })
                    csv.WriteField(amount.ToString("0.00", culture));
                csv.EndRecord();
            }
        }

        return stream.ToArray();
    }
}

using System.Globalization;

namespace PartnerPortal.Web.Features.Commissions;

/// <summary>How the commission and settlement pages show rates: a fraction as a percentage in the user's culture, with only
/// the decimals it needs (de-DE: 0.125 → "12,5 %", en-US: "12.5%").</summary>
public static class CommissionText
{
    public static string Percent(decimal fraction)
    {
        var culture = CultureInfo.CurrentCulture;
        var number = (fraction * 100m).ToString("#,##0.##", culture);
        var symbol = culture.NumberFormat.PercentSymbol;
        return culture.NumberFormat.PercentPositivePattern switch
        {
            0 => $"{number} {symbol}",
            2 => $"{symbol}{number}",
            3 => $"{symbol} {number}",
            _ => $"{number}{symbol}",
        };
    }
}

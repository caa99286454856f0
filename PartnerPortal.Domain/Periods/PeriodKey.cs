namespace PartnerPortal.Domain.Periods;

/// <summary>
/// The integer form of a <see cref="Period"/>, <c>yyyymm</c>: how the usage tables store a period (an EF value
/// converter maps <see cref="Period"/> properties to it) and what hand-written SQL binds. The one place that
/// builds or reads such a key.
/// </summary>
/// <example>
/// <code>
/// PeriodKey.ToInt(Period.Parse("2026-11")); // 202611
/// PeriodKey.FromInt(202611);                 // 2026-11
/// </code>
/// </example>
public static class PeriodKey
{
    /// <summary>The key of <paramref name="period"/>: year × 100 + month.</summary>
    public static int ToInt(Period period) => period.Year * 100 + period.Month;

    /// <summary>The period of a key made by <see cref="ToInt"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key names no month (e.g. 202613).</exception>
    public static Period FromInt(int key) => new(key / 100, key % 100);
}

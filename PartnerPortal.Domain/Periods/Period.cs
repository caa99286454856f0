using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PartnerPortal.Domain.Periods;

/// <summary>
/// A billing period: one calendar month in the installation's time zone (DESIGN §2), written
/// <c>yyyy-MM</c> in the API. Its days form the half-open interval
/// [<see cref="FirstDay"/>, <see cref="EndExclusive"/>).
/// </summary>
/// <example>
/// <code>
/// var october = Period.Parse("2026-10");
/// october.FirstDay;                                   // 2026-10-01
/// october.EndExclusive;                               // 2026-11-01 (not part of the period)
/// october.ActiveDays(new DateOnly(2026, 10, 15), null); // 17: the 15th to the 31st
/// Period.Of(DateTimeOffset.Parse("2026-09-30T22:30Z"), berlin); // 2026-10 (00:30 local)
/// </code>
/// </example>
/// <remarks><c>default(Period)</c> is not a valid period; create periods with the constructor, <see cref="Parse"/> or <see cref="Of(DateOnly)"/>.</remarks>
public readonly record struct Period : IComparable<Period>
{
    /// <summary>Creates the period of <paramref name="month"/> (1–12) in <paramref name="year"/> (1–9999).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Year or month out of range.</exception>
    /// <remarks>
    /// JSON reads a period through this constructor (a struct would otherwise be made with its default constructor and
    /// no year: the persisted state of a prerendered page came back as such an invalid period).
    /// </remarks>
    [System.Text.Json.Serialization.JsonConstructor]
    public Period(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The month, 1 = January.</summary>
    public int Month { get; }

    /// <summary>The first day of the period (included).</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The first day of the next period: the exclusive end of this one.</summary>
    public DateOnly EndExclusive => FirstDay.AddMonths(1);

    /// <summary>Number of days in the period: 28, 29, 30 or 31.</summary>
    public int DaysInPeriod => DateTime.DaysInMonth(Year, Month);

    /// <summary>The period of a calendar day.</summary>
    public static Period Of(DateOnly day) => new(day.Year, day.Month);

    /// <summary>
    /// The period an instant belongs to, seen in <paramref name="zone"/>: 2026-09-30T22:30Z is
    /// 2026-10-01 00:30 in Europe/Berlin and so belongs to 2026-10.
    /// </summary>
    public static Period Of(DateTimeOffset instantUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instantUtc, zone);
        return new Period(local.Year, local.Month);
    }

    /// <summary>
    /// Parses exactly <c>yyyy-MM</c>: four digits, a hyphen, two digits, month 01–12.
    /// "2026-1", "2026-13", " 2026-01" and "2026-01-01" are rejected.
    /// </summary>
    /// <exception cref="FormatException">The text is not a period.</exception>
    public static Period Parse(string text) =>
        TryParse(text, out var period)
            ? period
            : throw new FormatException($"'{text}' is not a period: use yyyy-MM, e.g. 2026-01.");

    /// <summary>Parses exactly <c>yyyy-MM</c>; see <see cref="Parse"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-')
        {
            return false;
        }

        for (var i = 0; i < 7; i++)
        {
            if (i != 4 && !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        var year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12)
        {
            return false;
        }

        period = new Period(year, month);
        return true;
    }

    /// <summary>The following month.</summary>
    public Period Next() => Of(EndExclusive);

    /// <summary>The preceding month.</summary>
    public Period Previous() => Of(FirstDay.AddMonths(-1));

    /// <summary>Whether <paramref name="day"/> lies in [<see cref="FirstDay"/>, <see cref="EndExclusive"/>).</summary>
    public bool Contains(DateOnly day) => day >= FirstDay && day < EndExclusive;

    /// <summary>
    /// The instant the period starts: local midnight of <see cref="FirstDay"/> in
    /// <paramref name="zone"/>, as UTC. For Europe/Berlin, 2026-10 starts at 2026-09-30T22:00Z.
    /// </summary>
    /// <remarks>
    /// Where that midnight does not exist (a daylight-saving jump at midnight) the period starts at
    /// the first local time that exists; where it exists twice, at the earlier instant.
    /// </remarks>
    public DateTimeOffset StartUtc(TimeZoneInfo zone) => LocalMidnightUtc(FirstDay, zone);

    /// <summary>
    /// The instant the next period starts, as UTC: the exclusive end of this period. Instants of the
    /// period are in [<see cref="StartUtc"/>, <see cref="EndExclusiveUtc"/>).
    /// </summary>
    public DateTimeOffset EndExclusiveUtc(TimeZoneInfo zone) => LocalMidnightUtc(EndExclusive, zone);

    /// <summary>
    /// The number of this period's days in the half-open interval
    /// [<paramref name="start"/>, <paramref name="endExclusive"/>): the start day is counted,
    /// the end day is not; <c>null</c> means open-ended. 0 when the interval misses the period.
    /// Example for 2026-02 (28 days): start 2026-02-10, end 2026-02-20 → 10; start 2026-01-15,
    /// no end → 28; start 2026-02-28, no end → 1.
    /// </summary>
    public int ActiveDays(DateOnly start, DateOnly? endExclusive)
    {
        var from = start > FirstDay ? start : FirstDay;
        var to = endExclusive is { } end && end < EndExclusive ? end : EndExclusive;
        return Math.Max(0, to.DayNumber - from.DayNumber);
    }

    /// <inheritdoc />
    public int CompareTo(Period other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    /// <summary>Orders periods in time.</summary>
    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    /// <summary>Orders periods in time.</summary>
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    /// <summary>Orders periods in time.</summary>
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    /// <summary>Orders periods in time.</summary>
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    /// <summary>The period as <c>yyyy-MM</c>, e.g. <c>2026-01</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    private static DateTimeOffset LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A gap at midnight: the first local minute that exists is the start of the day.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}

using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Domain.Usage;

/// <summary>Why a usage event's timestamp is refused, or <see cref="Accepted"/>.</summary>
public enum UsageTimeVerdict
{
    /// <summary>The timestamp is inside the subscription and not too far in the future.</summary>
    Accepted,

    /// <summary>Before the subscription's start (local midnight of its start day).</summary>
    BeforeStart,

    /// <summary>On or after the subscription's end (local midnight of its end day, which is not counted).</summary>
    AfterEnd,

    /// <summary>More than <see cref="UsageWindow.FutureTolerance"/> after now.</summary>
    InFuture,
}

/// <summary>
/// The time rules of a usage event (DESIGN §2, §4): an event counts for the subscription's days
/// <c>[StartDate, EndDate)</c> in the installation's zone, may lie at most five minutes in the future (clock skew
/// of the ISV's meter), and belongs to the period of its timestamp in that zone.
/// </summary>
/// <example>
/// <code>
/// // Berlin, subscription from 2026-10-01: 2026-09-30T22:30Z is 00:30 local on the start day → accepted, period 2026-10.
/// UsageWindow.Check(DateTimeOffset.Parse("2026-09-30T22:30Z"), new DateOnly(2026, 10, 1), null, berlin, now); // Accepted
/// </code>
/// </example>
public static class UsageWindow
{
    /// <summary>How far in the future an event may lie: five minutes.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Checks <paramref name="timestampUtc"/> against the subscription's days and the clock.</summary>
    public static UsageTimeVerdict Check(DateTimeOffset timestampUtc, DateOnly startDate, DateOnly? endDate, TimeZoneInfo zone, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Check(timestampUtc, StartOfDayUtc(startDate, zone), endDate is { } end ? StartOfDayUtc(end, zone) : null, nowUtc);
    }

    /// <summary>
    /// The same check with the subscription's first instant and exclusive end instant already computed
    /// (<see cref="StartOfDayUtc"/> of its start and end days): what a hot path caches per subscription.
    /// </summary>
    public static UsageTimeVerdict Check(DateTimeOffset timestampUtc, DateTimeOffset startUtc, DateTimeOffset? endExclusiveUtc, DateTimeOffset nowUtc)
    {
        if (timestampUtc > nowUtc + FutureTolerance) return UsageTimeVerdict.InFuture;
        if (timestampUtc < startUtc) return UsageTimeVerdict.BeforeStart;
        if (endExclusiveUtc is { } end && timestampUtc >= end) return UsageTimeVerdict.AfterEnd;
        return UsageTimeVerdict.Accepted;
    }

    /// <summary>The period key yyyymm and the day key yyyymmdd of an instant in <paramref name="zone"/>, from one conversion.</summary>
    public static (int Period, int Day) Keys(DateTimeOffset timestampUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(timestampUtc, zone);
        return (Periods.PeriodKey.ToInt(new Period(local.Year, local.Month)), DayKey(DateOnly.FromDateTime(local.DateTime)));
    }

    /// <summary>The instant local midnight of <paramref name="day"/> begins, as UTC (the first existing local time on a DST jump).</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        // Same rule as Period.StartUtc: where midnight does not exist, the first local minute that does; where it
        // exists twice, the earlier instant.
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    /// <summary>The period key yyyymm of an instant in <paramref name="zone"/> (2026-09-30T22:30Z in Berlin → 202610).</summary>
    public static int PeriodKey(DateTimeOffset timestampUtc, TimeZoneInfo zone) => Periods.PeriodKey.ToInt(Period.Of(timestampUtc, zone));

    /// <summary>The local day key yyyymmdd of an instant in <paramref name="zone"/>.</summary>
    public static int DayKey(DateTimeOffset timestampUtc, TimeZoneInfo zone)
    {
        return DayKey(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timestampUtc, zone).DateTime));
    }

    /// <summary>The day key yyyymmdd of a calendar day (2026-11-05 → 20261105).</summary>
    public static int DayKey(DateOnly day) => day.Year * 10000 + day.Month * 100 + day.Day;

    /// <summary>The period of a day key yyyymmdd (20261105 → 2026-11).</summary>
    public static Period PeriodOfDayKey(int dayKey) => Periods.PeriodKey.FromInt(dayKey / 100);

    /// <summary>The day keys of <paramref name="period"/>'s first day and of the first day after it: [from, toExclusive).</summary>
    public static (int From, int ToExclusive) DayKeys(Period period) => (DayKey(period.FirstDay), DayKey(period.EndExclusive));
}

using PartnerPortal.Domain.Usage;

namespace PartnerPortal.Tests.Domain.Usage;

public sealed class UsageWindowTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    // Subscription [2026-10-01, 2026-11-01) in Berlin: 2026-09-30T22:00Z .. 2026-10-31T23:00Z (CEST until 25 October, then CET).
    [InlineData("2026-09-30T21:59:59Z", "2026-10-01", "2026-11-01", UsageTimeVerdict.BeforeStart)]
    [InlineData("2026-09-30T22:00:00Z", "2026-10-01", "2026-11-01", UsageTimeVerdict.Accepted)]
    [InlineData("2026-10-31T22:59:59Z", "2026-10-01", "2026-11-01", UsageTimeVerdict.Accepted)]
    [InlineData("2026-10-31T23:00:00Z", "2026-10-01", "2026-11-01", UsageTimeVerdict.AfterEnd)]
    [InlineData("2026-11-26T10:05:00Z", "2026-10-01", null, UsageTimeVerdict.Accepted)]
    [InlineData("2026-11-26T10:05:01Z", "2026-10-01", null, UsageTimeVerdict.InFuture)]
    [InlineData("2026-11-26T12:00:00+02:00", "2026-10-01", null, UsageTimeVerdict.Accepted)] // 10:00Z, written with an offset
    public void Check_JudgesTheTimestamp_AgainstTheSubscriptionsLocalDaysAndTheClock(string timestamp, string start, string? end, UsageTimeVerdict expected) =>
        Assert.Equal(expected, UsageWindow.Check(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), Berlin, Now));

    [Theory]
    [InlineData("2026-09-30T22:30:00Z", 202610, 20261001)] // 00:30 local on 1 October
    [InlineData("2026-09-30T21:59:59Z", 202609, 20260930)]
    [InlineData("2026-12-31T23:00:00Z", 202701, 20270101)] // CET: midnight local is 23:00Z
    [InlineData("2026-03-29T00:59:59Z", 202603, 20260329)] // the night clocks go forward
    public void PeriodAndDayKeys_FollowTheInstallationsZone(string timestamp, int period, int day)
    {
        var instant = DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(period, UsageWindow.PeriodKey(instant, Berlin));
        Assert.Equal(day, UsageWindow.DayKey(instant, Berlin));
    }

    [Theory]
    [InlineData("2026-03-29", "2026-03-28T23:00:00Z")] // still CET at midnight
    [InlineData("2026-03-30", "2026-03-29T22:00:00Z")] // CEST from the day before's 02:00
    [InlineData("2026-10-25", "2026-10-24T22:00:00Z")]
    public void StartOfDayUtc_IsLocalMidnight(string day, string expectedUtc) =>
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture),
            UsageWindow.StartOfDayUtc(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Berlin));
}

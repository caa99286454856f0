using System.Globalization;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Tests.Domain.Periods;

public class PeriodTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2026-01", 2026, 1)]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("0001-01", 1, 1)]
    [InlineData("9999-12", 9999, 12)]
    public void Parse_ReadsYearAndMonth_AndRoundTrips(string text, int year, int month)
    {
        var period = Period.Parse(text);

        Assert.Equal(new Period(year, month), period);
        Assert.Equal(text, period.ToString());
        Assert.True(Period.TryParse(text, out var parsed));
        Assert.Equal(period, parsed);
    }

    [Theory]
    [InlineData("2026-1")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("0000-01")]
    [InlineData("26-01")]
    [InlineData("2026-01-01")]
    [InlineData("2026-01 ")]
    [InlineData(" 2026-01")]
    [InlineData("2026/01")]
    [InlineData("2026-0a")]
    [InlineData("+026-01")]
    [InlineData("２０２６-01")] // full-width digits are not ASCII digits
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsAnythingButYyyyMm(string? text)
    {
        Assert.False(Period.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Period.Parse(text!));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10000, 1)]
    [InlineData(2026, 0)]
    [InlineData(2026, 13)]
    public void Constructor_RejectsOutOfRangeYearOrMonth(int year, int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Period(year, month));
    }

    [Theory]
    [InlineData("2026-01", "2026-01-01", "2026-02-01", 31)]
    [InlineData("2026-02", "2026-02-01", "2026-03-01", 28)]
    [InlineData("2028-02", "2028-02-01", "2028-03-01", 29)]
    [InlineData("2100-02", "2100-02-01", "2100-03-01", 28)] // not a leap year
    [InlineData("2000-02", "2000-02-01", "2000-03-01", 29)]
    [InlineData("2026-04", "2026-04-01", "2026-05-01", 30)]
    [InlineData("2026-12", "2026-12-01", "2027-01-01", 31)]
    public void Bounds_AreHalfOpenCalendarMonth(string text, string firstDay, string endExclusive, int days)
    {
        var period = Period.Parse(text);

        Assert.Equal(Day(firstDay), period.FirstDay);
        Assert.Equal(Day(endExclusive), period.EndExclusive);
        Assert.Equal(days, period.DaysInPeriod);
        Assert.True(period.Contains(period.FirstDay));
        Assert.True(period.Contains(period.EndExclusive.AddDays(-1)));
        Assert.False(period.Contains(period.EndExclusive));
        Assert.False(period.Contains(period.FirstDay.AddDays(-1)));
    }

    [Theory]
    [InlineData("2026-01", "2026-02", "2025-12")]
    [InlineData("2026-12", "2027-01", "2026-11")]
    [InlineData("2028-02", "2028-03", "2028-01")]
    public void NextAndPrevious_CrossYearBoundaries(string text, string next, string previous)
    {
        var period = Period.Parse(text);

        Assert.Equal(Period.Parse(next), period.Next());
        Assert.Equal(Period.Parse(previous), period.Previous());
        Assert.True(period < period.Next());
        Assert.True(period > period.Previous());
        Assert.True(period <= Period.Parse(text) && period >= Period.Parse(text));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01")]
    [InlineData("2026-01-31", "2026-01")]
    [InlineData("2028-02-29", "2028-02")]
    public void Of_Day_IsTheCalendarMonth(string day, string expected)
    {
        Assert.Equal(Period.Parse(expected), Period.Of(Day(day)));
    }

    [Theory]
    [InlineData("2026-09-30T22:30:00Z", "2026-10")] // 00:30 CEST on 1 October
    [InlineData("2026-09-30T21:59:59Z", "2026-09")] // 23:59:59 CEST on 30 September
    [InlineData("2026-09-30T22:00:00Z", "2026-10")] // exactly local midnight belongs to the new month
    [InlineData("2026-12-31T22:30:00Z", "2026-12")] // 23:30 CET, still December
    [InlineData("2026-12-31T23:00:00Z", "2027-01")] // midnight CET: new year
    [InlineData("2026-01-31T22:30:00Z", "2026-01")] // 23:30 CET on the last day
    [InlineData("2026-01-31T23:30:00Z", "2026-02")] // 00:30 CET on 1 February
    [InlineData("2026-03-31T21:59:59Z", "2026-03")] // after the spring switch Berlin is UTC+2
    [InlineData("2026-03-31T22:00:00Z", "2026-04")]
    [InlineData("2026-10-25T00:30:00Z", "2026-10")] // 02:30 CEST, before the autumn switch
    [InlineData("2026-10-25T01:30:00Z", "2026-10")] // 02:30 CET, the repeated hour
    [InlineData("2026-10-31T22:59:59Z", "2026-10")] // 23:59:59 CET
    [InlineData("2026-10-31T23:00:00Z", "2026-11")]
    public void Of_Instant_UsesTheLocalDateInTheZone(string instant, string expected)
    {
        Assert.Equal(Period.Parse(expected), Period.Of(Utc(instant), Berlin));
    }

    [Fact]
    public void Of_Instant_UsesTheGivenOffsetOnlyAsAnInstant()
    {
        // 2026-10-01T00:30+02:00 is the same instant as 2026-09-30T22:30Z.
        var instant = DateTimeOffset.Parse("2026-10-01T00:30:00+02:00", CultureInfo.InvariantCulture);

        Assert.Equal(new Period(2026, 10), Period.Of(instant, Berlin));
        Assert.Equal(new Period(2026, 9), Period.Of(instant, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("2026-01", "2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z")]
    [InlineData("2026-03", "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z")] // spring switch on 29 March
    [InlineData("2026-04", "2026-03-31T22:00:00Z", "2026-04-30T22:00:00Z")]
    [InlineData("2026-10", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z")] // autumn switch on 25 October
    [InlineData("2026-12", "2026-11-30T23:00:00Z", "2026-12-31T23:00:00Z")]
    public void StartAndEndUtc_AreLocalMidnightsInTheZone(string text, string start, string endExclusive)
    {
        var period = Period.Parse(text);

        Assert.Equal(Utc(start), period.StartUtc(Berlin));
        Assert.Equal(Utc(endExclusive), period.EndExclusiveUtc(Berlin));
        Assert.Equal(TimeSpan.Zero, period.StartUtc(Berlin).Offset);
        Assert.Equal(period.Next().StartUtc(Berlin), period.EndExclusiveUtc(Berlin));
    }

    [Fact]
    public void StartUtc_SkipsToTheFirstExistingMinute_WhenMidnightFallsInADaylightSavingGap()
    {
        // A zone at UTC-4 that jumps from 00:00 to 01:00 on the first Sunday of September,
        // as Chile does: 1 September 2024 was a Sunday, so local midnight did not exist.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2000, 1, 1), new DateTime(2099, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 9, 1, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 4, 1, DayOfWeek.Sunday));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/MidnightGap", TimeSpan.FromHours(-4), "gap", "std", "dst", [rule]);

        Assert.True(zone.IsInvalidTime(new DateTime(2024, 9, 1, 0, 0, 0)));

        // 01:00 local daylight time (UTC-3) is 04:00Z; the August days end at the same instant.
        Assert.Equal(Utc("2024-09-01T04:00:00Z"), new Period(2024, 9).StartUtc(zone));
        Assert.Equal(Utc("2024-09-01T04:00:00Z"), new Period(2024, 8).EndExclusiveUtc(zone));
    }

    [Theory]
    // Whole period, open-ended or ending after it.
    [InlineData("2026-01", "2025-06-15", null, 31)]
    [InlineData("2026-01", "2026-01-01", "2026-02-01", 31)]
    [InlineData("2026-01", "2026-01-01", "2026-03-15", 31)]
    // Start inside: the start day counts.
    [InlineData("2026-01", "2026-01-31", null, 1)]
    [InlineData("2026-01", "2026-01-15", null, 17)]
    [InlineData("2026-02", "2026-02-28", null, 1)]
    [InlineData("2028-02", "2028-02-29", null, 1)]
    [InlineData("2028-02", "2028-02-01", null, 29)]
    [InlineData("2026-04", "2026-04-30", null, 1)]
    // End inside: the end day does not count.
    [InlineData("2026-01", "2025-12-01", "2026-01-02", 1)]
    [InlineData("2026-01", "2025-12-01", "2026-01-31", 30)]
    [InlineData("2026-02", "2025-12-01", "2026-02-15", 14)]
    // Start and end in the same period.
    [InlineData("2026-01", "2026-01-10", "2026-01-20", 10)]
    [InlineData("2026-01", "2026-01-10", "2026-01-11", 1)]
    [InlineData("2026-01", "2026-01-10", "2026-01-10", 0)]
    // Outside or reversed.
    [InlineData("2026-01", "2026-02-01", null, 0)]
    [InlineData("2026-01", "2025-11-01", "2026-01-01", 0)]
    [InlineData("2026-01", "2026-01-20", "2026-01-10", 0)]
    public void ActiveDays_CountsDaysOfThePeriodInTheHalfOpenInterval(string period, string start, string? endExclusive, int expected)
    {
        Assert.Equal(expected, Period.Parse(period).ActiveDays(Day(start), endExclusive is null ? null : Day(endExclusive)));
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheYearAndMonth()
    {
        // The persisted state of a prerendered page (CommissionHome, Downline) carries periods through System.Text.Json.
        var october = new Period(2026, 10);
        var json = System.Text.Json.JsonSerializer.Serialize(new { Period = october });
        var back = System.Text.Json.JsonSerializer.Deserialize<Holder>(json)!;
        Assert.Equal(october, back.Period);
        Assert.Equal(new DateOnly(2026, 10, 1), back.Period.FirstDay);
    }

    private sealed record Holder(Period Period);
}

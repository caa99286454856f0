using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Subscriptions;

namespace PartnerPortal.Tests.Domain.Subscriptions;

public sealed class SubscriptionTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static DateOnly D(string s) => DateOnly.Parse(s);

    private static Subscription Make(string start = "2026-11-01", int seats = 3) =>
        Subscription.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, Guid.NewGuid(), D(start), seats, "t", Now);

    /// <summary>Changes "from=seats" in order; then the seats on each probe day, and the seats "now" (the last change).</summary>
    [Theory]
    [InlineData("", "2026-11-01=3 2026-12-31=3", 3)]
    [InlineData("2026-11-15=5", "2026-11-14=3 2026-11-15=5 2027-01-01=5", 5)]
    [InlineData("2026-12-01=5 2026-11-15=4", "2026-11-14=3 2026-11-15=4 2026-11-30=4 2026-12-01=5", 5)]
    [InlineData("2026-11-15=5 2026-11-15=7", "2026-11-15=7", 7)]   // the same day twice: the second wins
    [InlineData("2026-11-01=10", "2026-11-01=10", 10)]             // on the start day: replaces the initial seats
    public void SeatsOn_TheLastChangeOnOrBeforeTheDay(string changes, string probes, int now)
    {
        var s = Make();
        foreach (var change in changes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            s.ChangeSeats(D(change.Split('=')[0]), int.Parse(change.Split('=')[1]));
        foreach (var probe in probes.Split(' '))
            Assert.Equal(int.Parse(probe.Split('=')[1]), s.SeatsOn(D(probe.Split('=')[0])));
        Assert.Equal(now, s.Seats);
    }

    [Theory]
    [InlineData("2026-10-31", 5, "from")]   // before the start
    [InlineData("2026-11-10", 0, "seats")]
    [InlineData("2026-11-10", 1_000_001, "seats")]
    [InlineData("2026-12-01", 5, "from")]   // on the end day (cancelled below with endDate 2026-12-01)
    public void ChangeSeats_RefusesOutsideTheSubscriptionOrBadCounts(string from, int seats, string field)
    {
        var s = Make();
        s.Cancel(D("2026-12-01"));
        Assert.Equal(field, Assert.Throws<DomainException>(() => s.ChangeSeats(D(from), seats)).Field);
        Assert.Equal(3, s.Seats);
    }

    /// <summary>Cancels in order; null expected error means the last one succeeds with the given end.</summary>
    [Theory]
    [InlineData("2026-11-02", "2026-11-02", true)]
    [InlineData("2026-11-01", null, false)]                 // on the start day: nothing would be counted
    [InlineData("2026-10-15", null, false)]
    [InlineData("2026-12-01 2026-11-20", "2026-11-20", true)]  // moved earlier
    [InlineData("2026-12-01 2026-12-15", "2026-12-01", false)] // never later
    public void Cancel_EndDateIsTheFirstDayNotCounted(string ends, string? expectedEnd, bool lastSucceeds)
    {
        var s = Make();
        var list = ends.Split(' ');
        foreach (var end in list[..^1]) s.Cancel(D(end));
        if (lastSucceeds) s.Cancel(D(list[^1]));
        else Assert.Equal("endDate", Assert.Throws<DomainException>(() => s.Cancel(D(list[^1]))).Field);
        Assert.Equal(expectedEnd is null ? null : D(expectedEnd), s.EndDate);
        if (s.EndDate is { } e)
        {
            Assert.True(s.IsActiveOn(e.AddDays(-1)));
            Assert.False(s.IsActiveOn(e));
        }
    }

    [Fact]
    public void Cancel_DropsSeatChangesFromTheEndOn()
    {
        var s = Make();
        s.ChangeSeats(D("2026-11-20"), 6);
        s.ChangeSeats(D("2026-12-01"), 9);
        var dropped = s.Cancel(D("2026-12-01"));
        Assert.Equal(D("2026-12-01"), Assert.Single(dropped).From);
        Assert.Equal(6, s.Seats);
        Assert.Equal(2, s.SeatChanges.Count);
    }

    [Theory]
    [InlineData(null, "2026-11-26", "2019-03-15", null)]         // nothing approved yet: the partner's history is open
    [InlineData("2026-09", "2026-11-26", "2026-10-01", null)]    // the first day after the last approved period
    [InlineData("2026-09", "2026-11-26", "2026-09-30", "startDate")]
    [InlineData("2026-10", "2026-11-26", "2026-10-31", "startDate")]
    [InlineData("2026-10", "2026-11-26", "2026-11-01", null)]
    [InlineData(null, "2026-11-26", "2027-11-27", null)]         // 366 days ahead
    [InlineData(null, "2026-11-26", "2027-11-28", "startDate")]
    [InlineData("2025-11", "2026-01-03", "2025-12-01", null)]    // across the year
    [InlineData("2025-12", "2026-01-03", "2025-12-31", "startDate")]
    public void OpenPeriods_NothingInAnApprovedPeriod_AnyPastDayWhenNoneIsApproved(string? lastApproved, string today, string day, string? field)
    {
        var approved = lastApproved is null ? (Period?)null : Period.Parse(lastApproved);
        var ex = Record.Exception(() => OpenPeriods.EnsureOpen(D(day), D(today), approved, "startDate"));
        Assert.Equal(field, (ex as DomainException)?.Field);
        if (field is null) Assert.Null(ex);
    }

    [Theory]
    [InlineData("2026-11-26", false)]
    [InlineData("2026-11-27", true)]
    public void OpenPeriods_RefusesFutureDaysWhereNotAllowed(string day, bool refused)
    {
        var ex = Record.Exception(() => OpenPeriods.EnsureOpen(D(day), D("2026-11-26"), null, "from", allowFuture: false));
        Assert.Equal(refused, ex is DomainException { Field: "from" });
    }
}

using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Customers;

namespace PartnerPortal.Tests.Domain.Customers;

public sealed class SwitchingTimelineTests
{
    // notice, transitional days, retrieval days → first day after the transitional period, first day after the retrieval
    // window (= anonymisation day). Computed by hand on a calendar.
    [Theory]
    [InlineData("2026-11-26", 30, 30, "2026-12-26", "2027-01-25")] // the defaults, over the turn of the year
    [InlineData("2026-01-31", 30, 30, "2026-03-02", "2026-04-01")] // February 2026 has 28 days
    [InlineData("2028-01-31", 30, 30, "2028-03-01", "2028-03-31")] // February 2028 has 29
    [InlineData("2028-02-01", 14, 45, "2028-02-15", "2028-03-31")]
    [InlineData("2026-03-29", 0, 30, "2026-03-29", "2026-04-28")] // no transitional period: retrieval starts at once
    public void From_AddsTheTransitionalPeriodThenTheRetrievalWindow(string notice, int transitional, int retrieval, string transitionEnds, string retrievalEnds)
    {
        var t = SwitchingTimeline.From(DateOnly.Parse(notice), transitional, retrieval);
        Assert.Equal(DateOnly.Parse(transitionEnds), t.TransitionEndsExclusive);
        Assert.Equal(DateOnly.Parse(retrievalEnds), t.RetrievalEndsExclusive);
        Assert.Equal(t.RetrievalEndsExclusive, t.AnonymiseFrom);
    }

    [Theory]
    [InlineData("2026-11-26", SwitchingPhase.Transitional)]
    [InlineData("2026-12-25", SwitchingPhase.Transitional)]
    [InlineData("2026-12-26", SwitchingPhase.Retrieval)]
    [InlineData("2027-01-24", SwitchingPhase.Retrieval)]
    [InlineData("2027-01-25", SwitchingPhase.Ended)]
    public void PhaseOn_IsHalfOpen(string today, SwitchingPhase expected) =>
        Assert.Equal(expected, SwitchingTimeline.From(new DateOnly(2026, 11, 26), 30, 30).PhaseOn(DateOnly.Parse(today)));

    [Theory]
    [InlineData(31, 30, "transitionalDays")] // the Data Act's maximum transitional period is 30 days
    [InlineData(-1, 30, "transitionalDays")]
    [InlineData(30, 29, "retrievalDays")] // and its minimum retrieval period 30
    public void From_RefusesPeriodsTheDataActDoesNotAllow(int transitional, int retrieval, string field) =>
        Assert.Equal(field, Assert.Throws<DomainException>(() => SwitchingTimeline.From(new DateOnly(2026, 11, 26), transitional, retrieval)).Field);
}

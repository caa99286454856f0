using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Customers;

/// <summary>
/// The switching timeline of the EU Data Act (Regulation (EU) 2023/2854, Art. 25) for a customer that gave notice to
/// leave: after the notice the <b>transitional period</b> (at most 30 days) runs, in which the service continues and the
/// switch is carried out; then the <b>data retrieval window</b> (at least 30 days) in which the customer can still take
/// its data back. After it the portal anonymises the customer's personal data and keeps the billing records.
/// <para>
/// All ranges are half-open local days. Example: notice on 2026-11-26 with 30 + 30 days: transitional period
/// [2026-11-26, 2026-12-26), retrieval window [2026-12-26, 2027-01-25), anonymised from 2027-01-25 on.
/// </para>
/// </summary>
public sealed record SwitchingTimeline(DateOnly NoticeDate, DateOnly TransitionEndsExclusive, DateOnly RetrievalEndsExclusive)
{
    /// <summary>The Data Act's longest transitional period (Art. 25(2)(a)).</summary>
    public const int MaxTransitionalDays = 30;

    /// <summary>The Data Act's shortest data retrieval period (Art. 25(2)(d)).</summary>
    public const int MinRetrievalDays = 30;

    /// <summary>The day from which the customer's personal data is anonymised: the first day after the retrieval window.</summary>
    public DateOnly AnonymiseFrom => RetrievalEndsExclusive;

    public static SwitchingTimeline From(DateOnly noticeDate, int transitionalDays, int retrievalDays)
    {
        if (transitionalDays is < 0 or > MaxTransitionalDays)
            throw new DomainException($"The transitional period is 0 to {MaxTransitionalDays} days (EU Data Act Art. 25).", "transitionalDays");
        if (retrievalDays < MinRetrievalDays)
            throw new DomainException($"The data retrieval window is at least {MinRetrievalDays} days (EU Data Act Art. 25).", "retrievalDays");
        var transitionEnds = noticeDate.AddDays(transitionalDays);
        return new SwitchingTimeline(noticeDate, transitionEnds, transitionEnds.AddDays(retrievalDays));
    }

    /// <summary>Where <paramref name="today"/> lies: in the transitional period, the retrieval window, or past both.</summary>
    public SwitchingPhase PhaseOn(DateOnly today) =>
        today < TransitionEndsExclusive ? SwitchingPhase.Transitional
        : today < RetrievalEndsExclusive ? SwitchingPhase.Retrieval
        : SwitchingPhase.Ended;
}

public enum SwitchingPhase
{
    Transitional,
    Retrieval,
    Ended,
}

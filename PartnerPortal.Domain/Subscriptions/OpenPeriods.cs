using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Domain.Subscriptions;

/// <summary>
/// THE rule for which days a contract change (a start, a seat change, an end, an attribution move) may take effect on.
/// Until settlement exists, a period counts as "not yet settled" when it is the current period or the previous one
/// (in the installation's time zone): on 2026-11-26 the earliest open day is 2026-10-01. The settlement issue will
/// replace this by "the first day of the oldest period that is not approved".
/// <para>
/// Future days: contract starts, seat changes and ends may lie up to <see cref="MaxDaysAhead"/> days ahead (contracts
/// are signed ahead, typically for the 1st of next month; the limit catches a mistyped year). Attribution moves may
/// not lie in the future: the portal shows a customer to the partner of its open attribution, so a scheduled move
/// would hand the customer over early.
/// </para>
/// </summary>
public static class OpenPeriods
{
    public const int MaxDaysAhead = 366;

    /// <summary>The first day that is still open for changes on <paramref name="today"/>.</summary>
    public static DateOnly EarliestOpenDay(DateOnly today) => Period.Of(today).Previous().FirstDay;

    /// <summary>Refuses a day before the open periods or too far ahead, naming <paramref name="field"/>.</summary>
    public static void EnsureOpen(DateOnly day, DateOnly today, string field, bool allowFuture = true)
    {
        var earliest = EarliestOpenDay(today);
        if (day < earliest)
            throw new DomainException($"{field} must not be before {earliest:yyyy-MM-dd}: earlier periods are closed for changes.", field);
        if (!allowFuture && day > today)
            throw new DomainException($"{field} must not be after today ({today:yyyy-MM-dd}).", field);
        if (day > today.AddDays(MaxDaysAhead))
            throw new DomainException($"{field} must not be more than {MaxDaysAhead} days ahead.", field);
    }
}

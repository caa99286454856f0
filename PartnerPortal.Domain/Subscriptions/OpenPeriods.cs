using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Periods;

namespace PartnerPortal.Domain.Subscriptions;

/// <summary>
/// THE rule for which days a dated change (an attribution's start or move, a commission-plan assignment, a
/// subscription's start, a seat change, a cancel's end date) may take effect on (DESIGN §5 "which dates are open"):
/// nothing may fall into an approved period. Anything on or after the first day after the last approved period is
/// open; with no approved period yet, any past date is open (partners bring their existing book with its history).
/// <para>
/// Future days: contract starts, seat changes, ends and plan assignments may lie up to <see cref="MaxDaysAhead"/> days
/// ahead (contracts are signed ahead, typically for the 1st of next month; the limit catches a mistyped year).
/// Attribution moves may not lie in the future: the portal shows a customer to the partner of its open attribution,
/// so a scheduled move would hand the customer over early.
/// </para>
/// </summary>
/// <example>
/// <code>
/// OpenPeriods.EarliestOpenDay(Period.Parse("2026-09")); // 2026-10-01
/// OpenPeriods.EarliestOpenDay(null);                    // DateOnly.MinValue: every past day is open
/// </code>
/// </example>
public static class OpenPeriods
{
    public const int MaxDaysAhead = 366;

    /// <summary>The first day that is open for changes when <paramref name="lastApproved"/> is the last approved period.</summary>
    public static DateOnly EarliestOpenDay(Period? lastApproved) => lastApproved?.EndExclusive ?? DateOnly.MinValue;

    /// <summary>Refuses a day in an approved period or too far ahead, naming <paramref name="field"/>.</summary>
    public static void EnsureOpen(DateOnly day, DateOnly today, Period? lastApproved, string field, bool allowFuture = true)
    {
        var earliest = EarliestOpenDay(lastApproved);
        if (day < earliest)
            throw new DomainException(
                $"{field} must not be before {earliest:yyyy-MM-dd}: {lastApproved} and earlier periods are settled and approved; " +
                "corrections go into an open period.", field);
        if (!allowFuture && day > today)
            throw new DomainException($"{field} must not be after today ({today:yyyy-MM-dd}).", field);
        if (day > today.AddDays(MaxDaysAhead))
            throw new DomainException($"{field} must not be more than {MaxDaysAhead} days ahead.", field);
    }
}

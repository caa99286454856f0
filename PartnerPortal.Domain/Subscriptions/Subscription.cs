using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Subscriptions;

/// <summary>
/// A contract: a customer × a plan version, from <see cref="StartDate"/> (counted) to <see cref="EndDate"/> (not
/// counted; null while it runs), with seats that may change from a date. The contract partner is the ISV for apps
/// (the ISV stays the customer's contract partner) and the offering partner for partner services.
/// </summary>
public sealed class Subscription
{
    private readonly List<SeatChange> _seatChanges = [];

    private Subscription()
    {
        CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid PlanId { get; private set; }
    public Guid PlanVersionId { get; private set; }
    public Guid? AppId { get; private set; }
    public Guid? PartnerServiceId { get; private set; }
    public Guid ContractPartnerId { get; private set; }
    public DateOnly StartDate { get; private set; }
    /// <summary>The first day the subscription no longer runs (half-open: <c>[StartDate, EndDate)</c>).</summary>
    public DateOnly? EndDate { get; private set; }
    /// <summary>Seats now (the last seat change).</summary>
    public int Seats { get; private set; }
    public IReadOnlyList<SeatChange> SeatChanges => _seatChanges;
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; }
    /// <summary>The client's idempotency key (a form's request id): the same request creates one subscription.</summary>
    public Guid? RequestId { get; private set; }

    public static Subscription Create(Guid customerId, Guid planId, Guid planVersionId, Guid? appId, Guid? partnerServiceId,
        Guid contractPartnerId, DateOnly startDate, int seats, string createdBy, DateTime nowUtc, Guid? requestId = null)
    {
        if ((appId is null) == (partnerServiceId is null))
            throw new DomainException("A subscription is of an app or of a partner service.", "planId");
        if (seats is < 1 or > 1_000_000)
            throw new DomainException("seats must be between 1 and 1,000,000.", "seats");
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(), CustomerId = customerId, PlanId = planId, PlanVersionId = planVersionId, AppId = appId,
            PartnerServiceId = partnerServiceId, ContractPartnerId = contractPartnerId, StartDate = startDate, Seats = seats,
            CreatedAtUtc = nowUtc, CreatedBy = createdBy, RequestId = requestId,
        };
        subscription._seatChanges.Add(new SeatChange(subscription.Id, startDate, seats));
        return subscription;
    }

    public bool IsActiveOn(DateOnly day) => StartDate <= day && (EndDate is null || day < EndDate);

    /// <summary>The seats on <paramref name="day"/>: those of the last change on or before it.</summary>
    public int SeatsOn(DateOnly day) =>
        _seatChanges.Where(c => c.From <= day).OrderBy(c => c.From).Select(c => c.Seats).LastOrDefault(_seatChanges.OrderBy(c => c.From).First().Seats);

    /// <summary>Seats change from <paramref name="from"/> on (the day counts with the new number).</summary>
    public void ChangeSeats(DateOnly from, int seats)
    {
        if (seats is < 1 or > 1_000_000)
            throw new DomainException("seats must be between 1 and 1,000,000.", "seats");
        if (from < StartDate || (EndDate is not null && from >= EndDate))
            throw new DomainException("The seat change must fall within the subscription.", "from");
        // A second change on the same day replaces the first (updated in place: the day is the row's key).
        var sameDay = _seatChanges.FirstOrDefault(c => c.From == from);
        if (sameDay is not null) sameDay.Seats = seats;
        else _seatChanges.Add(new SeatChange(Id, from, seats));
        Seats = _seatChanges.OrderBy(c => c.From).Last().Seats;
    }

    /// <summary>
    /// Ends the subscription: <paramref name="endDate"/> is the first day it no longer runs (proration counts the
    /// start day and not the end day: started 2026-11-10 and cancelled with endDate 2026-11-20 it ran 10 days).
    /// An end may be moved earlier, never later; seat changes from the end on are dropped.
    /// </summary>
    public IReadOnlyList<SeatChange> Cancel(DateOnly endDate)
    {
        if (endDate <= StartDate)
            throw new DomainException($"endDate must be after the start date {StartDate:yyyy-MM-dd}.", "endDate");
        if (EndDate is not null && endDate > EndDate)
            throw new DomainException($"The subscription already ends on {EndDate:yyyy-MM-dd}.", "endDate");
        EndDate = endDate;
        var dropped = _seatChanges.Where(c => c.From >= endDate).ToList();
        foreach (var change in dropped) _seatChanges.Remove(change);
        if (dropped.Count > 0) Seats = _seatChanges.OrderBy(c => c.From).Last().Seats;
        return dropped;
    }
}

/// <summary>From <see cref="From"/> on, the subscription has <see cref="Seats"/> seats.</summary>
public sealed class SeatChange
{
    private SeatChange() { }

    internal SeatChange(Guid subscriptionId, DateOnly from, int seats)
    {
        SubscriptionId = subscriptionId;
        From = from;
        Seats = seats;
    }

    public Guid SubscriptionId { get; private set; }
    public DateOnly From { get; private set; }
    public int Seats { get; internal set; }
}

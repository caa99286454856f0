using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Features.Statements;

/// <summary>Who a statement is for, as the documents print it.</summary>
public sealed record PartyView(Guid Id, string Name, PartnerKind Kind, string? Street, string? Postcode, string? City, string Country, string? VatId,
    string Email)
{
    /// <summary>The address lines that are known, for a letterhead.</summary>
    public IEnumerable<string> AddressLines()
    {
        if (!string.IsNullOrWhiteSpace(Street)) yield return Street;
        var city = string.Join(' ', new[] { Postcode, City }.Where(x => !string.IsNullOrWhiteSpace(x)));
        yield return string.IsNullOrWhiteSpace(city) ? Country : $"{city}, {Country}";
    }
}

/// <summary>A statement in a partner's list.</summary>
public sealed record StatementRow(Guid PartnerId, string PartnerName, string Period, string Number, string Status, decimal Total, string Currency, int Lines);

/// <summary>
/// One line of a statement as the pages and the files show it: the stored line (<see cref="Id"/> is its row id, used by
/// the drill-down's link) with the names of its customer and product.
/// </summary>
public sealed record StatementLineView(long Id, string Kind, Guid? CustomerId, string? CustomerName, Guid? SubscriptionId, string? ProductName,
    decimal Revenue, decimal? Rate, decimal Amount, string? RefersToPeriod, string? Description);

/// <summary>A statement with its lines, in the order of <c>GET /api/v1/partners/{id}/statements/{period}</c>.</summary>
public sealed record StatementView(PartyView Partner, Guid Id, string Period, string Number, string Status, decimal Total, string Currency,
    bool CarriesForward, DateTime CreatedAt, DateTime? ApprovedAt, DateTime? PaidAt, string? PaymentReference, IReadOnlyList<StatementLineView> Lines);

/// <summary>
/// One priced charge of a revenue line, as the settlement stored it in <c>DetailJson</c>. <see cref="Unnamed"/> is the
/// plan's charge when it has no name: the stored label is then the engine's English default, and the page names the
/// charge in its own language instead (<see cref="Catalog.ChargeLabels"/>).
/// </summary>
public sealed record ChargeView(int Charge, string Kind, string? Label, decimal Amount, decimal? Quantity, PartnerPortal.Domain.Pricing.ChargeSpec? Unnamed = null);

/// <summary>A revenue line and every input it was computed from (DESIGN §5 "what a line remembers").</summary>
public sealed record RevenueLineView(long Id, string Period, Guid SubscriptionId, Guid CustomerId, string? AppName, string? ServiceName, string? PlanName,
    int? PlanVersion, string? Category, string Currency, int ActiveDays, long SeatDays, bool Used, long Events, decimal Revenue, decimal PlatformFeeRate,
    decimal PlatformFee, decimal Payout, decimal ServiceFeeRate, decimal ServiceFee, string? AttributedPartnerName, DateOnly? AttributedFrom,
    decimal? CommissionRate, string? CommissionBasis, decimal Commission, string? DistributorName, decimal? OverrideRate, decimal Override,
    IReadOnlyList<ChargeView> Charges, IReadOnlyDictionary<string, decimal> Quantities);

/// <summary>
/// The chain behind one statement line: statement → line → revenue line (with its inputs) → the usage aggregates of the
/// subscription in the period the revenue belongs to (for an adjustment: the corrected period) → the first page of the
/// raw events (the next ones: <see cref="StatementPages.EventsAsync"/>).
/// </summary>
public sealed record LineChainView(Guid PartnerId, string PartnerName, string Period, string Number, string Status, StatementLineView Line,
    RevenueLineView? Revenue, string UsagePeriod, IReadOnlyList<MetricUsageDto> Metrics, Paged<UsageEventRow> Events);

/// <summary>One accepted usage event as the ISV reported it, with the quantity the aggregate counted.</summary>
public sealed record UsageEventRow(long Id, string EventId, string Metric, decimal Quantity, decimal BillableQuantity, DateTime TimestampUtc,
    DateTime ReceivedAtUtc, string? PropertiesJson);

/// <summary>One subscription of an ISV's app in a period: whether it was used decided its platform fee.</summary>
public sealed record IsvSubscriptionRow(Guid SubscriptionId, Guid CustomerId, string CustomerName, bool Used, long Events, decimal Revenue,
    decimal PlatformFeeRate, decimal PlatformFee, decimal Payout);

/// <summary>An ISV's app in one period: revenue, platform fee and payout, summed from the stored revenue lines.</summary>
public sealed record IsvAppPeriodView(string Period, Guid AppId, string AppName, string Currency, int Subscriptions, int Used, decimal Revenue,
    decimal PlatformFee, decimal Payout, IReadOnlyList<IsvSubscriptionRow> Rows);

using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>One usage event of a quote request: <c>{metric, quantity, properties?}</c>.</summary>
public sealed record QuoteEventRequest(string? Metric, decimal Quantity, Dictionary<string, string>? Properties = null);

/// <summary>
/// <c>POST /api/v1/pricing/quote</c> (DESIGN §8). <c>currency</c> and <c>metrics</c> are optional extras: with
/// <c>metrics</c> (the app's definitions), events are rounded and aggregated as the app would.
/// </summary>
public sealed record QuoteRequest
{
    public IReadOnlyList<ChargeSpec>? Charges { get; init; }
    public Dictionary<string, decimal>? Quantities { get; init; }
    public IReadOnlyList<QuoteEventRequest>? Events { get; init; }
    public int? Seats { get; init; }
    public int? ActiveDays { get; init; }
    public int? DaysInPeriod { get; init; }
    public decimal? MinimumCommitment { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<MetricDto>? Metrics { get; init; }
}

/// <summary>A line of a quote: <c>charge</c> is the charge's name (or its default label); the rest are extras.</summary>
public sealed record QuoteLineDto(string Charge, decimal Amount, int? Index, string Kind, decimal? Quantity);

/// <summary><c>{lines:[{charge, amount}], total}</c>, amounts rounded to cents.</summary>
public sealed record QuoteAnswer(IReadOnlyList<QuoteLineDto> Lines, decimal Total, string Currency);

/// <summary>
/// The one way a quote is made, for the API and for the plan editor's live preview alike: the request is mapped to
/// <see cref="QuoteInput"/> and priced by <see cref="PricingEngine.Quote"/>, so both always show the same numbers.
/// </summary>
public static class PricingQuotes
{
    /// <summary>Prices the request, or throws a 400 <see cref="RequestRejectedException"/> naming every field at fault.</summary>
    public static QuoteAnswer Quote(QuoteRequest request)
    {
        var (answer, errors) = TryQuote(request);
        if (answer is null) throw RequestRejectedException.Invalid(errors);
        return answer;
    }

    /// <summary>Prices the request; on bad input the answer is null and the errors carry the field paths.</summary>
    public static (QuoteAnswer? Answer, IReadOnlyList<FieldError> Errors) TryQuote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        List<UsageMetric>? metrics = null;
        if (request.Metrics is not null)
        {
            metrics = [];
            for (var i = 0; i < request.Metrics.Count; i++)
            {
                try
                {
                    metrics.Add(request.Metrics[i].ToDomain().ToUsageMetric());
                }
                catch (Domain.Common.DomainException ex)
                {
                    errors.Add(new($"metrics[{i}].{ex.Field ?? "code"}", ex.Message));
                }
            }
        }

        if (request.Seats is < 0) errors.Add(new("seats", "seats must not be negative."));
        if (errors.Count > 0) return (null, errors);

        var input = new QuoteInput
        {
            Charges = request.Charges ?? [],
            Quantities = request.Quantities,
            Events = request.Events?.Select(e => e is null ? null! : new UsageEvent(e.Metric ?? "", e.Quantity, e.Properties)).ToList(),
            Metrics = metrics,
            Seats = request.Seats ?? 1,
            ActiveDays = request.ActiveDays,
            DaysInPeriod = request.DaysInPeriod,
            MinimumCommitment = request.MinimumCommitment,
            Currency = request.Currency ?? Domain.Money.Money.DefaultCurrency,
        };

        try
        {
            var quote = PricingEngine.Quote(input);
            var lines = quote.Lines.Select(l => new QuoteLineDto(l.Label, l.Amount.Amount, l.ChargeIndex,
                l.Kind == QuoteLineKind.Charge ? "charge" : "minimumCommitment", l.Quantity)).ToList();
            return (new QuoteAnswer(lines, quote.Total.Amount, quote.Currency), []);
        }
        catch (PricingValidationException ex)
        {
            return (null, ToFieldErrors(ex.Errors));
        }
    }

    public static IReadOnlyList<FieldError> ToFieldErrors(IEnumerable<PricingError> errors) =>
        errors.Select(e => new FieldError(e.Field, e.Message)).ToList();
}

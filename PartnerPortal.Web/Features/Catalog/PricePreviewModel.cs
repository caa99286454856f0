using System.Globalization;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>
/// What the plan editor's preview prices: quantities per metric or a list of events, seats and the active part of
/// the period. <see cref="Compute"/> goes through <see cref="PricingQuotes.TryQuote"/> — the same function as
/// <c>POST /api/v1/pricing/quote</c> — so the preview and the API never disagree.
/// </summary>
public sealed class PricePreviewModel
{
    public Dictionary<string, decimal?> Quantities { get; } = new(StringComparer.Ordinal);
    public bool UseEvents { get; set; }

    /// <summary>One event per line: <c>metric quantity</c>, e.g. <c>minutes 1.5</c>; a decimal comma is fine.</summary>
    public string EventsText { get; set; } = "";
    public int? Seats { get; set; } = 1;
    public int? ActiveDays { get; set; }
    public int? DaysInPeriod { get; set; }

    public QuoteAnswer? Answer { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public QuoteRequest BuildRequest(IReadOnlyList<Domain.Pricing.ChargeSpec> charges, IReadOnlyList<MetricDto> metrics, decimal? minimumCommitment, string currency, List<FieldError> parseErrors) =>
        new()
        {
            Charges = charges,
            Quantities = UseEvents ? null : Quantities.Where(q => q.Value is not null).ToDictionary(q => q.Key, q => q.Value!.Value, StringComparer.Ordinal),
            Events = UseEvents ? ParseEvents(EventsText, parseErrors) : null,
            Seats = Seats,
            ActiveDays = ActiveDays,
            DaysInPeriod = ActiveDays is null && DaysInPeriod is null ? null : DaysInPeriod,
            MinimumCommitment = minimumCommitment,
            Currency = currency,
            Metrics = metrics.Count == 0 ? null : metrics,
        };

    /// <summary>Prices the builder's charges with the preview's inputs.</summary>
    public void Compute(ChargeBuilderModel builder)
    {
        var parseErrors = new List<FieldError>();
        var request = BuildRequest(builder.ToSpecs(), builder.Metrics, builder.MinimumCommitment, builder.Currency, parseErrors);
        if (parseErrors.Count > 0)
        {
            (Answer, Errors) = (null, parseErrors);
            return;
        }

        (Answer, Errors) = PricingQuotes.TryQuote(request);
    }

    public static List<QuoteEventRequest> ParseEvents(string text, List<FieldError> errors)
    {
        var events = new List<QuoteEventRequest>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !decimal.TryParse(parts[1].Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity))
            {
                errors.Add(new($"events[{i}]", $"Line {i + 1}: write 'metric quantity', e.g. 'minutes 1.5'."));
                continue;
            }

            events.Add(new QuoteEventRequest(parts[0], quantity));
        }

        return events;
    }
}

namespace PartnerPortal.Domain.Pricing;

using PartnerPortal.Domain.Money;

/// <summary>
/// Prices one period of a plan's charges (DESIGN §4): the single pure function behind the public
/// quote endpoint, the plan editor's live preview and the settlement's rating.
/// </summary>
/// <remarks>
/// <para>Per charge: <c>flat</c> = amount × activeDays / daysInPeriod; <c>perSeat</c> = seats ×
/// unitPrice × activeDays / daysInPeriod; <c>oneTime</c> = amount when the subscription starts in
/// the period, else 0; <c>usage</c> = its <see cref="ChargeModel"/> applied to the metric's
/// billable quantity (usage is not prorated, and neither are free units or free events).</para>
/// <para>Each charge is computed at full decimal precision and rounded once to cents, half away
/// from zero; the total is the sum of the rounded lines. When that total is below the minimum
/// commitment prorated like a flat fee, a top-up line of (prorated minimum − total), rounded,
/// is added.</para>
/// </remarks>
/// <example>
/// <code>
/// var quote = PricingEngine.Quote(new QuoteInput
/// {
///     Charges =
///     [
///         new ChargeSpec { Type = "flat", Amount = 20m },
///         new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.05m, FreeUnits = 100 },
///     ],
///     Quantities = new Dictionary&lt;string, decimal&gt; { ["minutes"] = 250 },
///     MinimumCommitment = 50m,
/// });
/// // lines: 20.00, 7.50, minimum commitment top-up 22.50; total 50.00
/// </code>
/// </example>
public static class PricingEngine
{
    /// <summary>Label of the minimum commitment top-up line.</summary>
    public const string MinimumCommitmentLabel = "Minimum commitment top-up";

    /// <summary>
    /// Every problem with <paramref name="input"/>: the charges (via <see cref="ChargeValidator"/>,
    /// restricted to <see cref="QuoteInput.Metrics"/> when given) and the quote's own fields, with
    /// paths such as <c>seats</c>, <c>activeDays</c>, <c>events[3].quantity</c>, <c>quantities.minutes</c>.
    /// </summary>
    public static IReadOnlyList<PricingError> Validate(QuoteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<PricingError>();

        HashSet<string>? knownMetrics = null;
        if (input.Metrics is not null)
        {
            knownMetrics = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < input.Metrics.Count; i++)
            {
                if (input.Metrics[i] is null)
                {
                    errors.Add(new($"metrics[{i}]", "A metric is required here, not null."));
                }
                else if (!knownMetrics.Add(input.Metrics[i].Code))
                {
                    errors.Add(new($"metrics[{i}].code", $"The metric '{input.Metrics[i].Code}' is defined more than once."));
                }
            }
        }

        errors.AddRange(ChargeValidator.Validate(input.Charges, knownMetrics, input.MinimumCommitment));

        if (!Money.IsValidCurrency(input.Currency))
        {
            errors.Add(new("currency", $"'{input.Currency}' is not a currency code: use three letters such as EUR."));
        }

        if (input.Seats < 0)
        {
            errors.Add(new("seats", "seats must not be negative."));
        }

        if (input.DaysInPeriod is { } days && days is < 1 or > 31)
        {
            errors.Add(new("daysInPeriod", "daysInPeriod must be between 1 and 31."));
        }

        if (input.SeatDays is { } seatDaysGiven)
        {
            if (input.DaysInPeriod is null)
            {
                errors.Add(new("daysInPeriod", "daysInPeriod is required when seatDays is given."));
            }
            else if (seatDaysGiven < 0 || seatDaysGiven > (long)input.DaysInPeriod * 1_000_000)
            {
                errors.Add(new("seatDays", "seatDays must be between 0 and daysInPeriod × 1,000,000."));
            }
        }

        if (input.ActiveDays is { } active)
        {
            if (input.DaysInPeriod is null)
            {
                errors.Add(new("daysInPeriod", "daysInPeriod is required when activeDays is given."));
            }
            else if (active < 0 || active > input.DaysInPeriod)
            {
                errors.Add(new("activeDays", $"activeDays must be between 0 and daysInPeriod ({input.DaysInPeriod})."));
            }
        }

        if (input.Quantities is not null)
        {
            foreach (var (metric, quantity) in input.Quantities)
            {
                if (quantity < 0m)
                {
                    errors.Add(new($"quantities.{metric}", "A quantity must not be negative."));
                }
            }
        }

        if (input.Events is not null)
        {
            for (var i = 0; i < input.Events.Count; i++)
            {
                var e = input.Events[i];
                if (e is null)
                {
                    errors.Add(new($"events[{i}]", "An event is required here, not null."));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(e.Metric))
                {
                    errors.Add(new($"events[{i}].metric", "metric is required for every event."));
                }

                if (e.Quantity < 0m)
                {
                    errors.Add(new($"events[{i}].quantity", "quantity must not be negative."));
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// Prices <paramref name="input"/>: one line per charge in input order, rounded once to cents,
    /// plus a minimum commitment top-up line when due; the total is the sum of the lines.
    /// </summary>
    /// <exception cref="PricingValidationException">
    /// <see cref="Validate"/> found errors, or an amount exceeds the range of <see cref="decimal"/>
    /// (about 7.9e28; the error then names the charge).
    /// </exception>
    public static Quote Quote(QuoteInput input)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            throw new PricingValidationException(errors);
        }

        var currency = Money.NormalizeCurrency(input.Currency);
        var daysInPeriod = input.DaysInPeriod ?? 1;
        var activeDays = input.ActiveDays ?? daysInPeriod;

        var lines = new List<QuoteLine>(input.Charges.Count + 1);
        var overflows = new List<PricingError>();
        for (var i = 0; i < input.Charges.Count; i++)
        {
            var charge = input.Charges[i];
            try
            {
                var (amount, quantity) = charge.GetChargeType() switch
                {
                    ChargeType.Flat => (Prorate(charge.Amount!.Value, activeDays, daysInPeriod), (decimal?)null),
                    ChargeType.PerSeat when input.SeatDays is { } seatDays => (charge.UnitPrice!.Value * seatDays / daysInPeriod, input.Seats),
                    ChargeType.PerSeat => (Prorate(input.Seats * charge.UnitPrice!.Value, activeDays, daysInPeriod), input.Seats),
                    ChargeType.OneTime => (input.IncludesStart ? charge.Amount!.Value : 0m, null),
                    _ => PriceUsage(charge, input),
                };

                lines.Add(new QuoteLine(i, QuoteLineKind.Charge, LabelOf(charge), new Money(MoneyRounding.ToCents(amount), currency), amount, quantity));
            }
            catch (OverflowException)
            {
                overflows.Add(new($"charges[{i}]", "The amount of this charge is too large to compute; check the quantities and prices."));
            }
        }

        if (overflows.Count > 0)
        {
            throw new PricingValidationException(overflows);
        }

        decimal chargesTotal;
        try
        {
            chargesTotal = lines.Sum(l => l.Amount.Amount);
        }
        catch (OverflowException)
        {
            throw new PricingValidationException([new("charges", "The total of the charges is too large to compute.")]);
        }

        if (input.MinimumCommitment is { } minimum)
        {
            var proratedMinimum = Prorate(minimum, activeDays, daysInPeriod);
            var topUp = proratedMinimum - chargesTotal;
            if (MoneyRounding.ToCents(topUp) > 0m)
            {
                lines.Add(new QuoteLine(null, QuoteLineKind.MinimumCommitment, MinimumCommitmentLabel,
                    new Money(MoneyRounding.ToCents(topUp), currency), topUp, null));
            }
        }

        return new Quote(currency, lines, new Money(lines.Sum(l => l.Amount.Amount), currency));
    }

    /// <summary>The default label of a charge without a name, e.g. "Usage minutes (graduated)".</summary>
    public static string DefaultLabel(ChargeSpec charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        return charge.GetChargeType() switch
        {
            ChargeType.Flat => "Flat fee",
            ChargeType.PerSeat => "Per seat",
            ChargeType.OneTime => "One-time fee",
            _ => $"Usage {charge.Metric} ({ApiNames.Of(charge.GetModel()!.Value)})",
        };
    }

    private static string LabelOf(ChargeSpec charge) =>
        string.IsNullOrWhiteSpace(charge.Name) ? DefaultLabel(charge) : charge.Name.Trim();

    // Multiply before dividing, so that 31.00 × 10 / 31 is exactly 10.00 and not 9.99…
    private static decimal Prorate(decimal amount, int activeDays, int daysInPeriod) =>
        activeDays == daysInPeriod ? amount : amount * activeDays / daysInPeriod;

    private static (decimal Amount, decimal? Quantity) PriceUsage(ChargeSpec charge, QuoteInput input)
    {
        var (units, eventValues) = UsageOf(charge.Metric!, input);
        var amount = charge.GetModel()!.Value switch
        {
            ChargeModel.PerUnit => UsageModels.PerUnit(units, charge.UnitPrice!.Value, charge.FreeUnits ?? 0m),
            ChargeModel.Graduated => UsageModels.Graduated(units, charge.Tiers!),
            ChargeModel.Volume => UsageModels.Volume(units, charge.Tiers!),
            ChargeModel.Package => UsageModels.Package(units, charge.PackageSize!.Value, charge.PackagePrice!.Value, charge.FreeUnits ?? 0m),
            _ => UsageModels.Percentage(eventValues, charge),
        };
        return (amount, units);
    }

    /// <summary>The billable quantity of a metric and the per-event values a percentage charge uses.</summary>
    private static (decimal Units, IReadOnlyList<decimal> EventValues) UsageOf(string metric, QuoteInput input)
    {
        var events = input.Events?.Where(e => string.Equals(e.Metric, metric, StringComparison.Ordinal)).ToList() ?? [];
        if (events.Count > 0)
        {
            var definition = input.Metrics?.FirstOrDefault(m => string.Equals(m.Code, metric, StringComparison.Ordinal));
            if (definition is null)
            {
                return (events.Sum(e => e.Quantity), events.Select(e => e.Quantity).ToList());
            }

            return (UsageAggregation.Aggregate(definition, events),
                events.Select(e => UsageAggregation.ApplyRounding(definition, e.Quantity)).ToList());
        }

        var quantity = input.Quantities is not null && input.Quantities.TryGetValue(metric, out var q) ? q : 0m;

        // A quantity without events is one event of that value; no usage is no event (no fixed fee).
        return (quantity, quantity > 0m ? [quantity] : []);
    }
}

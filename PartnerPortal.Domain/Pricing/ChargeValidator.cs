using System.Globalization;

namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// Checks a plan's charges against DESIGN §4 before they are stored or priced, and reports every
/// problem with the JSON path of the field at fault, e.g. <c>charges[1].tiers[2].upTo</c>.
/// </summary>
/// <remarks>
/// Rules: a known <c>type</c> (and, for usage, a known <c>model</c> and a <c>metric</c> that is in
/// <c>knownMetrics</c> when that set is given); the fields the type/model needs; no field the
/// type/model does not use; no negative prices, fees, amounts or free units; rates in 0..1; at
/// most 10 decimal places in prices, fees and rates; <c>packageSize</c> above 0;
/// <c>minPerEvent ≤ maxPerEvent</c>; tiers present, strictly ascending, only the last one open
/// and the last one open. An empty list is an error on <c>charges</c>.
/// Upper bounds keep every quote far inside <see cref="decimal"/>'s range (about 7.9e28), also after
/// proration: amounts, fees and the minimum commitment at most <see cref="MaxAmount"/>, unit prices
/// at most <see cref="MaxUnitPrice"/>, tier bounds, free units and package sizes at most
/// <see cref="MaxQuantity"/>.
/// </remarks>
/// <example>
/// <code>
/// ChargeValidator.Validate([new ChargeSpec { Type = "flat" }], null, null);
/// // [ PricingError("charges[0].amount", "amount is required for a flat charge.") ]
/// </code>
/// </example>
public static class ChargeValidator
{
    /// <summary>Most decimal places a price, fee or rate may have (DESIGN §3).</summary>
    public const int MaxDecimals = 10;

    /// <summary>Largest amount, fee, package price or minimum commitment accepted (1,000,000,000).</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Largest price per unit or per seat accepted (1,000,000).</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>Largest tier bound (<c>upTo</c>), free units or package size accepted (1e12).</summary>
    public const decimal MaxQuantity = 1_000_000_000_000m;

    /// <summary>Longest charge name accepted.</summary>
    public const int MaxNameLength = 100;

    private static readonly string TypeNames = string.Join(", ", ApiNames.All<ChargeType>());
    private static readonly string ModelNames = string.Join(", ", ApiNames.All<ChargeModel>());

    /// <summary>
    /// Validates <paramref name="charges"/> and an optional <paramref name="minimumCommitment"/>.
    /// Returns an empty list when everything is valid.
    /// </summary>
    /// <param name="charges">The plan's charges, in plan order (paths use these indexes).</param>
    /// <param name="knownMetrics">The metric codes of the app; <c>null</c> skips the metric check.</param>
    /// <param name="minimumCommitment">The plan's minimum per period, if any.</param>
    public static IReadOnlyList<PricingError> Validate(
        IReadOnlyList<ChargeSpec>? charges,
        IReadOnlySet<string>? knownMetrics,
        decimal? minimumCommitment)
    {
        var errors = new List<PricingError>();
        if (charges is null || charges.Count == 0)
        {
            errors.Add(new("charges", "At least one charge is required."));
        }
        else
        {
            for (var i = 0; i < charges.Count; i++)
            {
                ValidateCharge(charges[i], $"charges[{i}]", knownMetrics, errors);
            }
        }

        Price(errors, minimumCommitment, "minimumCommitment", "a plan", required: false);
        return errors;
    }

    private static void ValidateCharge(ChargeSpec? charge, string path, IReadOnlySet<string>? knownMetrics, List<PricingError> errors)
    {
        if (charge is null)
        {
            errors.Add(new(path, "A charge is required here, not null."));
            return;
        }

        if (charge.Name is { Length: > MaxNameLength })
        {
            errors.Add(new($"{path}.name", $"name must be at most {MaxNameLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(charge.Type))
        {
            errors.Add(new($"{path}.type", $"type is required: one of {TypeNames}."));
            return;
        }

        if (!ApiNames.TryParse(charge.Type, out ChargeType type))
        {
            errors.Add(new($"{path}.type", $"'{charge.Type}' is not a charge type: use one of {TypeNames}."));
            return;
        }

        var kind = $"a {ApiNames.Of(type)} charge";
        switch (type)
        {
            case ChargeType.Flat:
            case ChargeType.OneTime:
                Price(errors, charge.Amount, $"{path}.amount", kind, required: true);
                CheckNoOtherFields(charge, path, kind, errors, "amount");
                return;

            case ChargeType.PerSeat:
                Price(errors, charge.UnitPrice, $"{path}.unitPrice", kind, required: true, MaxUnitPrice);
                CheckNoOtherFields(charge, path, kind, errors, "unitPrice");
                return;

            case ChargeType.Usage:
                ValidateUsage(charge, path, knownMetrics, errors);
                return;
        }
    }

    private static void ValidateUsage(ChargeSpec charge, string path, IReadOnlySet<string>? knownMetrics, List<PricingError> errors)
    {
        if (string.IsNullOrWhiteSpace(charge.Metric))
        {
            errors.Add(new($"{path}.metric", "metric is required for a usage charge: the code of the metric it is priced from."));
        }
        else if (knownMetrics is not null && !knownMetrics.Contains(charge.Metric))
        {
            errors.Add(new($"{path}.metric", knownMetrics.Count == 0
                ? $"'{charge.Metric}' is not a metric of this app; the app defines no metrics."
                : $"'{charge.Metric}' is not a metric of this app: use one of {string.Join(", ", knownMetrics.Order(StringComparer.Ordinal))}."));
        }

        if (string.IsNullOrWhiteSpace(charge.Model))
        {
            errors.Add(new($"{path}.model", $"model is required for a usage charge: one of {ModelNames}."));
            return;
        }

        if (!ApiNames.TryParse(charge.Model, out ChargeModel model))
        {
            errors.Add(new($"{path}.model", $"'{charge.Model}' is not a usage model: use one of {ModelNames}."));
            return;
        }

        var kind = $"the {ApiNames.Of(model)} model";
        switch (model)
        {
            case ChargeModel.PerUnit:
                Price(errors, charge.UnitPrice, $"{path}.unitPrice", kind, required: true, MaxUnitPrice);
                Quantity(errors, charge.FreeUnits, $"{path}.freeUnits");
                CheckNoOtherFields(charge, path, kind, errors, "metric", "model", "unitPrice", "freeUnits");
                break;

            case ChargeModel.Graduated:
            case ChargeModel.Volume:
                ValidateTiers(charge.Tiers, path, kind, errors);
                CheckNoOtherFields(charge, path, kind, errors, "metric", "model", "tiers");
                break;

            case ChargeModel.Package:
                if (charge.PackageSize is null)
                {
                    errors.Add(new($"{path}.packageSize", $"packageSize is required for {kind}."));
                }
                else if (charge.PackageSize <= 0m)
                {
                    errors.Add(new($"{path}.packageSize", "packageSize must be greater than 0."));
                }
                else if (charge.PackageSize > MaxQuantity)
                {
                    errors.Add(new($"{path}.packageSize", $"packageSize must be at most {Text(MaxQuantity)}."));
                }

                Price(errors, charge.PackagePrice, $"{path}.packagePrice", kind, required: true);
                Quantity(errors, charge.FreeUnits, $"{path}.freeUnits");
                CheckNoOtherFields(charge, path, kind, errors, "metric", "model", "packageSize", "packagePrice", "freeUnits");
                break;

            case ChargeModel.Percentage:
                if (charge.Rate is null)
                {
                    errors.Add(new($"{path}.rate", $"rate is required for {kind}."));
                }
                else if (charge.Rate is < 0m or > 1m)
                {
                    errors.Add(new($"{path}.rate", "rate must be between 0 and 1, a fraction: 0.013 is 1.3 %."));
                }
                else if (TooManyDecimals(charge.Rate.Value))
                {
                    errors.Add(new($"{path}.rate", $"rate may have at most {MaxDecimals} decimal places."));
                }

                Price(errors, charge.FixedFeePerEvent, $"{path}.fixedFeePerEvent", kind, required: false);
                if (charge.FreeEvents is < 0)
                {
                    errors.Add(new($"{path}.freeEvents", "freeEvents must not be negative."));
                }

                Price(errors, charge.FreeAmount, $"{path}.freeAmount", kind, required: false);
                Price(errors, charge.MinPerEvent, $"{path}.minPerEvent", kind, required: false);
                Price(errors, charge.MaxPerEvent, $"{path}.maxPerEvent", kind, required: false);
                if (charge.MinPerEvent is { } min && charge.MaxPerEvent is { } max && min > max)
                {
                    errors.Add(new($"{path}.minPerEvent", $"minPerEvent ({Text(min)}) must not be greater than maxPerEvent ({Text(max)})."));
                }

                CheckNoOtherFields(charge, path, kind, errors,
                    "metric", "model", "rate", "fixedFeePerEvent", "freeEvents", "freeAmount", "minPerEvent", "maxPerEvent");
                break;
        }
    }

    private static void ValidateTiers(IReadOnlyList<TierSpec>? tiers, string path, string kind, List<PricingError> errors)
    {
        if (tiers is null || tiers.Count == 0)
        {
            errors.Add(new($"{path}.tiers", $"tiers are required for {kind}: at least one tier, the last with upTo null."));
            return;
        }

        decimal? previous = null;
        for (var j = 0; j < tiers.Count; j++)
        {
            var tierPath = $"{path}.tiers[{j}]";
            var tier = tiers[j];
            if (tier is null)
            {
                errors.Add(new(tierPath, "A tier is required here, not null."));
                continue;
            }

            var isLast = j == tiers.Count - 1;
            if (tier.UpTo is not { } upTo)
            {
                if (!isLast)
                {
                    errors.Add(new($"{tierPath}.upTo", "Only the last tier may be open (upTo null); give this tier an upper bound."));
                }
            }
            else
            {
                if (isLast)
                {
                    errors.Add(new($"{tierPath}.upTo", "The last tier must be open: set upTo to null so that every unit has a price."));
                }

                if (upTo > MaxQuantity)
                {
                    errors.Add(new($"{tierPath}.upTo", $"upTo must be at most {Text(MaxQuantity)}; leave the last tier open instead."));
                }
                else if (upTo <= (previous ?? 0m))
                {
                    errors.Add(new($"{tierPath}.upTo", previous is null
                        ? "upTo must be greater than 0."
                        : $"Tiers must be strictly ascending: upTo must be greater than the previous tier's upTo ({Text(previous.Value)})."));
                }

                previous = previous is null ? upTo : Math.Max(previous.Value, upTo);
            }

            Price(errors, tier.UnitPrice, $"{tierPath}.unitPrice", "every tier", required: true, MaxUnitPrice);
            Price(errors, tier.FlatFee, $"{tierPath}.flatFee", "every tier", required: false);
        }
    }

    /// <summary>A price, fee or amount: required when asked, not negative, at most <paramref name="max"/>, at most 10 decimals.</summary>
    private static void Price(List<PricingError> errors, decimal? value, string path, string kind, bool required, decimal max = MaxAmount)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        if (value is not { } v)
        {
            if (required)
            {
                errors.Add(new(path, $"{field} is required for {kind}."));
            }

            return;
        }

        if (v < 0m)
        {
            errors.Add(new(path, $"{field} must not be negative."));
        }
        else if (v > max)
        {
            errors.Add(new(path, $"{field} must be at most {Text(max)}."));
        }
        else if (TooManyDecimals(v))
        {
            errors.Add(new(path, $"{field} may have at most {MaxDecimals} decimal places."));
        }
    }

    private static void Quantity(List<PricingError> errors, decimal? value, string path)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        if (value is < 0m)
        {
            errors.Add(new(path, $"{field} must not be negative."));
        }
        else if (value > MaxQuantity)
        {
            errors.Add(new(path, $"{field} must be at most {Text(MaxQuantity)}."));
        }
    }

    private static void CheckNoOtherFields(ChargeSpec charge, string path, string kind, List<PricingError> errors, params string[] allowed)
    {
        (string Field, bool Present)[] fields =
        [
            ("amount", charge.Amount is not null),
            ("unitPrice", charge.UnitPrice is not null),
            ("metric", charge.Metric is not null),
            ("model", charge.Model is not null),
            ("freeUnits", charge.FreeUnits is not null),
            ("tiers", charge.Tiers is not null),
            ("packageSize", charge.PackageSize is not null),
            ("packagePrice", charge.PackagePrice is not null),
            ("rate", charge.Rate is not null),
            ("fixedFeePerEvent", charge.FixedFeePerEvent is not null),
            ("freeEvents", charge.FreeEvents is not null),
            ("freeAmount", charge.FreeAmount is not null),
            ("minPerEvent", charge.MinPerEvent is not null),
            ("maxPerEvent", charge.MaxPerEvent is not null),
        ];

        foreach (var (field, present) in fields)
        {
            if (present && !allowed.Contains(field))
            {
                errors.Add(new($"{path}.{field}", $"{field} does not apply to {kind}; leave it out."));
            }
        }
    }

    private static bool TooManyDecimals(decimal value) => Math.Round(value, MaxDecimals) != value;

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

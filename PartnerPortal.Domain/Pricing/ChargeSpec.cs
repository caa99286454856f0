namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// One charge of a plan as the API carries it (DESIGN §4, §8): a flat description whose JSON names
/// are the camelCase property names. <see cref="Type"/> and <see cref="Model"/> stay strings so
/// that an unknown value is reported by <see cref="ChargeValidator"/> with its field path instead
/// of failing JSON binding; after validation, <see cref="GetChargeType"/> and
/// <see cref="GetModel"/> return the parsed enums. Which fields a charge needs depends on its
/// type and model; fields that do not apply must be left out.
/// </summary>
/// <example>
/// <code>
/// { "type": "flat", "amount": 49.00 }
/// { "type": "perSeat", "unitPrice": 9.90, "name": "Users" }
/// { "type": "usage", "metric": "minutes", "model": "perUnit", "unitPrice": 0.012, "freeUnits": 100 }
/// { "type": "usage", "metric": "api_calls", "model": "graduated",
///   "tiers": [ { "upTo": 1000, "unitPrice": 0, "flatFee": 10 }, { "upTo": null, "unitPrice": 0.001 } ] }
/// { "type": "usage", "metric": "payments", "model": "percentage", "rate": 0.013, "fixedFeePerEvent": 0.25 }
/// </code>
/// </example>
public sealed record ChargeSpec
{
    /// <summary><c>flat</c>, <c>perSeat</c>, <c>oneTime</c> or <c>usage</c> (see <see cref="ChargeType"/>).</summary>
    public required string Type { get; init; }

    /// <summary>Optional label shown on quotes and invoices; a default is derived when absent.</summary>
    public string? Name { get; init; }

    /// <summary>The amount of a <c>flat</c> or <c>oneTime</c> charge.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The price per seat (<c>perSeat</c>) or per unit (<c>perUnit</c>); up to 10 decimals.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>The metric code a <c>usage</c> charge is priced from.</summary>
    public string? Metric { get; init; }

    /// <summary><c>perUnit</c>, <c>graduated</c>, <c>volume</c>, <c>package</c> or <c>percentage</c> (usage only).</summary>
    public string? Model { get; init; }

    /// <summary>Units not charged each period (<c>perUnit</c>, <c>package</c>); default 0.</summary>
    public decimal? FreeUnits { get; init; }

    /// <summary>Ascending tiers of a <c>graduated</c> or <c>volume</c> charge; the last one open.</summary>
    public IReadOnlyList<TierSpec>? Tiers { get; init; }

    /// <summary>Units per package (<c>package</c>); greater than 0.</summary>
    public decimal? PackageSize { get; init; }

    /// <summary>Price of each started package (<c>package</c>).</summary>
    public decimal? PackagePrice { get; init; }

    /// <summary>The fraction charged on each event's value (<c>percentage</c>): 0.013 = 1.3 %.</summary>
    public decimal? Rate { get; init; }

    /// <summary>Fee added to each charged event (<c>percentage</c>); default 0.</summary>
    public decimal? FixedFeePerEvent { get; init; }

    /// <summary>Number of leading events that are free (<c>percentage</c>).</summary>
    public int? FreeEvents { get; init; }

    /// <summary>Event value that is free, in event order (<c>percentage</c>).</summary>
    public decimal? FreeAmount { get; init; }

    /// <summary>Least a charged event costs (<c>percentage</c>).</summary>
    public decimal? MinPerEvent { get; init; }

    /// <summary>Most a charged event costs (<c>percentage</c>).</summary>
    public decimal? MaxPerEvent { get; init; }

    /// <summary>The parsed <see cref="Type"/>.</summary>
    /// <exception cref="InvalidOperationException">The type is not one of the API names; validate first.</exception>
    public ChargeType GetChargeType() =>
        ApiNames.TryParse(Type, out ChargeType type)
            ? type
            : throw new InvalidOperationException($"'{Type}' is not a charge type; validate the charge first.");

    /// <summary>The parsed <see cref="Model"/>, or <c>null</c> when the charge is not a usage charge.</summary>
    /// <exception cref="InvalidOperationException">A usage charge whose model is missing or unknown; validate first.</exception>
    public ChargeModel? GetModel()
    {
        if (GetChargeType() != ChargeType.Usage)
        {
            return null;
        }

        return ApiNames.TryParse(Model, out ChargeModel model)
            ? model
            : throw new InvalidOperationException($"'{Model}' is not a usage model; validate the charge first.");
    }
}

/// <summary>
/// One tier of a <c>graduated</c> or <c>volume</c> charge. A tier covers the units in
/// (previous tier's <see cref="UpTo"/>, <see cref="UpTo"/>]; the first tier starts at 0 and the
/// last tier has <c>upTo: null</c> (open).
/// </summary>
/// <example><c>{ "upTo": 10, "unitPrice": 10, "flatFee": 2 }</c> covers units above 0 up to and including 10.</example>
public sealed record TierSpec
{
    /// <summary>Inclusive upper bound of the tier; <c>null</c> for the open last tier.</summary>
    public decimal? UpTo { get; init; }

    /// <summary>Price per unit in the tier (required); up to 10 decimals.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>Fee charged once when the tier is reached; default 0.</summary>
    public decimal? FlatFee { get; init; }
}

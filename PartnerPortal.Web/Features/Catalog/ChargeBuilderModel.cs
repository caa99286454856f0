using System.Globalization;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>One tier row as the tier table editor holds it; an empty <see cref="UpTo"/> is the open last tier.</summary>
public sealed class TierDraft
{
    public decimal? UpTo { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal? FlatFee { get; set; }

    public TierSpec ToSpec() => new() { UpTo = UpTo, UnitPrice = UnitPrice, FlatFee = FlatFee };
}

/// <summary>
/// One charge as the charge builder edits it: every field of every type and model, so switching the model keeps
/// what was typed. <see cref="ToSpec"/> sends only the fields the chosen type and model use.
/// </summary>
public sealed class ChargeDraft
{
    public string Type { get; set; } = "flat";
    public string? Name { get; set; }
    public decimal? Amount { get; set; }
    public decimal? UnitPrice { get; set; }
    public string? Metric { get; set; }
    public string Model { get; set; } = "perUnit";
    public decimal? FreeUnits { get; set; }
    public List<TierDraft> Tiers { get; set; } = [new() { UpTo = 100, UnitPrice = 0 }, new() { UnitPrice = 0 }];
    public decimal? PackageSize { get; set; }
    public decimal? PackagePrice { get; set; }
    public decimal? Rate { get; set; }
    public decimal? FixedFeePerEvent { get; set; }
    public int? FreeEvents { get; set; }
    public decimal? FreeAmount { get; set; }
    public decimal? MinPerEvent { get; set; }
    public decimal? MaxPerEvent { get; set; }

    public bool IsUsage => Type == "usage";

    public ChargeSpec ToSpec()
    {
        var name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim();
        return Type switch
        {
            "flat" or "oneTime" => new ChargeSpec { Type = Type, Name = name, Amount = Amount },
            "perSeat" => new ChargeSpec { Type = Type, Name = name, UnitPrice = UnitPrice },
            _ => Model switch
            {
                "perUnit" => new ChargeSpec { Type = Type, Name = name, Metric = Metric, Model = Model, UnitPrice = UnitPrice, FreeUnits = FreeUnits },
                "graduated" or "volume" => new ChargeSpec { Type = Type, Name = name, Metric = Metric, Model = Model, Tiers = Tiers.Select(t => t.ToSpec()).ToList() },
                "package" => new ChargeSpec { Type = Type, Name = name, Metric = Metric, Model = Model, PackageSize = PackageSize, PackagePrice = PackagePrice, FreeUnits = FreeUnits },
                _ => new ChargeSpec
                {
                    Type = Type, Name = name, Metric = Metric, Model = Model, Rate = Rate, FixedFeePerEvent = FixedFeePerEvent, FreeEvents = FreeEvents,
                    FreeAmount = FreeAmount, MinPerEvent = MinPerEvent, MaxPerEvent = MaxPerEvent,
                },
            },
        };
    }

    public static ChargeDraft From(ChargeSpec spec) => new()
    {
        Type = spec.Type, Name = spec.Name, Amount = spec.Amount, UnitPrice = spec.UnitPrice, Metric = spec.Metric, Model = spec.Model ?? "perUnit",
        FreeUnits = spec.FreeUnits, PackageSize = spec.PackageSize, PackagePrice = spec.PackagePrice, Rate = spec.Rate,
        FixedFeePerEvent = spec.FixedFeePerEvent, FreeEvents = spec.FreeEvents, FreeAmount = spec.FreeAmount, MinPerEvent = spec.MinPerEvent,
        MaxPerEvent = spec.MaxPerEvent,
        Tiers = spec.Tiers is { Count: > 0 } tiers
            ? tiers.Select(t => new TierDraft { UpTo = t.UpTo, UnitPrice = t.UnitPrice, FlatFee = t.FlatFee }).ToList()
            : [new() { UpTo = 100, UnitPrice = 0 }, new() { UnitPrice = 0 }],
    };
}

/// <summary>
/// The state of a charge builder: the charges, the metrics they may use and the minimum commitment, checked by the
/// same <see cref="ChargeValidator"/> the API uses; errors are keyed by the API's field paths
/// (<c>charges[1].tiers[2].upTo</c>) so each input can show its own.
/// </summary>
public sealed class ChargeBuilderModel
{
    public List<ChargeDraft> Charges { get; } = [];
    public IReadOnlyList<MetricDto> Metrics { get; set; } = [];
    public decimal? MinimumCommitment { get; set; }
    public string Currency { get; set; } = "EUR";

    /// <summary>After a save attempt every error shows; before, only errors of fields that hold a value.</summary>
    public bool ShowAllErrors { get; set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public bool IsValid => Errors.Count == 0;

    public IReadOnlyList<ChargeSpec> ToSpecs() => Charges.Select(c => c.ToSpec()).ToList();

    /// <summary>Checks the charges again; call after every change.</summary>
    public void Validate()
    {
        var errors = ChargeValidator.Validate(ToSpecs(), Metrics.Select(m => m.Code ?? "").ToHashSet(StringComparer.Ordinal), MinimumCommitment);
        Errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Message);
    }

    /// <summary>The error of a field, when it should show: <paramref name="hasValue"/> says whether the user filled it in.</summary>
    public string? ErrorFor(string path, bool hasValue = true) =>
        Errors.TryGetValue(path, out var message) && (hasValue || ShowAllErrors) ? message : null;

    /// <summary>Errors that no input shows (e.g. <c>charges</c> when the list is empty).</summary>
    public IEnumerable<string> GeneralErrors => Errors.Where(e => e.Key is "charges" || (ShowAllErrors && e.Key.EndsWith(".tiers", StringComparison.Ordinal))).Select(e => e.Value);

    public void Add(string type)
    {
        var draft = new ChargeDraft { Type = type };
        if (type == "usage")
        {
            draft.Metric = Metrics.FirstOrDefault()?.Code;
            draft.Model = "graduated";
        }

        Charges.Add(draft);
        Validate();
    }

    public void Remove(int index)
    {
        Charges.RemoveAt(index);
        Validate();
    }

    public void AddTier(int chargeIndex)
    {
        var tiers = Charges[chargeIndex].Tiers;
        // The new row goes before the open last tier, starting above the highest bound so far.
        var highest = tiers.Where(t => t.UpTo is not null).Select(t => t.UpTo!.Value).DefaultIfEmpty(0m).Max();
        tiers.Insert(Math.Max(0, tiers.Count - 1), new TierDraft { UpTo = highest == 0 ? 100 : highest * 2, UnitPrice = tiers.LastOrDefault()?.UnitPrice ?? 0 });
        Validate();
    }

    public void RemoveTier(int chargeIndex, int tierIndex)
    {
        var tiers = Charges[chargeIndex].Tiers;
        if (tiers.Count <= 1) return;
        tiers.RemoveAt(tierIndex);
        if (tierIndex == tiers.Count) tiers[^1].UpTo = null; // the last row stays open
        Validate();
    }

    /// <summary>Errors of a server answer (same paths) shown next to the inputs.</summary>
    public void ShowServerErrors(IReadOnlyList<FieldError> errors)
    {
        ShowAllErrors = true;
        Errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Message);
    }

    public static string Number(decimal? value) => value?.ToString(CultureInfo.CurrentCulture) ?? "";
}

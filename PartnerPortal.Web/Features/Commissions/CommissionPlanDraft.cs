using System.Globalization;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Web.Features.Api;

namespace PartnerPortal.Web.Features.Commissions;

/// <summary>A category rate row of the plan form: a category code and a rate in percent.</summary>
public sealed class CategoryRateDraft
{
    public string? Code { get; set; }
    public decimal? Percent { get; set; }
}

/// <summary>A volume tier row of the plan form: up to an amount of attributed revenue (EUR; empty = open), a rate in percent.</summary>
public sealed class CommissionTierDraft
{
    public decimal? UpTo { get; set; }
    public decimal? Percent { get; set; }
}

/// <summary>
/// A commission plan as the operator types it: rates in percent (12,5 %), because that is how people talk about
/// commissions. <see cref="ToRequest"/> turns them into the fractions the service and the API take (0.125);
/// <see cref="From"/> goes back for a new version. Field errors come back in API notation (<c>tiers[1].upTo</c>) and
/// are shown at the field that has that name here.
/// </summary>
public sealed class CommissionPlanDraft
{
    public string? Name { get; set; }
    public CommissionPlanStatus Status { get; set; } = CommissionPlanStatus.Draft;
    public decimal? BasePercent { get; set; }
    public List<CategoryRateDraft> CategoryRates { get; set; } = [];
    public List<CommissionTierDraft> Tiers { get; set; } = [];
    public int? DurationMonths { get; set; }
    public decimal? OverridePercent { get; set; }
    public decimal? ServiceFeePercent { get; set; }
    public decimal? MinimumPayout { get; set; }

    /// <summary>A draft prefilled with a plan's current terms (for its next version).</summary>
    public static CommissionPlanDraft From(CommissionPlanDto plan) => new()
    {
        Name = plan.Name,
        Status = plan.Status,
        BasePercent = ToPercent(plan.BaseRate),
        CategoryRates = plan.CategoryRates.OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CategoryRateDraft { Code = c.Key, Percent = ToPercent(c.Value) }).ToList(),
        Tiers = plan.Tiers.Select(t => new CommissionTierDraft { UpTo = t.UpTo, Percent = ToPercent(t.Rate ?? 0m) }).ToList(),
        DurationMonths = plan.DurationMonths,
        OverridePercent = plan.OverrideRate == 0m ? null : ToPercent(plan.OverrideRate),
        ServiceFeePercent = plan.ServiceFeeRate == 0m ? null : ToPercent(plan.ServiceFeeRate),
        MinimumPayout = plan.MinimumPayout == 0m ? null : plan.MinimumPayout,
    };

    /// <summary>
    /// The request for the service: percentages as fractions (12.5 → 0.125). Empty optional rates are left out (the
    /// service takes 0); an empty base rate or a category row without a code is sent as it is, so the service names it.
    /// </summary>
    public CommissionPlanRequest ToRequest()
    {
        Dictionary<string, decimal>? categories = null;
        foreach (var row in CategoryRates.Where(r => !string.IsNullOrWhiteSpace(r.Code)))
        {
            categories ??= new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            categories[row.Code!.Trim()] = ToFraction(row.Percent) ?? 0m;
        }
        return new CommissionPlanRequest(
            Name?.Trim(), ToFraction(BasePercent), categories,
            Tiers.Count == 0 ? null : Tiers.Select(t => new CommissionTierDto(t.UpTo, ToFraction(t.Percent))).ToList(),
            DurationMonths, ToFraction(OverridePercent), ToFraction(ServiceFeePercent), MinimumPayout, Status);
    }

    /// <summary>
    /// What the form checks before it asks the service, in the operator's words: a percentage outside 0…100 and a tier
    /// bound in the wrong place (the service speaks of fractions and nulls, which the operator never typed), and a
    /// category picked twice (the dictionary would swallow it). Everything else the service decides.
    /// </summary>
    public IReadOnlyList<FieldError> Check(Func<string, string> text)
    {
        var errors = new List<FieldError>();
        void Percent(string field, decimal? value)
        {
            if (value is < 0m or > 100m) errors.Add(new(field, text("Commissions.Error.Percent")));
        }

        Percent("baseRate", BasePercent);
        Percent("overrideRate", OverridePercent);
        Percent("serviceFeeRate", ServiceFeePercent);
        for (var i = 0; i < Tiers.Count; i++)
        {
            Percent($"tiers[{i}].rate", Tiers[i].Percent);
            var last = i == Tiers.Count - 1;
            if (last && Tiers[i].UpTo is not null) errors.Add(new($"tiers[{i}].upTo", text("Commissions.Error.LastTierOpen")));
            if (!last && Tiers[i].UpTo is null) errors.Add(new($"tiers[{i}].upTo", text("Commissions.Error.TierUpTo")));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < CategoryRates.Count; i++)
        {
            var row = CategoryRates[i];
            if (string.IsNullOrWhiteSpace(row.Code)) { errors.Add(new(CategoryField(i), text("Commissions.Error.Category"))); continue; }
            if (!seen.Add(row.Code)) errors.Add(new(CategoryField(i), text("Commissions.Error.CategoryTwice")));
            if (row.Percent is null) errors.Add(new(CategoryField(i), text("Commissions.Error.CategoryRate")));
            else Percent(CategoryField(i), row.Percent);
        }
        return errors;
    }

    /// <summary>The form's name of a category row's field (the service names it <c>categoryRates.{code}</c>).</summary>
    public static string CategoryField(int index) => $"categoryRow[{index}]";

    /// <summary>Maps the service's field names onto the form's: <c>categoryRates.{code}</c> becomes the row of that code.</summary>
    public IReadOnlyList<FieldError> ToFormErrors(IEnumerable<FieldError> serviceErrors) => serviceErrors.Select(e =>
    {
        if (e.Field is { } field && field.StartsWith("categoryRates.", StringComparison.Ordinal))
        {
            var code = field["categoryRates.".Length..];
            var index = CategoryRates.FindIndex(r => string.Equals(r.Code?.Trim(), code, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return e with { Field = CategoryField(index) };
        }
        return e;
    }).ToList();

    public static decimal? ToFraction(decimal? percent) => percent is { } p ? p / 100m : null;

    /// <summary>12.5 for 0.125, without trailing zeros (a stored 0.1000 shows as 10, not 10,00).</summary>
    public static decimal ToPercent(decimal fraction) => decimal.Parse((fraction * 100m).ToString("0.##########", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

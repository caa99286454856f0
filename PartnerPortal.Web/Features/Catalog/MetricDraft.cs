namespace PartnerPortal.Web.Features.Catalog;

/// <summary>A metric row of the new-app form.</summary>
public sealed class MetricDraft
{
    public string Code { get; set; } = "";
    public string Unit { get; set; } = "";
    public string Aggregation { get; set; } = "sum";
    public string Rounding { get; set; } = "none";
    public string? Property { get; set; }

    public MetricDto ToDto() => new(Code.Trim(), Unit.Trim(), Aggregation, Rounding, Aggregation == "uniqueCount" ? Property?.Trim() : null);
}

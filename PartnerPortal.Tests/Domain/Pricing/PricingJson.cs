using System.Text.Json;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Domain.Pricing;

/// <summary>Charges written as the API receives them, bound the way ASP.NET Core binds JSON bodies.</summary>
internal static class PricingJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A JSON array of charges, or a single charge object (a one-charge plan).</summary>
    public static IReadOnlyList<ChargeSpec> Charges(string json)
    {
        var trimmed = json.TrimStart();
        return trimmed.StartsWith('[')
            ? JsonSerializer.Deserialize<List<ChargeSpec>>(json, Web)!
            : [JsonSerializer.Deserialize<ChargeSpec>(json, Web)!];
    }

    public static ChargeSpec Charge(string json) => JsonSerializer.Deserialize<ChargeSpec>(json, Web)!;

    public static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}

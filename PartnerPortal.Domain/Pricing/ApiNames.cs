using System.Diagnostics.CodeAnalysis;

namespace PartnerPortal.Domain.Pricing;

/// <summary>
/// The API spelling of the pricing enums: the member name in camelCase (DESIGN §8).
/// Parsing is exact and case-sensitive, so <c>"perSeat"</c> is <see cref="ChargeType.PerSeat"/>
/// but <c>"PerSeat"</c> and <c>"1"</c> are not.
/// </summary>
/// <example>
/// <code>
/// ApiNames.Of(ChargeModel.Graduated);                        // "graduated"
/// ApiNames.TryParse("ceilPerEvent", out MetricRounding r);   // true, MetricRounding.CeilPerEvent
/// </code>
/// </example>
public static class ApiNames
{
    /// <summary>The camelCase API name of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = Enum.GetName(value) ?? throw new ArgumentOutOfRangeException(nameof(value));
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>All API names of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(Of).ToArray();

    /// <summary>Parses an exact camelCase API name.</summary>
    public static bool TryParse<TEnum>([NotNullWhen(true)] string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

namespace PartnerPortal.Domain.Money;

/// <summary>
/// The one rounding rule of the portal (DESIGN §3): amounts are rounded to cents, half away from
/// zero ("kaufmännisches Runden"). Every rounding of money goes through <see cref="ToCents"/>.
/// </summary>
/// <example>
/// <code>
/// MoneyRounding.ToCents(2.345m)  // 2.35
/// MoneyRounding.ToCents(-2.345m) // -2.35
/// MoneyRounding.ToCents(2.344m)  // 2.34
/// </code>
/// </example>
public static class MoneyRounding
{
    /// <summary>Number of decimals of a rounded amount (all currencies are treated as having cents).</summary>
    public const int Decimals = 2;

    /// <summary>Rounds <paramref name="amount"/> to cents, a midpoint away from zero.</summary>
    public static decimal ToCents(decimal amount) =>
        Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);
}

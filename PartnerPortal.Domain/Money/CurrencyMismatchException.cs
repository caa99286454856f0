namespace PartnerPortal.Domain.Money;

/// <summary>
/// Thrown when two amounts of different currencies are added, subtracted or compared
/// (DESIGN §3: mixing currencies is an error). There is no implicit exchange rate.
/// </summary>
/// <example><c>new Money(1m, "EUR") + new Money(1m, "USD")</c> throws this exception.</example>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for the two currencies that were mixed.</summary>
    public CurrencyMismatchException(string left, string right)
        : base($"Cannot combine amounts in {left} and {right}.")
    {
        Left = left;
        Right = right;
    }

    /// <summary>The currency of the left operand.</summary>
    public string Left { get; }

    /// <summary>The currency of the right operand.</summary>
    public string Right { get; }
}

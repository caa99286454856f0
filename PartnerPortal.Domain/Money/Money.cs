using System.Globalization;

namespace PartnerPortal.Domain.Money;

/// <summary>
/// An amount of money in one currency (DESIGN §3). Amounts are <see cref="decimal"/>, never
/// floating point; currencies are upper-case ISO 4217 codes, <c>EUR</c> by default.
/// Adding, subtracting or comparing amounts of different currencies throws
/// <see cref="CurrencyMismatchException"/>.
/// </summary>
/// <remarks>
/// A <see cref="Money"/> keeps full precision until it is rounded with <see cref="RoundToCents"/>
/// (the single rule of <see cref="MoneyRounding"/>). All currencies are treated as having two
/// minor-unit decimals (cents). <c>default(Money)</c> is zero euros.
/// </remarks>
/// <example>
/// <code>
/// var fee = new Money(12.345m);                 // 12.345 EUR
/// fee.RoundToCents().ToString();                // "12.35 EUR"
/// new Money(100m).Allocate(3);                  // 33.34, 33.33, 33.33
/// new Money(1m, "EUR") + new Money(1m, "USD");  // throws CurrencyMismatchException
/// </code>
/// </example>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    /// <summary>The currency used when none is given.</summary>
    public const string DefaultCurrency = "EUR";

    private readonly string? _currency;

    /// <summary>Creates an amount; <paramref name="currency"/> is normalised to upper case.</summary>
    /// <exception cref="ArgumentException">The currency is not a three-letter code.</exception>
    public Money(decimal amount, string currency = DefaultCurrency)
    {
        Amount = amount;
        _currency = NormalizeCurrency(currency);
    }

    /// <summary>The amount, at whatever precision it was created with.</summary>
    public decimal Amount { get; }

    /// <summary>The upper-case ISO 4217 code, e.g. <c>EUR</c>.</summary>
    public string Currency => _currency ?? DefaultCurrency;

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(string currency = DefaultCurrency) => new(0m, currency);

    /// <summary>
    /// Builds an amount from whole minor units (cents), the form amounts are stored in:
    /// <c>FromMinorUnits(1234, "EUR")</c> is 12.34 EUR.
    /// </summary>
    public static Money FromMinorUnits(long minorUnits, string currency = DefaultCurrency) =>
        new(minorUnits / 100m, currency);

    /// <summary>
    /// Checks and normalises a currency code: three ASCII letters, returned in upper case
    /// (<c>"eur"</c> → <c>"EUR"</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The code is not three letters.</exception>
    public static string NormalizeCurrency(string? currency)
    {
        if (!IsValidCurrency(currency))
        {
            throw new ArgumentException(
                $"'{currency}' is not a currency code: use three letters such as EUR.", nameof(currency));
        }

        return currency!.ToUpperInvariant();
    }

    /// <summary>Whether <paramref name="currency"/> is three ASCII letters (either case).</summary>
    public static bool IsValidCurrency(string? currency) =>
        currency is { Length: 3 } && char.IsAsciiLetter(currency[0]) && char.IsAsciiLetter(currency[1]) && char.IsAsciiLetter(currency[2]);

    /// <summary>This amount rounded to cents, half away from zero (<see cref="MoneyRounding.ToCents"/>).</summary>
    public Money RoundToCents() => new(MoneyRounding.ToCents(Amount), Currency);

    /// <summary>Whether the amount has no fraction of a cent.</summary>
    public bool IsRoundedToCents => MoneyRounding.ToCents(Amount) == Amount;

    /// <summary>
    /// The amount in whole minor units (cents) for storage. An amount with fractions of a cent is
    /// first rounded with <see cref="MoneyRounding.ToCents"/>: 12.345 EUR → 1235.
    /// </summary>
    /// <exception cref="OverflowException">The amount does not fit in a <see cref="long"/> of cents.</exception>
    public long ToMinorUnits() => checked((long)(MoneyRounding.ToCents(Amount) * 100m));

    /// <summary>
    /// Splits this amount, rounded to cents, into shares proportional to <paramref name="ratios"/>
    /// so that the shares add up to exactly the rounded amount: no cent is lost or created.
    /// </summary>
    /// <remarks>
    /// Largest-remainder method: every share first gets the whole cents of its exact quotient
    /// (rounded toward zero); the cents left over go, one each, to the shares with the largest
    /// fractional remainder. Ties go to the share that comes first in <paramref name="ratios"/>.
    /// A negative amount is split like its absolute value, and every share is negated.
    /// Example: 10.00 split 1:1:1 → 3.34, 3.33, 3.33; 0.05 split 3:1 → 0.04, 0.01.
    /// </remarks>
    /// <exception cref="ArgumentException">No ratios, a negative ratio, or all ratios zero.</exception>
    public Money[] Allocate(params decimal[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Length == 0)
        {
            throw new ArgumentException("At least one ratio is required.", nameof(ratios));
        }

        if (ratios.Any(r => r < 0m))
        {
            throw new ArgumentException("Ratios must not be negative.", nameof(ratios));
        }

        var ratioSum = ratios.Sum();
        if (ratioSum == 0m)
        {
            throw new ArgumentException("At least one ratio must be greater than zero.", nameof(ratios));
        }

        var totalCents = ToMinorUnits();
        var sign = totalCents < 0 ? -1 : 1;
        var absCents = Math.Abs(totalCents);

        var cents = new long[ratios.Length];
        var remainders = new decimal[ratios.Length];
        long given = 0;
        for (var i = 0; i < ratios.Length; i++)
        {
            var exact = absCents * ratios[i] / ratioSum;
            cents[i] = (long)decimal.Truncate(exact);
            remainders[i] = exact - cents[i];
            given += cents[i];
        }

        var leftOver = absCents - given;
        var byRemainder = Enumerable.Range(0, ratios.Length)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; leftOver > 0; k = (k + 1) % byRemainder.Length, leftOver--)
        {
            cents[byRemainder[k]]++;
        }

        var currency = Currency;
        return cents.Select(c => FromMinorUnits(sign * c, currency)).ToArray();
    }

    /// <summary>
    /// Splits this amount, rounded to cents, into <paramref name="parts"/> equal shares; the
    /// left-over cents go to the first shares: 100.00 / 3 → 33.34, 33.33, 33.33.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    public Money[] Allocate(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return Allocate(Enumerable.Repeat(1m, parts).ToArray());
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    public static Money operator +(Money left, Money right) =>
        new(left.Amount + right.Amount, SameCurrency(left, right));

    /// <summary>Subtracts two amounts of the same currency.</summary>
    public static Money operator -(Money left, Money right) =>
        new(left.Amount - right.Amount, SameCurrency(left, right));

    /// <summary>The amount with the opposite sign.</summary>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Equal when currency and numeric amount are equal (1.0 EUR equals 1.00 EUR).</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Not equal when currency or numeric amount differ.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <inheritdoc />
    /// <exception cref="CurrencyMismatchException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && Currency == other.Currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>Invariant text with at least two decimals and the currency: <c>"12.34 EUR"</c>.</summary>
    public override string ToString() =>
        $"{Amount.ToString("0.00############################", CultureInfo.InvariantCulture)} {Currency}";

    private static string SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? left.Currency
            : throw new CurrencyMismatchException(left.Currency, right.Currency);
}

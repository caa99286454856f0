namespace PartnerPortal.Domain.Pricing;

using PartnerPortal.Domain.Money;

/// <summary>What a line of a quote is.</summary>
public enum QuoteLineKind
{
    /// <summary>The amount of one charge of the input (<see cref="QuoteLine.ChargeIndex"/> says which).</summary>
    Charge,

    /// <summary>The top-up that brings the total to the prorated minimum commitment.</summary>
    MinimumCommitment,
}

/// <summary>
/// One line of a <see cref="Quote"/>: a charge's amount, rounded once to cents, or the minimum
/// commitment top-up.
/// </summary>
/// <param name="ChargeIndex">Index of the charge in <see cref="QuoteInput.Charges"/>; <c>null</c> for the top-up.</param>
/// <param name="Kind">A charge or the minimum commitment top-up.</param>
/// <param name="Label">The charge's name, else a description such as "Usage minutes (graduated)".</param>
/// <param name="Amount">The amount rounded to cents, half away from zero.</param>
/// <param name="UnroundedAmount">The amount at full precision, before rounding.</param>
/// <param name="Quantity">The billable units a usage charge was priced from (seats for <c>perSeat</c>); <c>null</c> otherwise.</param>
public sealed record QuoteLine(int? ChargeIndex, QuoteLineKind Kind, string Label, Money Amount, decimal UnroundedAmount, decimal? Quantity);

/// <summary>
/// The priced period: one line per charge in input order, then a minimum commitment top-up line
/// when one is due. <see cref="Total"/> is the sum of the rounded line amounts, so the total
/// always equals the sum of what is shown (DESIGN §3).
/// </summary>
/// <example>flat 10.004 and flat 10.004 → lines 10.00 and 10.00, total 20.00 (not 20.01).</example>
/// <param name="Currency">The currency of every amount.</param>
/// <param name="Lines">Charge lines in input order, then the top-up line if any.</param>
/// <param name="Total">Sum of the rounded line amounts.</param>
public sealed record Quote(string Currency, IReadOnlyList<QuoteLine> Lines, Money Total);

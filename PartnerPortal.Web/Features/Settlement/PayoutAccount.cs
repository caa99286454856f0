using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Settlement;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// <c>Portal:Payouts:Name</c>, <c>Iban</c>, <c>Bic</c>: the operator's account that pays partners (DESIGN §9). Read when a
/// payment file is asked for, not at start: an installation that pays partners by hand runs without them, and the
/// download then says which keys to set.
/// </summary>
public sealed class PayoutAccount(IConfiguration configuration)
{
    public const string Section = "Portal:Payouts";

    /// <summary>The paying account, or what is missing or wrong with the settings (one sentence per key).</summary>
    public (SepaDebtor? Debtor, IReadOnlyList<string> Problems) Read()
    {
        var name = configuration[$"{Section}:Name"]?.Trim();
        var iban = configuration[$"{Section}:Iban"]?.Trim();
        var bic = configuration[$"{Section}:Bic"]?.Trim().ToUpperInvariant();
        var problems = new List<string>();
        if (string.IsNullOrEmpty(name))
            problems.Add($"Set {Section}:Name to the account holder's name (at most {SepaCreditTransfer.MaxNameLength} characters).");
        if (string.IsNullOrEmpty(iban))
            problems.Add($"Set {Section}:Iban to the IBAN of the account that pays the partners.");
        else if (Iban.Validate(iban) is { IsValid: false } bad)
            problems.Add($"{Section}:Iban is not a valid IBAN: {bad.Error}");
        if (string.IsNullOrEmpty(bic))
            problems.Add($"Set {Section}:Bic to the BIC of that account's bank (8 or 11 characters).");
        else if (!SepaCreditTransfer.IsBic(bic))
            problems.Add($"{Section}:Bic is not a valid BIC: 8 or 11 letters and digits, such as COBADEFFXXX.");
        return problems.Count > 0 ? (null, problems) : (new SepaDebtor(name!, Iban.Validate(iban).Normalized!, bic!), problems);
    }
}

namespace PartnerPortal.Domain.Partners;

/// <summary>A field of a form or request and what is wrong with it (<c>iban</c>, "The check digits do not match").</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>
/// What an invitee enters to register as a partner: company data, the payout account and the acceptance of the
/// partner terms. <see cref="Validate"/> names every field at fault, so a form can show them all at once.
/// </summary>
/// <example>
/// <code>
/// new PartnerRegistration("Harz Netzwerke UG", "Markt 1", "38640", "Goslar", "DE", "DE136695976",
///     "DE89 3704 0044 0532 0130 00", "Jana Harz", null, AcceptTerms: true).Validate(PartnerKind.Reseller);   // no problems
/// </code>
/// </example>
public sealed record PartnerRegistration(
    string CompanyName, string Street, string Postcode, string City, string Country, string? VatId,
    string Iban, string ContactName, string? ContactPhone, bool AcceptTerms)
{
    /// <summary>Every problem, in form order; empty when the registration may be submitted.</summary>
    public IReadOnlyList<FieldProblem> Validate(PartnerKind kind)
    {
        var problems = new List<FieldProblem>();
        Required(problems, "companyName", CompanyName, 200, "The company name is required.");
        Required(problems, "street", Street, 200, "The street is required.");
        Required(problems, "postcode", Postcode, 16, "The postcode is required.");
        Required(problems, "city", City, 100, "The city is required.");
        var country = (Country ?? "").Trim().ToUpperInvariant();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            problems.Add(new("country", "The country must be a two-letter ISO code such as DE."));
        // A VAT ID is optional only outside the EU's reverse-charge world; for German partners it is required
        // because commission statements to them are invoices that must name it.
        if (string.IsNullOrWhiteSpace(VatId))
        {
            if (country == "DE") problems.Add(new("vatId", "German partners must give their VAT ID (USt-IdNr.)."));
        }
        else if (problems.All(p => p.Field != "country"))
        {
            var vat = Partners.VatId.Validate(VatId, country);
            if (!vat.IsValid) problems.Add(new("vatId", vat.Error!));
        }
        var iban = Partners.Iban.Validate(Iban);
        if (!iban.IsValid) problems.Add(new("iban", iban.Error!));
        Required(problems, "contactName", ContactName, 200, "The contact person is required.");
        if (ContactPhone is { Length: > 50 }) problems.Add(new("contactPhone", "The phone number may have at most 50 characters."));
        if (!AcceptTerms) problems.Add(new("acceptTerms", "The partner terms must be accepted."));
        _ = kind;
        return problems;
    }

    private static void Required(List<FieldProblem> problems, string field, string? value, int max, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add(new(field, message));
        else if (value.Trim().Length > max) problems.Add(new(field, $"At most {max} characters."));
    }
}

using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Customers;

namespace PartnerPortal.Tests.Domain.Customers;

public sealed class CustomerTests
{
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid C = Guid.Parse("cccccccc-0000-0000-0000-000000000003");
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static Guid P(char p) => p switch { 'A' => A, 'B' => B, _ => C };

    /// <summary>Moves as "partner@yyyy-MM-dd" in order; expected history as "partner:[from,to)" with "-" for open.</summary>
    [Theory]
    [InlineData("A@2026-10-01", "A:[2026-10-01,-)")]
    [InlineData("A@2026-10-01 B@2026-11-10", "A:[2026-10-01,2026-11-10) B:[2026-11-10,-)")]
    [InlineData("A@2026-10-01 B@2026-10-02 A@2026-11-01", "A:[2026-10-01,2026-10-02) B:[2026-10-02,2026-11-01) A:[2026-11-01,-)")]
    [InlineData("A@2026-10-01 B@2026-10-15 C@2026-10-16", "A:[2026-10-01,2026-10-15) B:[2026-10-15,2026-10-16) C:[2026-10-16,-)")]
    public void AttributeTo_EndsTheOpenAttributionOnTheDayTheNextStarts(string moves, string expected)
    {
        var customer = Customer.Create("Bäckerei Hansen GmbH", "de", Now);
        foreach (var move in moves.Split(' '))
            customer.AttributeTo(P(move[0]), DateOnly.Parse(move[2..]), "tester", "because", Now);
        var history = string.Join(' ', customer.Attributions.Select(a => $"{(a.PartnerId == A ? 'A' : a.PartnerId == B ? 'B' : 'C')}:[{a.From:yyyy-MM-dd},{(a.ToExclusive is { } to ? to.ToString("yyyy-MM-dd") : "-")})"));
        Assert.Equal(expected, history);
        Assert.Single(customer.Attributions, a => a.ToExclusive is null);
    }

    [Theory]
    [InlineData("A@2026-10-10", 'B', "2026-10-10", "from")]   // same day as the current start
    [InlineData("A@2026-10-10", 'B', "2026-10-09", "from")]   // before it
    [InlineData("A@2026-10-10", 'A', "2026-11-01", "partnerId")] // to the partner it already has
    public void AttributeTo_RefusesMovesThatWouldRewriteHistory(string first, char to, string from, string field)
    {
        var customer = Customer.Create("Brauerei Huber KG", "DE", Now);
        customer.AttributeTo(P(first[0]), DateOnly.Parse(first[2..]), "tester", null, Now);
        var ex = Assert.Throws<DomainException>(() => customer.AttributeTo(P(to), DateOnly.Parse(from), "tester", null, Now));
        Assert.Equal(field, ex.Field);
        Assert.Single(customer.Attributions);
        Assert.Null(customer.Attributions[0].ToExclusive);
    }

    [Theory]
    [InlineData("2026-10-31", false)]
    [InlineData("2026-11-01", true)]
    [InlineData("2026-11-09", true)]
    [InlineData("2026-11-10", false)]
    public void Attribution_CoversItsHalfOpenRange(string day, bool covered)
    {
        var customer = Customer.Create("Ingenieurbüro Fischer", "DE", Now);
        customer.AttributeTo(A, new DateOnly(2026, 11, 1), "t", null, Now);
        customer.AttributeTo(B, new DateOnly(2026, 11, 10), "t", null, Now);
        Assert.Equal(covered, customer.Attributions.Single(a => a.PartnerId == A).Covers(DateOnly.Parse(day)));
    }

    [Theory]
    [InlineData("Bäckerei Hansen GmbH", "20095", null, "bäckerei hansen gmbh ", " 20095", null, true)]
    [InlineData("Bäckerei Hansen GmbH", "20095", null, "BÄCKEREI HANSEN GMBH", "20095", null, true)]
    [InlineData("Bäckerei Hansen GmbH", "20095", null, "Bäckerei Hansen GmbH", "20097", null, false)]
    [InlineData("Bäckerei Hansen GmbH", null, null, "Bäckerei Hansen GmbH", null, null, false)]
    [InlineData("A GmbH", null, "DE136695976", "B AG", "99999", "de 136695976", true)]
    [InlineData("A GmbH", null, "DE136695976", "A GmbH", null, "DE811569869", false)]
    public void IsLikelyDuplicate_SameVatIdOrSameNameAndPostcode(string name, string? postcode, string? vat, string otherName, string? otherPostcode, string? otherVat, bool expected) =>
        Assert.Equal(expected, Customer.IsLikelyDuplicate(name, postcode, vat, otherName, otherPostcode, otherVat));

    [Theory]
    [InlineData("", "DE", "name")]
    [InlineData("X", "DEU", "country")]
    [InlineData("X", "1A", "country")]
    public void Create_RefusesBadInput(string name, string country, string field) =>
        Assert.Equal(field, Assert.Throws<DomainException>(() => Customer.Create(name, country, Now)).Field);
}

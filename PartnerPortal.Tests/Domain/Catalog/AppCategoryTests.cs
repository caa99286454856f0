using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Domain.Catalog;

public sealed class AppCategoryTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Communication", "COMMUNICATION")]
    [InlineData("CrmSales", "CRMSALES")]
    [InlineData(" devOps2 ", "DEVOPS2")]
    [InlineData("IT", "IT")]
    public void Create_KeepsTheCodeAsWritten_AndComparesItInUpperCase(string code, string normalized)
    {
        var category = AppCategory.Create(code, " Name ", Monday);
        Assert.Equal(code.Trim(), category.Code);
        Assert.Equal(normalized, category.NormalizedCode);
        Assert.Equal("Name", category.Name);
        Assert.Equal(Monday, category.CreatedAtUtc);
    }

    [Theory]
    [InlineData(null, "Name", "code")]
    [InlineData("", "Name", "code")]
    [InlineData("A", "Name", "code")]
    [InlineData("Crm Sales", "Name", "code")]
    [InlineData("Crm-Sales", "Name", "code")]
    [InlineData("Kommunikationsdienstleistungen123", "Name", "code")] // 33 characters
    [InlineData("Büro", "Name", "code")] // ASCII only: no culture folds it differently
    [InlineData("Communication", null, "name")]
    [InlineData("Communication", "  ", "name")]
    public void Create_RefusesABadCodeOrName_NamingTheField(string? code, string? name, string field) =>
        Assert.Equal(field, Assert.Throws<DomainException>(() => AppCategory.Create(code, name, Monday)).Field);

    [Fact]
    public void Create_AcceptsANameOf100Characters_AndNotOf101()
    {
        Assert.Equal(100, AppCategory.Create("Long", new string('n', 100), Monday).Name.Length);
        Assert.Equal("name", Assert.Throws<DomainException>(() => AppCategory.Create("Long", new string('n', 101), Monday)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AnApp_NeedsACategory(string category)
    {
        var ex = Assert.Throws<DomainException>(() => App.Create(Guid.NewGuid(), "Telefonie", null, category, 0.2m, [], Monday));
        Assert.Equal("category", ex.Field);
    }

    [Fact]
    public void AnApp_TakesTheCategoryCodeItIsGiven_WhichCategoriesExistIsTheCatalogsCheck()
    {
        var app = App.Create(Guid.NewGuid(), "Telefonie", null, "Communication", 0.2m,
            [new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null)], Monday);
        Assert.Equal("Communication", app.Category);
        Assert.Equal("category", Assert.Throws<DomainException>(() => App.Create(Guid.NewGuid(), "X", null, new string('c', 65), 0.2m, [], Monday)).Field);
    }
}

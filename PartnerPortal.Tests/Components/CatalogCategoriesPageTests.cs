using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Catalog;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The operator's app-category page, with the real service and database.</summary>
[Collection(PortalCollection.Name)]
public sealed class CatalogCategoriesPageTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    // MudDataGrid's services are only async-disposable: dispose the bUnit context asynchronously, before xUnit's Dispose.
    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static void Type(IRenderedComponent<AppCategories> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    [Fact]
    public async Task TheOperator_AddsACategory_ItIsListedWithItsName_AndTheSameCodeInAnotherCaseIsRefusedOnTheCodeField()
    {
        SignInAsOperator();
        var cut = Render<AppCategories>();
        cut.WaitForAssertion(() => Assert.Contains("Communication", cut.Find("[data-testid=category-grid]").TextContent));

        var code = "Page" + Guid.NewGuid().ToString("N")[..8];
        Type(cut, "category-code", code);
        Type(cut, "category-name", "Videokonferenz");
        cut.Find("[data-testid=category-add]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=category-added]"));
        cut.WaitForAssertion(() => Assert.Contains(code, cut.Find("[data-testid=category-grid]").TextContent));
        // A category without a portal text is shown by its stored name.
        Assert.Contains("Videokonferenz", cut.Find("[data-testid=category-grid]").TextContent);
        await using (var db = await App.DbAsync())
            Assert.Equal("Videokonferenz", (await db.AppCategories.SingleAsync(c => c.Code == code)).Name);

        Type(cut, "category-code", code.ToUpperInvariant());
        Type(cut, "category-name", "Doppelt");
        cut.Find("[data-testid=category-add]").Click();
        cut.WaitForAssertion(() => Assert.Contains("exists already", cut.Find("[data-testid=category-form]").TextContent));
        await using var after = await App.DbAsync();
        Assert.Equal(1, await after.AppCategories.CountAsync(c => c.NormalizedCode == code.ToUpperInvariant()));
    }

    [Fact]
    public void Labels_UseThePortalsTextForASeededCode_AndTheStoredNameOtherwise()
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var labels = new CategoryLabels(
            [new AppCategoryDto("CrmSales", "stored name unused", DateTime.UnixEpoch), new AppCategoryDto("Telephony", "Telefonie", DateTime.UnixEpoch)], localizer);
        Assert.Equal(localizer["Category.CrmSales"].Value, labels["crmsales"]);
        Assert.NotEqual("stored name unused", labels["CrmSales"]);
        Assert.Equal("Telefonie", labels["Telephony"]);
        Assert.Equal("Unknown", labels["Unknown"]);
        Assert.Equal(2, labels.Ordered.Count);
    }
}

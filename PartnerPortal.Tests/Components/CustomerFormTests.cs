using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Customers;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

[Collection(PortalCollection.Name)]
public sealed class CustomerFormTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    // MudBlazor's date picker and select bring services that only dispose asynchronously; xunit v2 would call Dispose.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static void Fill(IRenderedComponent<NewCustomer> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    private async Task<int> CountAsync(string name)
    {
        await using var db = await App.DbAsync();
        return await db.Customers.CountAsync(c => c.Name == name);
    }

    [Fact]
    public async Task LikelyDuplicate_ShowsAWarning_AndRegistersOnlyWhenConfirmed_Once()
    {
        var partner = await SignInAsPartnerAsync(Demo.Rheinland, PortalRoles.Reseller);
        var name = "Schreinerei Vogt " + Guid.NewGuid().ToString("N")[..6];
        await using (var db = await App.DbAsync())
        {
            var existing = PartnerPortal.Domain.Customers.Customer.Create(name, "DE", App.Clock.GetUtcNow().UtcDateTime, postcode: "50667");
            existing.AttributeTo(partner.Id, new DateOnly(2026, 11, 1), "test", null, App.Clock.GetUtcNow().UtcDateTime);
            db.Customers.Add(existing);
            await db.SaveChangesAsync();
        }

        var cut = Render<NewCustomer>();
        cut.WaitForAssertion(() => cut.Find("form"));
        Fill(cut, "customer-name", name.ToLowerInvariant());
        Fill(cut, "customer-postcode", "50667");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains(name, cut.Find("[data-testid=customer-duplicate]").TextContent));
        Assert.Equal(1, await CountAsync(name));
        Assert.Equal(0, await CountAsync(name.ToLowerInvariant()));

        // Confirmed twice in a row (a double click): one more customer, and the page moves to it.
        var confirm = cut.Find("[data-testid=customer-duplicate-confirm]");
        var first = confirm.ClickAsync(new());
        var second = cut.Find("[data-testid=customer-duplicate-confirm]").ClickAsync(new());
        await Task.WhenAll(first, second);
        cut.WaitForAssertion(() => Assert.Matches("/customers/[0-9a-f-]{36}$", Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Equal(1, await CountAsync(name.ToLowerInvariant()));
    }

    [Fact]
    public async Task BadInput_MarksTheFieldAtFault_AndSavesNothing()
    {
        await SignInAsPartnerAsync(Demo.Rheinland, PortalRoles.Reseller);
        var name = "Falsche USt " + Guid.NewGuid().ToString("N")[..6];
        var cut = Render<NewCustomer>();
        cut.WaitForAssertion(() => cut.Find("form"));
        Fill(cut, "customer-name", name);
        Fill(cut, "customer-vatid", "DE136695977");
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Contains("mud-input-error", cut.Find("[data-testid=customer-vatid]").OuterHtml + cut.Find("[data-testid=customer-vatid]").ParentElement!.OuterHtml));
        Assert.Empty(cut.FindAll("[data-testid=customer-duplicate]"));
        Assert.Equal(0, await CountAsync(name));
    }
}

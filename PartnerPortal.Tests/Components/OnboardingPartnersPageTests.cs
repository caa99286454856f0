using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Onboarding;
using PartnerPortal.Web.Features.Partners;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The partner list's status actions and counts, with the real services and database.</summary>
[Collection(PortalCollection.Name)]
public sealed class OnboardingPartnersPageTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    // MudDataGrid's services are only async-disposable: dispose the bUnit context asynchronously, before xUnit's Dispose.
    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    /// <summary>An active partner whose name sorts first, so it is on the grid's first page.</summary>
    private async Task<Partner> ActivePartnerAsync()
    {
        await using var db = await App.DbAsync();
        var partner = Partner.Create(PartnerKind.Reseller, "0 Testpartner " + Guid.NewGuid().ToString("N")[..8], "DE", $"t-{Guid.NewGuid():N}@t.example",
            PortalFactory.Now.UtcDateTime, PartnerStatus.Active);
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner;
    }

    [Fact]
    public async Task Operator_SuspendsWithAReason_AndReactivates()
    {
        var partner = await ActivePartnerAsync();
        SignInAsOperator();
        var cut = Render<Partners>();
        cut.WaitForAssertion(() => cut.Find($"[data-testid=suspend-{partner.Id}]"));

        cut.Find($"[data-testid=suspend-{partner.Id}]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=reason-confirm]"));
        cut.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Give a reason", cut.Markup));
        await using (var db = await App.DbAsync())
            Assert.Equal(PartnerStatus.Active, (await db.Partners.SingleAsync(p => p.Id == partner.Id)).Status);

        cut.Find("[data-testid=reason-text] textarea, textarea[data-testid=reason-text]").Change("Offene Rechnungen");
        cut.Find("[data-testid=reason-confirm]").Click();
        cut.WaitForAssertion(() => cut.Find($"[data-testid=reactivate-{partner.Id}]"));
        await using (var db = await App.DbAsync())
        {
            var stored = await db.Partners.SingleAsync(p => p.Id == partner.Id);
            Assert.Equal((PartnerStatus.Suspended, "Offene Rechnungen"), (stored.Status, stored.StatusReason));
        }

        cut.Find($"[data-testid=reactivate-{partner.Id}]").Click();
        cut.WaitForAssertion(() => cut.Find($"[data-testid=suspend-{partner.Id}]"));
        await using var after = await App.DbAsync();
        Assert.Equal(PartnerStatus.Active, (await after.Partners.SingleAsync(p => p.Id == partner.Id)).Status);
    }

    [Fact]
    public async Task Distributor_SeesItsDownlinesCustomerCounts_AndNoSuspendButtons()
    {
        await SignInAsPartnerAsync(Demo.Distributor, PortalRoles.Distributor);
        var weser = await Demo.PartnerAsync(App, Demo.Weser);
        await using var db = await App.DbAsync();
        var expected = await db.CustomerAttributions.CountAsync(a => a.PartnerId == weser.Id && a.ToExclusive == null);
        Assert.True(expected > 0);

        var cut = Render<Partners>();
        cut.WaitForAssertion(() => Assert.Equal(expected.ToString(), cut.Find($"[data-testid=customers-{weser.Id}]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid^=suspend-]"));
    }

    [Fact]
    public async Task Queue_ListsTheDemoWorldsWaitingPartners_ForTheDistributor()
    {
        await SignInAsPartnerAsync(Demo.Distributor, PortalRoles.Distributor);
        var cut = Render<OnboardingQueue>();
        cut.WaitForAssertion(() => Assert.Contains("Ostsee Digital GmbH", cut.Find("[data-testid=queue-grid]").TextContent));
        Assert.Contains("Harz Netzwerke UG", cut.Find("[data-testid=queue-grid]").TextContent);
    }
}

using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Integration;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

/// <summary>The integration service's forms: the partner's new-request form and the operator's actions, with their refusals at the field.</summary>
[Collection(PortalCollection.Name)]
public sealed class IntegrationFormsTests(PortalFactory app) : ComponentTestContext(app), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private void SignInAsOperator()
    {
        SignInAsOperator("Olga Operator");
    }

    [Fact]
    public async Task NewRequest_SubmittedEmpty_ShowsEveryMissingField_AndCreatesNothing()
    {
        var partner = await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        await using var db = await App.DbAsync();
        var before = await db.IntegrationRequests.CountAsync(r => r.RequestingPartnerId == partner.Id);

        var cut = Render<NewIntegrationRequest>();
        cut.WaitForAssertion(() => cut.Find("form"));
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Markup;
            Assert.Contains("customerId is required", text);
            Assert.Contains("appId is required", text);
            Assert.Contains("description is required", text);
            Assert.Contains("contact is required", text);
        });
        Assert.Equal(before, await db.IntegrationRequests.CountAsync(r => r.RequestingPartnerId == partner.Id));
    }

    [Fact]
    public async Task NewRequest_FromTheCustomersPage_HasTheCustomerChosen_AndOffersOnlyTheCallersOwnCustomers()
    {
        var partner = await SignInAsPartnerAsync(Demo.Weser, PortalRoles.Reseller);
        await using var db = await App.DbAsync();
        var own = await db.CustomerAttributions.Where(a => a.PartnerId == partner.Id && a.ToExclusive == null).Select(a => a.CustomerId).FirstAsync();
        var ownName = await db.Customers.Where(c => c.Id == own).Select(c => c.Name).SingleAsync();
        var service = Services.GetRequiredService<IntegrationService>();
        var options = await service.CustomerOptionsAsync();
        var ownIds = await db.CustomerAttributions.Where(a => a.PartnerId == partner.Id && a.ToExclusive == null).Select(a => a.CustomerId).ToListAsync();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.Contains(Guid.Parse(o.Id), ownIds));

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/integration-requests/new?customerId={own}");
        var cut = Render<NewIntegrationRequest>();
        // The markup encodes the name ("Weser Logistik GmbH &amp; Co. KG"): compare what a reader sees.
        cut.WaitForAssertion(() => Assert.Contains(ownName, System.Net.WebUtility.HtmlDecode(cut.Find("[data-testid=integration-customer]").OuterHtml + cut.Markup)));
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Contains("description is required", cut.Markup));
        Assert.DoesNotContain("customerId is required", cut.Markup);
    }

    private async Task<IntegrationRequestDto> OpenRequestAsync()
    {
        var reseller = await Demo.PartnerAsync(App, Demo.Weser);
        var offer = await CatalogArrange.LiveAppAsync(App, Demo.ZeitWerk);
        await using var db = await App.DbAsync();
        var customer = await db.CustomerAttributions.Where(a => a.PartnerId == reseller.Id && a.ToExclusive == null).Select(a => a.CustomerId).FirstAsync();
        var request = PartnerPortal.Domain.Integration.IntegrationRequest.Create(customer, offer.ProductId, reseller.Id, "SSO", null, "IT", new DateOnly(2026, 11, 26),
            App.Clock.GetUtcNow().UtcDateTime, "test");
        db.IntegrationRequests.Add(request);
        await db.SaveChangesAsync();
        return await Services.GetRequiredService<IntegrationService>().GetAsync(request.Id);
    }

    [Fact]
    public async Task OperatorActions_DeclineWithoutAReason_IsRefusedAtTheNote_ThenWithOne_Closes()
    {
        SignInAsOperator();
        var request = await OpenRequestAsync();
        IntegrationRequestDto? changed = null;
        var cut = Render<IntegrationOperatorActions>(p => p.Add(x => x.Request, request).Add(x => x.Changed, r => changed = r));
        cut.WaitForAssertion(() => cut.Find("[data-testid=integration-target-Declined]"));
        await cut.Find("[data-testid=integration-target-Declined]").ClickAsync(new());
        await cut.Find("[data-testid=integration-move]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("needs a note", cut.Markup));
        Assert.Null(changed);

        cut.Find("[data-testid=integration-note] textarea, textarea[data-testid=integration-note]").Change("Keine Kapazität im Dezember");
        await cut.Find("[data-testid=integration-move]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Declined", changed?.Status));
        Assert.Equal("Keine Kapazität im Dezember", changed!.History[^1].Note);
    }

    [Fact]
    public async Task OperatorActions_ScheduleOffersADate_AndACommentNeedsText()
    {
        SignInAsOperator();
        var request = await OpenRequestAsync();
        IntegrationRequestDto? changed = null;
        var cut = Render<IntegrationOperatorActions>(p => p.Add(x => x.Request, request).Add(x => x.Changed, r => changed = r));
        cut.WaitForAssertion(() => cut.Find("[data-testid=integration-target-Scheduled]"));
        Assert.Empty(cut.FindAll("[data-testid=integration-target-Done]")); // Open → Done skips steps: not offered

        await cut.Find("[data-testid=integration-comment-submit]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("note is required", cut.Find("[data-testid=integration-comment]").ParentElement!.ParentElement!.OuterHtml + cut.Markup));
        Assert.Null(changed);

        await cut.Find("[data-testid=integration-target-Scheduled]").ClickAsync(new());
        cut.WaitForAssertion(() => cut.Find("[data-testid=integration-scheduled-for]"));
        await cut.Find("[data-testid=integration-move]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Scheduled", changed?.Status));
        Assert.Equal(new DateOnly(2026, 11, 26), changed!.ScheduledFor); // today, when nothing else was wished
    }
}

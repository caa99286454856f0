using Bunit;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Components;

[Collection(PortalCollection.Name)]
public sealed class ApiKeysPageTests(PortalFactory app) : ComponentTestContext(app)
{
    [Fact]
    public async Task CreatingAKey_ShowsItOnce_AndADoubleSubmitMakesOneKey()
    {
        var partner = await SignInAsPartnerAsync(Demo.Pilot, PortalRoles.Reseller);
        var cut = Render<ApiKeys>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=api-keys-empty]")));

        var name = "Warenwirtschaft " + Guid.NewGuid().ToString("N")[..6];
        cut.Find("input[data-testid=api-key-name], [data-testid=api-key-name] input").Change(name);
        var form = cut.Find("form");
        var first = form.SubmitAsync();
        var second = cut.Find("form").SubmitAsync();
        await Task.WhenAll(first, second);

        cut.WaitForAssertion(() => Assert.StartsWith("pp_", cut.Find("[data-testid=api-key-created] pre").TextContent.Trim()));
        await using var db = await App.DbAsync();
        Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.PartnerId == partner.Id && k.Name == name));
        cut.WaitForAssertion(() => Assert.Contains(name, cut.Find("[data-testid=api-keys-table]").TextContent));
        // The list shows the hint, never the key.
        var key = cut.Find("[data-testid=api-key-created] pre").TextContent.Trim();
        Assert.DoesNotContain(key, cut.Find("[data-testid=api-keys-table]").TextContent);
    }

    [Fact]
    public async Task AKeyWithoutName_ShowsTheProblem_AndCreatesNothing()
    {
        var partner = await SignInAsPartnerAsync(Demo.Bavaria, PortalRoles.Reseller);
        await using var before = await App.DbAsync();
        var count = await before.ApiKeys.CountAsync(k => k.PartnerId == partner.Id);

        var cut = Render<ApiKeys>();
        cut.WaitForAssertion(() => cut.Find("form"));
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("1 to 100 characters", cut.Markup));
        await using var after = await App.DbAsync();
        Assert.Equal(count, await after.ApiKeys.CountAsync(k => k.PartnerId == partner.Id));
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data.Configurations;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Catalog;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

/// <summary><c>/api/v1/app-categories</c>: store data the operator manages, codes compared case-insensitively.</summary>
[Collection(PortalCollection.Name)]
public sealed class CatalogCategoryApiTests(PortalFactory app)
{
    private static string NewCode() => "Cat" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<string?> ErrorFieldAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Single().Name : null;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Demo.Weser)]
    [InlineData(Demo.ZeitWerk)]
    public async Task EverySignedInOrganisation_ListsTheSeededCategories_WithCommunication(string? partner)
    {
        using var client = app.ApiClient(partner is null ? PortalFactory.OperatorKey : await Demo.KeyForAsync(app, partner));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/app-categories?pageSize=200");
        var codes = list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Contains("Communication", codes);
        Assert.All(AppCategoryConfiguration.Seeded, seeded => Assert.Contains(seeded.Code, codes));
        Assert.Equal(list.GetProperty("total").GetInt32(), codes.Count);
    }

    [Fact]
    public async Task WithoutAKey_NothingIsListed()
    {
        using var anonymous = app.ApiClient(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/app-categories")).StatusCode);
    }

    [Fact]
    public async Task OperatorCreates_Answers201_AndTheCategoryIsReadAtItsLocation_InAnyCase()
    {
        using var op = app.ApiClient();
        var code = NewCode();
        var response = await op.PostAsJsonAsync("/api/v1/app-categories", new { code, name = " Telefonie & Konferenz " });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, created.GetProperty("code").GetString());
        Assert.Equal("Telefonie & Konferenz", created.GetProperty("name").GetString());

        using var reseller = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        var read = await reseller.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(code, read.GetProperty("code").GetString());
        var lower = await reseller.GetFromJsonAsync<JsonElement>($"/api/v1/app-categories/{code.ToLowerInvariant()}");
        Assert.Equal(code, lower.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await reseller.GetAsync($"/api/v1/app-categories/{NewCode()}")).StatusCode);
    }

    [Fact]
    public async Task ACodeThatExistsInAnotherCase_Is409NamingCode_AndAddsNothing()
    {
        using var op = app.ApiClient();
        var code = NewCode();
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/app-categories", new { code, name = "First" })).StatusCode);
        foreach (var again in new[] { code, code.ToUpperInvariant(), "communication" })
        {
            var response = await op.PostAsJsonAsync("/api/v1/app-categories", new { code = again, name = "Second" });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("code", await ErrorFieldAsync(response));
        }

        await using var db = await app.DbAsync();
        Assert.Equal("First", (await db.AppCategories.SingleAsync(c => c.NormalizedCode == code.ToUpperInvariant())).Name);
    }

    [Theory]
    [InlineData("""{"code":"X","name":"Too short"}""", "code")]
    [InlineData("""{"code":"Crm Sales","name":"Space"}""", "code")]
    [InlineData("""{"code":"Kommunikationsdienstleistungen123","name":"33 characters"}""", "code")]
    [InlineData("""{"name":"No code"}""", "code")]
    [InlineData("""{"code":"Noname1","name":" "}""", "name")]
    [InlineData("""{"code":"Noname2"}""", "name")]
    public async Task ABadCodeOrName_Is400NamingTheField(string json, string field)
    {
        using var op = app.ApiClient();
        var response = await op.PostAsync("/api/v1/app-categories", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorFieldAsync(response));
    }

    [Theory]
    [InlineData(Demo.Weser)]
    [InlineData(Demo.ZeitWerk)]
    public async Task OnlyTheOperator_AddsCategories(string partner)
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, partner));
        var code = NewCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/app-categories", new { code, name = "Mine" })).StatusCode);
        await using var db = await app.DbAsync();
        Assert.False(await db.AppCategories.AnyAsync(c => c.Code == code));
    }

    [Fact]
    public async Task AnAppNamingAnUnknownCategory_Is400NamingCategory()
    {
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var response = await isv.PostAsJsonAsync("/api/v1/apps", new { name = "Gartenplaner", category = NewCode(), platformFeeRate = 0.2m, metrics = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("category", await ErrorFieldAsync(response));
    }

    [Fact]
    public async Task AnAppNamingACategoryInAnyCase_StoresItsCanonicalCode_AndTheListFiltersByIt()
    {
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var name = "Konferenz " + Guid.NewGuid().ToString("N")[..6];
        var response = await isv.PostAsJsonAsync("/api/v1/apps", new { name, category = "communication", platformFeeRate = 0.2m, metrics = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Communication", created.GetProperty("category").GetString());
        await using (var db = await app.DbAsync())
            Assert.Equal("Communication", (await db.Apps.SingleAsync(a => a.Id == created.GetProperty("id").GetGuid())).Category);

        var list = await isv.GetFromJsonAsync<JsonElement>("/api/v1/apps?category=COMMUNICATION&pageSize=200");
        var names = list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Contains(name, names);
        Assert.Contains("ZeitWerk Telefonie", names); // the demo's telephony app is a Communication app
        Assert.All(list.GetProperty("items").EnumerateArray(), a => Assert.Equal("Communication", a.GetProperty("category").GetString()));

        var unknown = await isv.GetAsync($"/api/v1/apps?category={NewCode()}");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("category", await ErrorFieldAsync(unknown));
    }

    [Fact]
    public async Task ACategoryTheOperatorAdds_IsOneAnIsvCanUse()
    {
        using var op = app.ApiClient();
        var code = NewCode();
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/app-categories", new { code, name = "Neu" })).StatusCode);
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var response = await isv.PostAsJsonAsync("/api/v1/apps", new { name = "Neue App", category = code.ToUpperInvariant(), platformFeeRate = 0.2m, metrics = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("crmsales", "CrmSales")]
    [InlineData("CRMSALES", "CrmSales")]
    [InlineData(" Communication ", "Communication")]
    public async Task Resolve_AnswersTheCanonicalCode_InAnyCase(string given, string canonical)
    {
        var partner = await Demo.PartnerAsync(app, Demo.Weser);
        await using var db = await app.DbAsync(Tenant.ForPartner(partner.Id, partner.Kind));
        Assert.Equal(canonical, await AppCategoryService.ResolveAsync(db, given, "categoryRates.x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Gardening")]
    [InlineData("Crm Sales")]
    public async Task Resolve_RefusesAMissingOrUnknownCode_NamingTheFieldItWasGiven(string? given)
    {
        await using var db = await app.DbAsync();
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(() => AppCategoryService.ResolveAsync(db, given, "categoryRates.Gardening"));
        Assert.Equal(400, ex.Status);
        Assert.Equal("categoryRates.Gardening", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Resolve_InAContextThatDoesNotKnowWhoCalls_FindsNothing()
    {
        await using var db = await app.DbAsync(Tenant.Nobody);
        Assert.Null(await AppCategoryService.FindCodeAsync(db, "Finance"));
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class ApiKeyTests(PortalFactory app)
{
    [Fact]
    public async Task KeyIsShownOnce_StoredHashed_ActsForItsPartner_AndStopsWorkingWhenRevoked()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        using var operatorClient = app.ApiClient();
        var response = await operatorClient.PostAsJsonAsync($"/api/v1/partners/{weser.Id}/api-keys", new { name = "ERP" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var keyId = created.GetProperty("id").GetGuid();
        Assert.StartsWith("pp_", key);
        Assert.True(key.Length >= 40);

        // Stored hashed: the key appears nowhere in the table, and the list shows a hint only.
        await using (var db = await app.DbAsync())
        {
            var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == keyId);
            Assert.NotEqual(key, stored.Hash);
            Assert.Equal(64, stored.Hash.Length);
            Assert.False(await db.ApiKeys.AnyAsync(k => k.Hash == key || k.Hint == key));
        }
        var list = await operatorClient.GetStringAsync($"/api/v1/partners/{weser.Id}/api-keys");
        Assert.DoesNotContain(key, list);
        Assert.Contains("ERP", list);

        using var partnerClient = app.ApiClient(key);
        var me = await partnerClient.GetFromJsonAsync<JsonElement>($"/api/v1/partners/{weser.Id}");
        Assert.Equal(Demo.Weser, me.GetProperty("name").GetString());

        var revoke = await operatorClient.DeleteAsync($"/api/v1/partners/{weser.Id}/api-keys/{keyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await partnerClient.GetAsync($"/api/v1/partners/{weser.Id}")).StatusCode);

        await using var audit = await app.DbAsync();
        Assert.True(await audit.AuditEntries.AnyAsync(e => e.Action == "apiKey.created" && e.PartnerId == weser.Id));
        Assert.True(await audit.AuditEntries.AnyAsync(e => e.Action == "apiKey.revoked" && e.PartnerId == weser.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task KeyWithoutName_Is400_AndNoKeyIsMade(string name)
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        await using var before = await app.DbAsync();
        var count = await before.ApiKeys.CountAsync();
        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync($"/api/v1/partners/{weser.Id}/api-keys", new { name });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        await using var after = await app.DbAsync();
        Assert.Equal(count, await after.ApiKeys.CountAsync());
    }

    [Fact]
    public async Task APartnerManagesItsOwnKeys_ButNotAnothers()
    {
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/partners/{weser.Id}/api-keys", new { name = "own" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/partners/{rheinland.Id}/api-keys", new { name = "foreign" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/partners/{rheinland.Id}/api-keys")).StatusCode);
    }

    [Fact]
    public async Task ADistributorReadsItsDownline_ButCannotMakeKeysForIt()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/partners/{weser.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/partners/{weser.Id}/api-keys", new { name = "x" })).StatusCode);
    }
}

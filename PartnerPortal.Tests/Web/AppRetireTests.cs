using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 10: the operator or the app's ISV retires a live app: no new subscriptions, running ones continue,
/// and the catalog shows it as retired.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AppRetireTests(PortalFactory app)
{
    [Fact]
    public async Task TheIsvRetiresItsApp_NoNewSubscriptions_RunningOnesContinue_TheCatalogShowsItRetired()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        using var reseller = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        async Task<Guid> NewCustomerAsync()
        {
            var created = await reseller.PostAsJsonAsync("/api/v1/customers", new { name = "Ruhestand " + Guid.NewGuid().ToString("N")[..8], country = "DE" });
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        var running = await reseller.PostAsJsonAsync("/api/v1/subscriptions", new { customerId = await NewCustomerAsync(), planId = offer.VersionId, startDate = "2026-11-01" });
        Assert.Equal(HttpStatusCode.Created, running.StatusCode);
        var runningId = (await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var otherIsv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherIsv.PostAsync($"/api/v1/apps/{offer.ProductId}/retire", null)).StatusCode);

        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        var retired = await isv.PostAsync($"/api/v1/apps/{offer.ProductId}/retire", null);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.Equal("Retired", (await retired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var again = await isv.PostAsync($"/api/v1/apps/{offer.ProductId}/retire", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));

        var refused = await reseller.PostAsJsonAsync("/api/v1/subscriptions", new { customerId = await NewCustomerAsync(), planId = offer.VersionId, startDate = "2026-11-01" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("planId", out _));

        // The running subscription goes on, and still names its app; the catalog lists the app as retired.
        var still = await reseller.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{runningId}");
        Assert.Equal(JsonValueKind.Null, still.GetProperty("endDate").ValueKind);
        Assert.Equal(offer.ProductName, still.GetProperty("productName").GetString());
        var listed = await reseller.GetFromJsonAsync<JsonElement>($"/api/v1/apps/{offer.ProductId}");
        Assert.Equal("Retired", listed.GetProperty("status").GetString());
    }
}

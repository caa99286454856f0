using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 3: an ISV sees a customer through its contracts, but not who moved the customer between partners,
/// why and when, nor who entered a subscription: that is shown only to callers who may see the attributed partner.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AttributionPrivacyTests(PortalFactory app)
{
    [Fact]
    public async Task AnIsv_SeesNeitherTheAttributionHistory_NorWhoCreatedTheSubscription_ThePartnerDoes()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        using var op = app.ApiClient();
        var created = await op.PostAsJsonAsync("/api/v1/customers",
            new { name = "Umzug " + Guid.NewGuid().ToString("N")[..8], country = "DE", partnerId = weser.Id, attributedFrom = "2026-10-01" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        const string reason = "Weser hat den Kunden abgegeben";
        Assert.Equal(HttpStatusCode.OK, (await op.PutAsJsonAsync($"/api/v1/customers/{customerId}/attribution",
            new { partnerId = rheinland.Id, from = "2026-11-01", reason })).StatusCode);
        var subscribed = await op.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = offer.VersionId, startDate = "2026-11-01" });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionId = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        var seenByIsv = await isv.GetStringAsync($"/api/v1/customers/{customerId}");
        Assert.DoesNotContain(reason, seenByIsv, StringComparison.Ordinal);
        Assert.Empty((await isv.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}")).GetProperty("attributions").EnumerateArray());
        var subscriptionForIsv = await isv.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscriptionId}");
        Assert.Equal(JsonValueKind.Null, subscriptionForIsv.GetProperty("createdBy").ValueKind);
        var listForIsv = await isv.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions?customerId={customerId}");
        Assert.All(listForIsv.GetProperty("items").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("createdBy").ValueKind));

        // The attributed partner sees the history (its own rows) and who entered the contract.
        using var partner = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var seenByPartner = await partner.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}");
        var row = Assert.Single(seenByPartner.GetProperty("attributions").EnumerateArray());
        Assert.Equal(reason, row.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty((await partner.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscriptionId}")).GetProperty("createdBy").GetString()));
        // The operator sees everything.
        Assert.Equal(2, (await op.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}")).GetProperty("attributions").GetArrayLength());
    }
}

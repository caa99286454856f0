using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>Subscriptions through the public API. The clock stands at 2026-11-26 (Berlin): open days start 2026-10-01.</summary>
[Collection(PortalCollection.Name)]
public sealed class SubscriptionApiTests(PortalFactory app)
{
    private async Task<(HttpClient Client, Guid CustomerId)> RheinlandCustomerAsync()
    {
        var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var response = await client.PostAsJsonAsync("/api/v1/customers", new { name = "Vertrag " + Guid.NewGuid().ToString("N")[..8], country = "DE" });
        response.EnsureSuccessStatusCode();
        return (client, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private async Task<int> CountAsync(Guid customerId)
    {
        await using var db = await app.DbAsync();
        return await db.Subscriptions.CountAsync(s => s.CustomerId == customerId);
    }

    [Fact]
    public async Task ResellerSubscribesCustomerToLiveApp_IsvIsTheContractPartner()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        var belegfix = await Demo.PartnerAsync(app, Demo.Belegfix);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        var response = await client.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = offer.VersionId, startDate = "2026-11-01", seats = 5 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(belegfix.Id, created.GetProperty("contractPartnerId").GetGuid());
        Assert.Equal(offer.VersionId, created.GetProperty("planId").GetGuid());
        Assert.Equal(5, created.GetProperty("seats").GetInt32());
        Assert.Equal("2026-11-01", created.GetProperty("startDate").GetString());

        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(offer.ProductName, read.GetProperty("productName").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions?customerId={customerId}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        // The ISV sees the contract and the customer (it is the contract partner) but changes nothing.
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        Assert.Equal(HttpStatusCode.OK, (await isv.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await isv.GetAsync($"/api/v1/customers/{customerId}")).StatusCode);
        var byIsv = await isv.PostAsJsonAsync($"/api/v1/subscriptions/{created.GetProperty("id").GetGuid()}/cancel", new { endDate = "2026-12-01" });
        Assert.Equal(HttpStatusCode.Forbidden, byIsv.StatusCode);
        // So does the distributor: it reads its downline, it does not act for it.
        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal(HttpStatusCode.OK, (await distributor.GetAsync(response.Headers.Location)).StatusCode);
        var byDistributor = await distributor.PostAsJsonAsync($"/api/v1/subscriptions/{created.GetProperty("id").GetGuid()}/seats", new { from = "2026-12-01", seats = 9 });
        Assert.Equal(HttpStatusCode.Forbidden, byDistributor.StatusCode);
    }

    [Fact]
    public async Task PartnerAttachesItsOwnService_ItIsTheContractPartner_AnotherPartnersServiceIsRefused()
    {
        var own = await CatalogArrange.PartnerServiceAsync(app, Demo.Rheinland);
        var foreign = await CatalogArrange.PartnerServiceAsync(app, Demo.Weser);
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        var response = await client.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = own.VersionId, startDate = "2026-11-26" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rheinland.Id, created.GetProperty("contractPartnerId").GetGuid());
        Assert.Equal("service", created.GetProperty("kind").GetString());
        Assert.Equal(1, created.GetProperty("seats").GetInt32());

        var refused = await client.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = foreign.VersionId, startDate = "2026-11-26" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("planId", out _));
        Assert.Equal(1, await CountAsync(customerId));
    }

    public static TheoryData<string, string> BadSubscriptions => new()
    {
        { """{"customerId":"CUSTOMER","planId":"PLAN","startDate":"2028-01-01"}""", "startDate" },
        { """{"customerId":"CUSTOMER","planId":"PLAN"}""", "startDate" },
        { """{"customerId":"CUSTOMER","planId":"PLAN","startDate":"2026-11-26","seats":0}""", "seats" },
        { """{"customerId":"CUSTOMER","startDate":"2026-11-26"}""", "planId" },
        { """{"customerId":"CUSTOMER","planId":"DRAFT","startDate":"2026-11-26"}""", "planId" },
        { """{"customerId":"CUSTOMER","planId":"00000000-0000-0000-0000-000000000001","startDate":"2026-11-26"}""", "planId" },
        { """{"customerId":"00000000-0000-0000-0000-000000000001","planId":"PLAN","startDate":"2026-11-26"}""", "customerId" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task BadSubscription_NamesTheField_AndSavesNothing(string json, string field)
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        var draft = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix, live: false);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        json = json.Replace("CUSTOMER", customerId.ToString(), StringComparison.Ordinal).Replace("\"PLAN\"", $"\"{offer.VersionId}\"", StringComparison.Ordinal)
            .Replace("DRAFT", draft.VersionId.ToString(), StringComparison.Ordinal);
        var response = await client.PostAsync("/api/v1/subscriptions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountAsync(customerId));
    }

    [Fact]
    public async Task SameIdempotencyKeyTwice_CreatesOneSubscription()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        var key = Guid.NewGuid().ToString();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions")
            {
                Content = JsonContent.Create(new { customerId, planId = offer.VersionId, startDate = "2026-11-26" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK], statuses);
        Assert.Equal(1, await CountAsync(customerId));
    }

    [Fact]
    public async Task SeatsChangeFromADate_AndCancelEndsAtTheFirstDayNotCounted()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        var created = await (await client.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = offer.VersionId, startDate = "2026-11-01", seats = 3 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var seats = await client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/seats", new { from = "2026-12-01", seats = 8 });
        Assert.Equal(HttpStatusCode.OK, seats.StatusCode);
        var afterSeats = await seats.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(8, afterSeats.GetProperty("seats").GetInt32());
        Assert.Equal(2, afterSeats.GetProperty("seatChanges").GetArrayLength());

        var badSeats = await client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/seats", new { from = "2026-10-15", seats = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, badSeats.StatusCode);
        Assert.True((await badSeats.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));

        var early = await client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/cancel", new { endDate = "2026-11-01" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.True((await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("endDate", out _));
        var missing = await client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/cancel", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        // Ending on 2026-12-01 drops the seat change that would have started that day.
        var cancelled = await client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/cancel", new { endDate = "2026-12-01" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var after = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-12-01", after.GetProperty("endDate").GetString());
        Assert.Equal(3, after.GetProperty("seats").GetInt32());
        Assert.Equal(1, after.GetProperty("seatChanges").GetArrayLength());

        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "subscription.cancelled" && e.Subject.Contains(id.ToString())));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "subscription.created" && e.Subject.Contains(id.ToString())));
    }

    [Fact]
    public async Task IsvListsOnlyCustomersItIsTheContractPartnerOf()
    {
        var belegfixApp = await CatalogArrange.LiveAppAsync(app, Demo.Belegfix);
        var (client, customerId) = await RheinlandCustomerAsync();
        using var owned = client;
        (await client.PostAsJsonAsync("/api/v1/subscriptions", new { customerId, planId = belegfixApp.VersionId, startDate = "2026-11-26" })).EnsureSuccessStatusCode();
        var (other, otherCustomer) = await RheinlandCustomerAsync();
        using var ownedOther = other;

        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        var customers = await isv.GetFromJsonAsync<JsonElement>("/api/v1/customers?pageSize=200");
        var ids = customers.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(customerId, ids);
        Assert.DoesNotContain(otherCustomer, ids);
        using var zeitwerk = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        Assert.Equal(HttpStatusCode.NotFound, (await zeitwerk.GetAsync($"/api/v1/customers/{customerId}")).StatusCode);
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The integration service through the real pipeline on the demo portal (clock 2026-11-26): each test registers its own
/// customer and app, so the demo world's requests never change its numbers.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class IntegrationApiTests(PortalFactory app)
{
    private async Task<(HttpClient Reseller, Guid ResellerId, Guid Customer, Guid App)> ArrangeAsync(string resellerName = Demo.Weser)
    {
        var reseller = await Demo.PartnerAsync(app, resellerName);
        var client = app.ApiClient(await Demo.KeyForAsync(app, resellerName));
        var customer = await Send(client, HttpMethod.Post, "/api/v1/customers",
            new { name = "Integrationskunde " + Guid.NewGuid().ToString("N")[..8], country = "DE", postcode = "28195" }, HttpStatusCode.Created);
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.ZeitWerk);
        return (client, reseller.Id, customer.GetProperty("id").GetGuid(), offer.ProductId);
    }

    private static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Reseller_Requests_OperatorSchedulesStartsAndClosesWithACharge_HistoryAuditAndAMailPerChange()
    {
        var (reseller, resellerId, customer, appId) = await ArrangeAsync();
        using var op = app.ApiClient();
        var created = await Send(reseller, HttpMethod.Post, "/api/v1/integration-requests",
            new { customerId = customer, appId, description = "DATEV-Anbindung im Rechenzentrum", desiredDate = "2026-12-10", contact = "Frau Meyer, 0421 123456" },
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Open", created.GetProperty("status").GetString());
        Assert.Equal(resellerId, created.GetProperty("partnerId").GetGuid());
        Assert.Equal("2026-12-10", created.GetProperty("desiredDate").GetString());
        Assert.Equal(["Scheduled", "Declined"], created.GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()));

        await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{id}/status", new { status = "Scheduled", scheduledFor = "2026-12-03" }, HttpStatusCode.OK);
        await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{id}/comments", new { note = "Zugang per VPN nötig" }, HttpStatusCode.OK);
        await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{id}/status", new { status = "InProgress" }, HttpStatusCode.OK);
        var done = await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{id}/status", new { status = "Done", note = "Läuft", charge = 450.00m },
            HttpStatusCode.OK);
        Assert.Equal("Done", done.GetProperty("status").GetString());
        Assert.Equal(450.00m, done.GetProperty("charge").GetDecimal());
        Assert.Empty(done.GetProperty("nextStatuses").EnumerateArray());

        // The partner follows it: its own read shows the whole history.
        var seen = await Send(reseller, HttpMethod.Get, $"/api/v1/integration-requests/{id}", null, HttpStatusCode.OK);
        Assert.Equal(["created:Open", "status:Scheduled", "comment:Scheduled", "status:InProgress", "status:Done"],
            seen.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString() + ":" + e.GetProperty("status").GetString()));
        Assert.Equal("2026-12-03", seen.GetProperty("history")[1].GetProperty("scheduledFor").GetString());
        Assert.Equal(450.00m, seen.GetProperty("history")[4].GetProperty("charge").GetDecimal());
        var list = await Send(reseller, HttpMethod.Get, $"/api/v1/integration-requests?customerId={customer}", null, HttpStatusCode.OK);
        Assert.Equal(id, list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());

        await using var db = await app.DbAsync();
        var email = await db.Partners.Where(p => p.Id == resellerId).Select(p => p.Email).SingleAsync();
        var number = created.GetProperty("number").GetString()!;
        var mails = await db.OutboxMessages.Where(m => m.To == email && m.Subject.Contains(number)).OrderBy(m => m.Id).Select(m => m.Subject).ToListAsync();
        Assert.Equal(4, mails.Count); // scheduled, comment, in progress, done
        Assert.Contains("Done", mails[^1]);
        Assert.Equal(5, await db.AuditEntries.CountAsync(a => a.Subject == $"integration request {number}"));
    }

    [Fact]
    public async Task AnotherPartnersCustomer_IsNotFound_LikeAnUnknownOne_AndAnUnknownAppToo()
    {
        var (_, _, customer, appId) = await ArrangeAsync(Demo.Weser);
        using var other = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var body = new { customerId = customer, appId, description = "x", contact = "y" };
        var foreign = await Send(other, HttpMethod.Post, "/api/v1/integration-requests", body, HttpStatusCode.NotFound);
        var unknown = await Send(other, HttpMethod.Post, "/api/v1/integration-requests", body with { customerId = Guid.NewGuid() }, HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("detail").GetString(), foreign.GetProperty("detail").GetString());
        var (own, _, ownCustomer, _) = await ArrangeAsync(Demo.Rheinland);
        await Send(own, HttpMethod.Post, "/api/v1/integration-requests", new { customerId = ownCustomer, appId = Guid.NewGuid(), description = "x", contact = "y" },
            HttpStatusCode.NotFound);
        // An ISV, a distributor: not the customer's reseller.
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        await Send(isv, HttpMethod.Post, "/api/v1/integration-requests", body, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"appId":"$app","description":"d","contact":"c"}""", "customerId")]
    [InlineData("""{"customerId":"$customer","description":"d","contact":"c"}""", "appId")]
    [InlineData("""{"customerId":"$customer","appId":"$app","contact":"c"}""", "description")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"   ","contact":"c"}""", "description")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"$long","contact":"c"}""", "description")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"d"}""", "contact")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"d","contact":""}""", "contact")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"d","contact":"c","desiredDate":"2026-11-25"}""", "desiredDate")]
    [InlineData("""{"customerId":"$customer","appId":"$app","description":"d","contact":"c","desiredDate":"2028-01-01"}""", "desiredDate")]
    public async Task BadRequest_IsAProblemNamingTheField_AndCreatesNothing(string template, string field)
    {
        var (reseller, _, customer, appId) = await ArrangeAsync();
        var json = template.Replace("$customer", customer.ToString()).Replace("$app", appId.ToString()).Replace("$long", new string('x', 4001));
        var response = await reseller.PostAsync("/api/v1/integration-requests", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        var list = await Send(reseller, HttpMethod.Get, $"/api/v1/integration-requests?customerId={customer}", null, HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(new string[0], """{"status":"Done"}""", "status")]                                   // Open → Done skips steps
    [InlineData(new string[0], """{"status":"InProgress"}""", "status")]                       // Open → InProgress
    [InlineData(new string[0], """{"status":"Open"}""", "status")]
    [InlineData(new string[0], """{"status":"Finished"}""", "status")]
    [InlineData(new string[0], """{"status":"Declined"}""", "note")]                                      // a reason is required
    [InlineData(new string[0], """{"status":"Declined","note":"  "}""", "note")]
    [InlineData(new string[0], """{"status":"Scheduled"}""", "scheduledFor")]
    [InlineData(new string[0], """{"status":"Scheduled","scheduledFor":"2026-11-01"}""", "scheduledFor")]
    [InlineData(new string[0], """{"status":"Scheduled","scheduledFor":"2026-12-01","charge":10}""", "charge")]
    [InlineData(new[] { "Scheduled", "InProgress" }, """{"status":"Done","charge":-1}""", "charge")]
    [InlineData(new[] { "Scheduled", "InProgress" }, """{"status":"Done","charge":10.005}""", "charge")]
    [InlineData(new[] { "Scheduled", "InProgress" }, """{"status":"Done","charge":1000000.01}""", "charge")]
    [InlineData(new[] { "Scheduled", "InProgress", "Done" }, """{"status":"Declined","note":"too late"}""", "status")] // final
    [InlineData(new[] { "Declined" }, """{"status":"Scheduled","scheduledFor":"2026-12-01"}""", "status")]        // final
    public async Task StatusChange_OutsideTheRules_IsAProblemNamingTheField_AndChangesNothing(string[] before, string body, string field)
    {
        var (reseller, _, customer, appId) = await ArrangeAsync();
        using var op = app.ApiClient();
        var id = (await Send(reseller, HttpMethod.Post, "/api/v1/integration-requests", new { customerId = customer, appId, description = "d", contact = "c" },
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var step in before)
            await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{id}/status",
                new { status = step, scheduledFor = step == "Scheduled" ? "2026-12-01" : null, note = step == "Declined" ? "no capacity" : null }, HttpStatusCode.OK);
        var historyBefore = (await Send(op, HttpMethod.Get, $"/api/v1/integration-requests/{id}", null, HttpStatusCode.OK)).GetProperty("history").GetArrayLength();

        var response = await op.PostAsync($"/api/v1/integration-requests/{id}/status", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        var after = await Send(op, HttpMethod.Get, $"/api/v1/integration-requests/{id}", null, HttpStatusCode.OK);
        Assert.Equal(historyBefore, after.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task OnlyTheOperator_MovesAssignsAndComments_ThePartnerReadsIt_AndItsDistributorToo()
    {
        var (reseller, _, customer, appId) = await ArrangeAsync(Demo.Bavaria);
        var id = (await Send(reseller, HttpMethod.Post, "/api/v1/integration-requests", new { customerId = customer, appId, description = "d", contact = "c" },
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Send(reseller, HttpMethod.Post, $"/api/v1/integration-requests/{id}/status", new { status = "Declined", note = "mine" }, HttpStatusCode.Forbidden);
        await Send(reseller, HttpMethod.Post, $"/api/v1/integration-requests/{id}/comments", new { note = "hi" }, HttpStatusCode.Forbidden);
        await Send(reseller, HttpMethod.Put, $"/api/v1/integration-requests/{id}/assignee", new { userId = (string?)null }, HttpStatusCode.Forbidden);

        // The distributor of the requesting partner reads its downline's requests (Bavaria is Nordlicht's).
        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        await Send(distributor, HttpMethod.Get, $"/api/v1/integration-requests/{id}", null, HttpStatusCode.OK);
        await Send(distributor, HttpMethod.Post, "/api/v1/integration-requests", new { customerId = customer, appId, description = "d", contact = "c" },
            HttpStatusCode.Forbidden);

        // Assign to an operator user, then to nobody; a non-operator user id is refused naming userId.
        using var op = app.ApiClient();
        await using var db = await app.DbAsync();
        var operatorUser = await db.Users.Where(u => u.OrganisationKind == PartnerPortal.Web.Data.OrganisationKind.Operator).Select(u => new { u.Id, u.DisplayName }).FirstAsync();
        var assigned = await Send(op, HttpMethod.Put, $"/api/v1/integration-requests/{id}/assignee", new { userId = operatorUser.Id }, HttpStatusCode.OK);
        Assert.Equal(operatorUser.DisplayName, assigned.GetProperty("assignedTo").GetString());
        var mine = await Send(op, HttpMethod.Get, $"/api/v1/integration-requests?assignedTo={operatorUser.Id}&status=active&pageSize=200", null, HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        var partnerUser = await db.Users.Where(u => u.PartnerId != null).Select(u => u.Id).FirstAsync();
        var refused = await Send(op, HttpMethod.Put, $"/api/v1/integration-requests/{id}/assignee", new { userId = partnerUser }, HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("userId", out _));
        var unassigned = await Send(op, HttpMethod.Put, $"/api/v1/integration-requests/{id}/assignee", new { userId = (string?)null }, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, unassigned.GetProperty("assignedTo").ValueKind);
        await Send(op, HttpMethod.Get, "/api/v1/integration-requests?status=Nope", null, HttpStatusCode.BadRequest);
        await Send(op, HttpMethod.Post, $"/api/v1/integration-requests/{Guid.NewGuid()}/status", new { status = "Declined", note = "x" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheSameIdempotencyKey_MakesOneRequest()
    {
        var (reseller, _, customer, appId) = await ArrangeAsync();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/integration-requests")
            {
                Content = JsonContent.Create(new { customerId = customer, appId, description = "d", contact = "c" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await reseller.SendAsync(request);
        }
        var first = await PostAsync();
        var second = await PostAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }
}

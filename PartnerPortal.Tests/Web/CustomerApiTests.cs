using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>Customers through the public API. The clock stands at 2026-11-26 (Berlin): open days start 2026-10-01.</summary>
[Collection(PortalCollection.Name)]
public sealed class CustomerApiTests(PortalFactory app)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<JsonElement> RegisterAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/customers", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ResellerRegistersCustomer_AttributedToItselfFromToday_ReadableAtItsLocation()
    {
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var name = Unique("Metzgerei Krause GmbH");
        var response = await client.PostAsJsonAsync("/api/v1/customers", new { name, country = "de", vatId = "DE 136 695 976", postcode = "50667" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rheinland.Id, created.GetProperty("partnerId").GetGuid());
        Assert.Equal("2026-11-26", created.GetProperty("attributedFrom").GetString());
        Assert.Equal("DE136695976", created.GetProperty("vatId").GetString());

        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(name, read.GetProperty("name").GetString());
        var history = read.GetProperty("attributions");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("to").ValueKind);
        Assert.Equal(Demo.Rheinland, history[0].GetProperty("partnerName").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers?search={Uri.EscapeDataString(name)}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    public static TheoryData<string, string> BadCustomers => new()
    {
        { """{"name":"","country":"DE"}""", "name" },
        { """{"name":"X","country":"Germany"}""", "country" },
        { """{"name":"X","country":"DE","vatId":"DE136695977"}""", "vatId" },
        { """{"name":"X","country":"DE","vatId":"ATU12345678"}""", "vatId" },
        { """{"name":"X","country":"DE","attributedFrom":"2027-11-27"}""", "attributedFrom" },
        { """{"name":"X","country":"DE","attributedFrom":"2026-11-27"}""", "attributedFrom" },
        { """{"name":"X","country":"DE","partnerId":"00000000-0000-0000-0000-000000000001"}""", "partnerId" },
        { """{"name":"X","country":"DE","postcode":"12345678901234567"}""", "postcode" },
    };

    [Theory]
    [MemberData(nameof(BadCustomers))]
    public async Task BadCustomer_NamesTheField_AndSavesNothing(string json, string field)
    {
        var marker = Unique("Bad");
        json = json.Replace("\"X\"", $"\"{marker}\"", StringComparison.Ordinal);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var response = await client.PostAsync("/api/v1/customers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await using var db = await app.DbAsync();
        Assert.False(await db.Customers.AnyAsync(c => c.Name == marker));
    }

    [Fact]
    public async Task LikelyDuplicate_Answers409NamingTheExistingCustomer_UnlessConfirmed()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var name = Unique("Tischlerei Bäumer");
        var first = await RegisterAsync(client, new { name, country = "DE", postcode = "50667" });

        // Same name in another case, same postcode.
        var sameName = await client.PostAsJsonAsync("/api/v1/customers", new { name = name.ToUpperInvariant() + " ", country = "DE", postcode = "50667" });
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        var problem = await sameName.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("existingCustomerId").GetGuid());
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));

        // Same name, another postcode: not a duplicate.
        await RegisterAsync(client, new { name, country = "DE", postcode = "50668" });

        // Confirmed: registered anyway.
        var confirmed = await client.PostAsJsonAsync("/api/v1/customers?confirmDuplicate=true", new { name, country = "DE", postcode = "50667" });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
    }

    [Fact]
    public async Task SameVatId_IsALikelyDuplicate()
    {
        var vat = "DE" + Random.Shared.Next(100_000_000, 999_999_999);
        // A random number may miss the check digit: draw until one validates.
        while (!PartnerPortal.Domain.Partners.VatId.Validate(vat, "DE").IsValid) vat = "DE" + Random.Shared.Next(100_000_000, 999_999_999);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var first = await RegisterAsync(client, new { name = Unique("A"), country = "DE", vatId = vat });
        var again = await client.PostAsJsonAsync("/api/v1/customers", new { name = Unique("B"), country = "DE", vatId = vat.Insert(2, " ") });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("existingCustomerId").GetGuid());
        Assert.True(problem.GetProperty("errors").TryGetProperty("vatId", out _));
    }

    [Fact]
    public async Task SameIdempotencyKeyTwice_RegistersOneCustomer()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var name = Unique("Doppelklick AG");
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(new { name, country = "DE" }) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }
        var first = await Send();
        var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Customers.CountAsync(c => c.Name == name));

        var bad = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(new { name, country = "DE" }) };
        bad.Headers.Add("Idempotency-Key", "not-a-uuid");
        var badResponse = await client.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        Assert.True((await badResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Theory]
    [InlineData(Demo.Distributor)]
    [InlineData(Demo.Belegfix)]
    public async Task DistributorsAndIsvs_DoNotRegisterCustomers(string partner)
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, partner));
        var response = await client.PostAsJsonAsync("/api/v1/customers", new { name = Unique("Nope"), country = "DE" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OperatorRegistersForAPartner_FromAnEarlierOpenDay()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        using var client = app.ApiClient();
        var created = await RegisterAsync(client, new { name = Unique("Operator-Kunde"), country = "DE", partnerId = weser.Id, attributedFrom = "2026-10-01" });
        Assert.Equal(weser.Id, created.GetProperty("partnerId").GetGuid());
        Assert.Equal("2026-10-01", created.GetProperty("attributedFrom").GetString());
        var isv = await Demo.PartnerAsync(app, Demo.Belegfix);
        var toIsv = await client.PostAsJsonAsync("/api/v1/customers", new { name = Unique("X"), country = "DE", partnerId = isv.Id });
        Assert.Equal(HttpStatusCode.BadRequest, toIsv.StatusCode);
    }

    [Fact]
    public async Task DistributorMovesDownlineCustomer_HistoryKeepsBoth_AndTheOldPartnerLosesSight()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        var rheinlandKey = await Demo.KeyForAsync(app, Demo.Rheinland);
        using var rheinland = app.ApiClient(rheinlandKey);
        var customer = await RegisterAsync(rheinland, new { name = Unique("Umzug GmbH"), country = "DE", attributedFrom = "2026-10-05" });
        var id = customer.GetProperty("id").GetGuid();

        // The reseller itself may not move its customer away (or to itself).
        var byReseller = await rheinland.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = weser.Id, from = "2026-11-10" });
        Assert.Equal(HttpStatusCode.Forbidden, byReseller.StatusCode);

        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var pilot = await Demo.PartnerAsync(app, Demo.Pilot);
        var outsideDownline = await distributor.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = pilot.Id, from = "2026-11-10" });
        Assert.Equal(HttpStatusCode.BadRequest, outsideDownline.StatusCode);
        Assert.True((await outsideDownline.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("partnerId", out _));
        var beforeStart = await distributor.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = weser.Id, from = "2026-10-05" });
        Assert.Equal(HttpStatusCode.BadRequest, beforeStart.StatusCode);
        Assert.True((await beforeStart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));

        var moved = await distributor.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = weser.Id, from = "2026-11-10", reason = "Kunde wechselt den Betreuer" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var detail = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(weser.Id, detail.GetProperty("partnerId").GetGuid());
        var history = detail.GetProperty("attributions").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(("2026-11-10", JsonValueKind.Null), (history[0].GetProperty("from").GetString(), history[0].GetProperty("to").ValueKind));
        Assert.Equal(("2026-10-05", "2026-11-10"), (history[1].GetProperty("from").GetString(), history[1].GetProperty("to").GetString()));
        Assert.Equal("Kunde wechselt den Betreuer", history[0].GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await rheinland.GetAsync($"/api/v1/customers/{id}")).StatusCode);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "customer.attribution.moved" && e.PartnerId == weser.Id && e.Details!.Contains(id.ToString())));
    }

    [Fact]
    public async Task AttributedPartnerInvitesCustomerAdmin_MailWithSetPasswordLink_OthersCannot()
    {
        using var rheinland = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var customer = await RegisterAsync(rheinland, new { name = Unique("Einladung KG"), country = "DE" });
        var id = customer.GetProperty("id").GetGuid();
        var email = $"admin-{Guid.NewGuid():N}@kunde.example";

        var bad = await rheinland.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email = "no-at-sign" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var invited = await rheinland.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var users = await rheinland.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{id}/users");
        Assert.Equal(email, Assert.Single(users.EnumerateArray()).GetProperty("email").GetString());

        Assert.Contains("/Account/ResetPassword?code=", await app.DeliveredBodyAsync(email), StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(id, user.CustomerId);
        Assert.Null(user.PasswordHash);

        using var weser = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        Assert.Equal(HttpStatusCode.NotFound, (await weser.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email = "x@y.example" })).StatusCode);
        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal(HttpStatusCode.Forbidden, (await distributor.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email = "x@y.example" })).StatusCode);
    }

    [Fact]
    public async Task DistributorSeesDownlineCustomers_SiblingResellerDoesNot()
    {
        using var rheinland = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        var name = Unique("Sichtbar GmbH");
        var id = (await RegisterAsync(rheinland, new { name, country = "DE" })).GetProperty("id").GetGuid();
        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal(HttpStatusCode.OK, (await distributor.GetAsync($"/api/v1/customers/{id}")).StatusCode);
        using var weser = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        var list = await weser.GetFromJsonAsync<JsonElement>($"/api/v1/customers?search={Uri.EscapeDataString(name)}");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await weser.GetAsync($"/api/v1/customers/{id}")).StatusCode);
    }
}

/// <summary>Issue 12, item 5: simultaneous attribution moves never leave a customer with two current partners.</summary>
[Collection(PortalCollection.Name)]
public sealed class AttributionRaceTests(PortalFactory app)
{
    /// <summary>The race made deterministic: two contexts load the customer with the same open attribution and both move it.</summary>
    [Fact]
    public async Task TwoMovesFromTheSameState_TheSecondSaveIsRefused_ByTheOneOpenAttributionIndex()
    {
        var bavaria = await Demo.PartnerAsync(app, Demo.Bavaria);
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        var customer = PartnerPortal.Domain.Customers.Customer.Create("Race " + Guid.NewGuid().ToString("N")[..10], "DE", DateTime.UtcNow);
        customer.AttributeTo(bavaria.Id, new DateOnly(2026, 11, 1), "test", null, DateTime.UtcNow);
        await using (var db = await app.DbAsync())
        {
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        }

        await using var first = await app.DbAsync();
        await using var second = await app.DbAsync();
        var one = await first.Customers.Include(c => c.Attributions).SingleAsync(c => c.Id == customer.Id);
        var two = await second.Customers.Include(c => c.Attributions).SingleAsync(c => c.Id == customer.Id);
        one.AttributeTo(weser.Id, new DateOnly(2026, 11, 20), "first", null, DateTime.UtcNow);
        two.AttributeTo(rheinland.Id, new DateOnly(2026, 11, 21), "second", null, DateTime.UtcNow);
        await first.SaveChangesAsync();
        var refused = await Assert.ThrowsAsync<PartnerPortal.Web.Data.UniqueKeyViolationException>(() => second.SaveChangesAsync());
        Assert.Equal(["customerId"], refused.Fields);

        await using var check = await app.DbAsync();
        var open = await check.CustomerAttributions.Where(x => x.CustomerId == customer.Id && x.ToExclusive == null).ToListAsync();
        Assert.Equal(weser.Id, Assert.Single(open).PartnerId);
    }

    [Fact]
    public async Task TwoSimultaneousMoves_OneWins_TheOtherIsRefused_AndOneAttributionStaysOpen()
    {
        var bavaria = await Demo.PartnerAsync(app, Demo.Bavaria);
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        using var a = app.ApiClient();
        using var b = app.ApiClient();
        for (var round = 0; round < 12; round++)
        {
            var created = await (await a.PostAsJsonAsync("/api/v1/customers", new
            {
                name = "Race " + Guid.NewGuid().ToString("N")[..10], country = "DE", partnerId = bavaria.Id, attributedFrom = "2026-11-01",
            })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var id = created.GetProperty("id").GetGuid();
            var moves = await Task.WhenAll(
                a.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = weser.Id, from = "2026-11-20" }),
                b.PutAsJsonAsync($"/api/v1/customers/{id}/attribution", new { partnerId = rheinland.Id, from = "2026-11-20" }));
            var statuses = moves.Select(m => (int)m.StatusCode).OrderBy(s => s).ToArray();
            Assert.True(statuses[0] == 200 && statuses[1] is 400 or 409, $"round {round}: {string.Join(", ", statuses)} {string.Join(Environment.NewLine, app.Errors)}");
            await using var db = await app.DbAsync();
            Assert.Equal(1, await db.CustomerAttributions.CountAsync(x => x.CustomerId == id && x.ToExclusive == null));
        }
    }
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class PartnerApiTests(PortalFactory app)
{
    [Fact]
    public async Task OperatorCreatesPartner_ActiveAtOnce_AndReadableAtItsLocation()
    {
        using var client = app.ApiClient();
        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        var response = await client.PostAsJsonAsync("/api/v1/partners", new
        {
            kind = "Reseller", name = "Systemhaus Test GmbH", country = "de", vatId = "DE 123456789", email = "info@test.example",
            parentPartnerId = distributor.Id, pilot = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Active", created.GetProperty("status").GetString());
        Assert.Equal("DE", created.GetProperty("country").GetString());
        Assert.Equal("DE123456789", created.GetProperty("vatId").GetString());
        Assert.True(created.GetProperty("pilot").GetBoolean());

        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("Systemhaus Test GmbH", read.GetProperty("name").GetString());
        Assert.Equal(distributor.Id, read.GetProperty("parentPartnerId").GetGuid());
    }

    public static TheoryData<string, string> BadPartners => new()
    {
        { """{"kind":"Wholesaler","name":"X","country":"DE","email":"a@b.de"}""", "kind" },
        { """{"kind":"Reseller","name":"","country":"DE","email":"a@b.de"}""", "name" },
        { """{"kind":"Reseller","name":"X","country":"Germany","email":"a@b.de"}""", "country" },
        { """{"kind":"Reseller","name":"X","country":"DE","email":"no-at-sign"}""", "email" },
        { """{"kind":"Isv","name":"X","country":"DE","email":"a@b.de","parentPartnerId":"00000000-0000-0000-0000-000000000001"}""", "parentPartnerId" },
        { """{"kind":"Reseller","name":"X","country":"DE","email":"a@b.de","iban":"DE89 3704 0044 0532 0130 01"}""", "iban" }, // check digits
        { """{"kind":"Reseller","name":"X","country":"DE","email":"a@b.de","iban":"US12 3456 7890"}""", "iban" },              // not SEPA
        { """{"kind":"Reseller","name":"X","country":"DE","email":"a@b.de","iban":"DE89 3704 0044 0532 0130"}""", "iban" },    // too short
    };

    [Theory]
    [MemberData(nameof(BadPartners))]
    public async Task CreatePartner_WithABadField_Answers400NamingTheField_AndSavesNothing(string json, string field)
    {
        using var client = app.ApiClient();
        await using var before = await app.DbAsync();
        var count = await before.Partners.CountAsync();
        var response = await client.PostAsync("/api/v1/partners", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
        await using var after = await app.DbAsync();
        Assert.Equal(count, await after.Partners.CountAsync());
    }

    [Fact]
    public async Task OperatorCreatesPartnerWithIban_Normalised_FullForOperatorAndPartner_MaskedForItsDistributor()
    {
        using var client = app.ApiClient();
        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        var created = await (await client.PostAsJsonAsync("/api/v1/partners", new
        {
            kind = "Reseller", name = "IBAN Test " + Guid.NewGuid().ToString("N")[..6], country = "DE", email = "iban@test.example",
            parentPartnerId = distributor.Id, iban = "de89 3704 0044 0532 0130 00",
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("DE89370400440532013000", created.GetProperty("iban").GetString());
        Assert.Equal("DE89370400440532013000", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/partners/{id}")).GetProperty("iban").GetString());

        var own = await (await client.PostAsJsonAsync($"/api/v1/partners/{id}/api-keys", new { name = "own" })).Content.ReadFromJsonAsync<JsonElement>();
        using var partner = app.ApiClient(own.GetProperty("key").GetString());
        Assert.Equal("DE89370400440532013000", (await partner.GetFromJsonAsync<JsonElement>($"/api/v1/partners/{id}")).GetProperty("iban").GetString());

        using var parent = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal("DE89 **** **** **** **30 00", (await parent.GetFromJsonAsync<JsonElement>($"/api/v1/partners/{id}")).GetProperty("iban").GetString());
    }

    [Fact]
    public async Task AResellerKey_CannotCreatePartners()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        var response = await client.PostAsJsonAsync("/api/v1/partners", new { kind = "Reseller", name = "Sneaky", country = "DE", email = "x@y.de" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ListOfPartners_IsPaged_AndADistributorSeesItselfAndItsDownlineOnly()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/partners?pageSize=100");
        var names = page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(Demo.Distributor, names);
        Assert.Contains(Demo.Weser, names);
        Assert.Contains(Demo.Bavaria, names);
        Assert.DoesNotContain(Demo.Pilot, names);   // no parent: not in the downline
        Assert.Contains(Demo.ZeitWerk, names);      // ISVs are public: the catalog names them
        Assert.Equal(names.Count, page.GetProperty("total").GetInt32());

        var bad = await client.GetAsync("/api/v1/partners?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

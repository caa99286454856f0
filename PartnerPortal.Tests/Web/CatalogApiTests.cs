using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class CatalogApiTests(PortalFactory app)
{
    private static object Minutes => new { code = "minutes", unit = "min", aggregation = "sum", rounding = "ceilPerEvent" };

    private static object GraduatedCharge => new
    {
        type = "usage", metric = "minutes", model = "graduated",
        tiers = new object[] { new { upTo = 10, unitPrice = 10, flatFee = 2 }, new { upTo = 20, unitPrice = 5, flatFee = 3 }, new { upTo = (decimal?)null, unitPrice = 5, flatFee = 3 } },
    };

    private async Task<(HttpClient Client, JsonElement App)> NewAppAsync(string isv = Demo.ZeitWerk, string? name = null)
    {
        var client = app.ApiClient(await Demo.KeyForAsync(app, isv));
        var partner = await Demo.PartnerAsync(app, isv);
        var response = await client.PostAsJsonAsync("/api/v1/apps", new
        {
            isvPartnerId = partner.Id, name = name ?? "Zeiterfassung " + Guid.NewGuid().ToString("N")[..6], category = "Productivity",
            platformFeeRate = 0.2m, metrics = new[] { Minutes },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (client, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task IsvCreatesApp_AsDraft_WithItsMetrics_ReadableAtItsLocation()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var zeitwerk = await Demo.PartnerAsync(app, Demo.ZeitWerk);
        var response = await client.PostAsJsonAsync("/api/v1/apps", new
        {
            isvPartnerId = zeitwerk.Id, name = "Telefonie Cloud", category = "Collaboration", platformFeeRate = 0.15m,
            metrics = new object[] { Minutes, new { code = "users", unit = "user", aggregation = "uniqueCount", rounding = "none", property = "userId" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("Draft", read.GetProperty("status").GetString());
        Assert.Equal(zeitwerk.Id, read.GetProperty("isvPartnerId").GetGuid());
        Assert.Equal(0.15m, read.GetProperty("platformFeeRate").GetDecimal());
        var metrics = read.GetProperty("metrics");
        Assert.Equal("ceilPerEvent", metrics[0].GetProperty("rounding").GetString());
        Assert.Equal("uniqueCount", metrics[1].GetProperty("aggregation").GetString());
        Assert.Equal("userId", metrics[1].GetProperty("property").GetString());
    }

    [Fact]
    public async Task AnIsvKey_CreatesOnlyForItself_AndAResellerKeyNotAtAll()
    {
        var belegfix = await Demo.PartnerAsync(app, Demo.Belegfix);
        using var isv = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var body = new { isvPartnerId = belegfix.Id, name = "Foreign", category = "Finance", platformFeeRate = 0.2m, metrics = Array.Empty<object>() };
        Assert.Equal(HttpStatusCode.Forbidden, (await isv.PostAsJsonAsync("/api/v1/apps", body)).StatusCode);
        using var reseller = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        Assert.Equal(HttpStatusCode.Forbidden, (await reseller.PostAsJsonAsync("/api/v1/apps", body)).StatusCode);
        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/apps", body)).StatusCode);
    }

    public static TheoryData<string, string> BadApps => new()
    {
        { """{"name":"X","category":"Finance","platformFeeRate":0.2,"metrics":[{"code":"m","unit":"u","aggregation":"average","rounding":"none"}]}""", "metrics[0].aggregation" },
        { """{"name":"X","category":"Finance","platformFeeRate":0.2,"metrics":[{"code":"m","unit":"u","aggregation":"sum","rounding":"up"}]}""", "metrics[0].rounding" },
        { """{"name":"X","category":"Finance","platformFeeRate":0.2,"metrics":[{"code":"m","unit":"u","aggregation":"uniqueCount","rounding":"none"}]}""", "metrics[0].property" },
        { """{"name":"X","category":"Finance","platformFeeRate":0.2,"metrics":[{"code":"m","unit":"u","aggregation":"sum"},{"code":"m","unit":"u","aggregation":"max"}]}""", "metrics[1].code" },
        { """{"name":"X","category":"Finance","platformFeeRate":0.2,"metrics":[{"code":"bad code!","unit":"u","aggregation":"sum"}]}""", "metrics[0].code" },
        { """{"name":"X","category":"Gardening","platformFeeRate":0.2,"metrics":[]}""", "category" },
        { """{"name":"X","category":"Finance","platformFeeRate":1.5,"metrics":[]}""", "platformFeeRate" },
        { """{"name":" ","category":"Finance","platformFeeRate":0.2,"metrics":[]}""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadApps))]
    public async Task CreateApp_WithABadField_Answers400NamingIt_AndSavesNothing(string json, string field)
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        var belegfix = await Demo.PartnerAsync(app, Demo.Belegfix);
        await using var before = await app.DbAsync();
        var count = await before.Apps.CountAsync(a => a.IsvPartnerId == belegfix.Id);
        var response = await client.PostAsync("/api/v1/apps", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
        await using var after = await app.DbAsync();
        Assert.Equal(count, await after.Apps.CountAsync(a => a.IsvPartnerId == belegfix.Id));
    }

    [Fact]
    public async Task CreatePlan_AnswersThePlanVersion_WhoseIdSubscriptionsReference()
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        var response = await client.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new
        {
            name = "Standard", currency = "EUR", minimumCommitment = 50m,
            charges = new object[] { new { type = "flat", amount = 29m, name = "Grundgebühr" }, GraduatedCharge },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal(appId, version.GetProperty("appId").GetGuid());
        Assert.Equal(50m, version.GetProperty("minimumCommitment").GetDecimal());
        Assert.Equal("graduated", version.GetProperty("charges")[1].GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, version.GetProperty("charges")[1].GetProperty("tiers")[2].GetProperty("upTo").ValueKind);

        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(version.GetProperty("id").GetGuid(), read.GetProperty("id").GetGuid());
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/apps/{appId}/plans");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(version.GetProperty("id").GetGuid(), list.GetProperty("items")[0].GetProperty("id").GetGuid());
        await using var db = await app.DbAsync();
        var stored = await db.PlanVersions.SingleAsync(v => v.Id == version.GetProperty("id").GetGuid());
        Assert.Equal(version.GetProperty("planId").GetGuid(), stored.PlanId);
    }

    [Fact]
    public async Task ChangingAPlan_MakesANewVersion_AndTheOldOneStays()
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        var v1 = await (await client.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "Basic", currency = "EUR", charges = new object[] { new { type = "perSeat", unitPrice = 9.9m } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var planId = v1.GetProperty("planId").GetGuid();
        var response = await client.PostAsJsonAsync($"/api/v1/plans/{planId}/versions", new { charges = new object[] { new { type = "perSeat", unitPrice = 12.5m } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var v2 = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.NotEqual(v1.GetProperty("id").GetGuid(), v2.GetProperty("id").GetGuid());

        var plan = await client.GetFromJsonAsync<JsonElement>($"/api/v1/plans/{planId}");
        Assert.Equal(v2.GetProperty("id").GetGuid(), plan.GetProperty("currentVersionId").GetGuid());
        Assert.Equal(2, plan.GetProperty("versions").GetArrayLength());
        var old = await client.GetFromJsonAsync<JsonElement>($"/api/v1/plan-versions/{v1.GetProperty("id").GetGuid()}");
        Assert.Equal(9.9m, old.GetProperty("charges")[0].GetProperty("unitPrice").GetDecimal());
        Assert.False(old.GetProperty("current").GetBoolean());
    }

    public static TheoryData<string, string> BadPlans => new()
    {
        // tiers out of order
        { """[{"type":"flat","amount":1},{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":10,"unitPrice":1},{"upTo":20,"unitPrice":1},{"upTo":15,"unitPrice":1},{"upTo":null,"unitPrice":1}]}]""", "charges[1].tiers[2].upTo" },
        // no final open tier
        { """[{"type":"usage","metric":"minutes","model":"volume","tiers":[{"upTo":10,"unitPrice":1},{"upTo":20,"unitPrice":1}]}]""", "charges[0].tiers[1].upTo" },
        // negative price
        { """[{"type":"perSeat","unitPrice":-1}]""", "charges[0].unitPrice" },
        { """[{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":null,"unitPrice":1,"flatFee":-2}]}]""", "charges[0].tiers[0].flatFee" },
        // rate outside 0..1
        { """[{"type":"usage","metric":"minutes","model":"percentage","rate":1.3}]""", "charges[0].rate" },
        // package size of 0
        { """[{"type":"usage","metric":"minutes","model":"package","packageSize":0,"packagePrice":5}]""", "charges[0].packageSize" },
        // unknown model, unknown type
        { """[{"type":"usage","metric":"minutes","model":"tiered"}]""", "charges[0].model" },
        { """[{"type":"monthly","amount":5}]""", "charges[0].type" },
        // a metric the app does not define
        { """[{"type":"usage","metric":"gigabytes","model":"perUnit","unitPrice":0.1}]""", "charges[0].metric" },
        { """[]""", "charges" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task CreatePlan_WithBadCharges_Answers400NamingTheField_AndSavesNothing(string charges, string field)
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        var json = $$"""{"name":"Bad","currency":"EUR","charges":{{charges}}}""";
        var response = await client.PostAsync($"/api/v1/apps/{appId}/plans", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
        await using var db = await app.DbAsync();
        Assert.False(await db.Plans.AnyAsync(p => p.AppId == appId));
    }

    [Fact]
    public async Task IsvPublishes_ForReview_ThenTheOperatorApproves_WithAFeeRate_AndTheTimeToLiveIsKept()
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        var noPlan = await client.PostAsync($"/api/v1/apps/{appId}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, noPlan.StatusCode);
        await client.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "S", currency = "EUR", charges = new[] { GraduatedCharge } });

        var submitted = await (await client.PostAsync($"/api/v1/apps/{appId}/publish", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Submitted", submitted.GetProperty("status").GetString());
        // The ISV cannot approve itself.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/apps/{appId}/approve", new { platformFeeRate = 0 })).StatusCode);

        // Submitted 2 h 15 min ago (the shared clock is not moved; the submission time is set in the database).
        await using (var db = await app.DbAsync())
        {
            var stored = await db.Apps.SingleAsync(a => a.Id == appId);
            db.Entry(stored).Property(a => a.SubmittedAtUtc).CurrentValue = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-135);
            await db.SaveChangesAsync();
        }

        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/v1/apps/{appId}/approve", new { platformFeeRate = 1.2m })).StatusCode);
        var live = await (await op.PostAsJsonAsync($"/api/v1/apps/{appId}/approve", new { platformFeeRate = 0.18m })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Live", live.GetProperty("status").GetString());
        Assert.Equal(0.18m, live.GetProperty("platformFeeRate").GetDecimal());
        Assert.Equal(135, live.GetProperty("timeToLiveMinutes").GetInt64());

        await using var check = await app.DbAsync();
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == "app.approved" && e.Subject == created.GetProperty("name").GetString()));
        // Live apps are public: another ISV's key reads it.
        using var other = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/v1/apps/{appId}")).StatusCode);
    }

    [Fact]
    public async Task TheOperatorKey_PublishesADraft_StraightToLive()
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        await client.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "S", currency = "EUR", charges = new[] { new { type = "flat", amount = 10m } } });
        using var op = app.ApiClient();
        var response = await op.PostAsync($"/api/v1/apps/{appId}/publish", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var live = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Live", live.GetProperty("status").GetString());
        Assert.Equal(0.2m, live.GetProperty("platformFeeRate").GetDecimal());
        Assert.Equal(0, live.GetProperty("timeToLiveMinutes").GetInt64());
        // Publishing again is a conflict, not a second approval.
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"/api/v1/apps/{appId}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task TheOperatorRejects_WithAReason_AndTheAppReturnsToDraft()
    {
        var (client, created) = await NewAppAsync();
        using var owned = client;
        var appId = created.GetProperty("id").GetGuid();
        await client.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "S", currency = "EUR", charges = new[] { new { type = "flat", amount = 10m } } });
        await client.PostAsync($"/api/v1/apps/{appId}/publish", null);
        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/v1/apps/{appId}/reject", new { reason = " " })).StatusCode);
        var rejected = await (await op.PostAsJsonAsync($"/api/v1/apps/{appId}/reject", new { reason = "Beschreibung fehlt" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", rejected.GetProperty("status").GetString());
        Assert.Equal("Beschreibung fehlt", rejected.GetProperty("reviewNote").GetString());
        await using var db = await app.DbAsync(Tenant.ForPartner(created.GetProperty("isvPartnerId").GetGuid(), global::PartnerPortal.Domain.Partners.PartnerKind.Isv));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "app.rejected" && e.Details == "Beschreibung fehlt"));
    }

    [Fact]
    public async Task AResellerDefinesItsOwnService_WithTheSameCharges()
    {
        var weser = await Demo.PartnerAsync(app, Demo.Weser);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        var response = await client.PostAsJsonAsync("/api/v1/partner-services", new
        {
            partnerId = weser.Id, name = "Einrichtung und Schulung",
            charges = new object[] { new { type = "oneTime", amount = 490m }, new { type = "perSeat", unitPrice = 15m, name = "Managed Support" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.Content.ReadFromJsonAsync<JsonElement>();
        var serviceId = version.GetProperty("partnerServiceId").GetGuid();
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        var service = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(serviceId, service.GetProperty("id").GetGuid());
        Assert.Equal(version.GetProperty("id").GetGuid(), service.GetProperty("plans")[0].GetProperty("id").GetGuid());

        // A service has no metrics: a usage charge names the field; another partner's id is refused.
        var usage = await client.PostAsJsonAsync("/api/v1/partner-services", new
        {
            partnerId = weser.Id, name = "X", charges = new object[] { new { type = "usage", metric = "hours", model = "perUnit", unitPrice = 90m } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, usage.StatusCode);
        Assert.True((await usage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("charges[0].metric", out _));
        var bavaria = await Demo.PartnerAsync(app, Demo.Bavaria);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/partner-services", new
        {
            partnerId = bavaria.Id, name = "X", charges = new object[] { new { type = "flat", amount = 1m } },
        })).StatusCode);
    }
}

[Collection(PortalCollection.Name)]
public sealed class CatalogOwnershipTests(PortalFactory app)
{
    [Fact]
    public async Task ALiveApp_IsReadableByAll_ButOnlyItsIsvChangesItsPlans()
    {
        using var owner = app.ApiClient(await Demo.KeyForAsync(app, Demo.Belegfix));
        var belegfix = await Demo.PartnerAsync(app, Demo.Belegfix);
        var created = await (await owner.PostAsJsonAsync("/api/v1/apps", new { isvPartnerId = belegfix.Id, name = "Belegfix Live", category = "Finance", platformFeeRate = 0.2m, metrics = Array.Empty<object>() }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var appId = created.GetProperty("id").GetGuid();
        var version = await (await owner.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "S", currency = "EUR", charges = new[] { new { type = "flat", amount = 10m } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/apps/{appId}/publish", new { platformFeeRate = 0.1m })).StatusCode);

        using var other = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/v1/apps/{appId}/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/apps/{appId}/plans", new { name = "X", currency = "EUR", charges = new[] { new { type = "flat", amount = 0m } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/plans/{version.GetProperty("planId").GetGuid()}/versions", new { charges = new[] { new { type = "flat", amount = 0m } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/apps/{appId}/reject", new { reason = "x" })).StatusCode);
    }
}

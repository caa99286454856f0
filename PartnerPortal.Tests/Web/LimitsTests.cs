using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Audit;
using PartnerPortal.Web.Features.Usage;
using static PartnerPortal.Tests.Support.UsageArrange;

namespace PartnerPortal.Tests.Web;

/// <summary>Issue 12, item 8: range and length limits wherever a column or a number type has one, each a 400 naming the field.</summary>
[Collection(PortalCollection.Name)]
public sealed class LimitsTests(PortalFactory app)
{
    private static async Task AssertRejectsAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {text}");
    }

    [Theory]
    [InlineData("/api/v1/partners")]
    [InlineData("/api/v1/partners/invitations")]
    [InlineData("/api/v1/customers")]
    [InlineData("/api/v1/apps")]
    public async Task AHugePage_Answers400NamingPage_TheLastAllowedPageIsEmpty(string list)
    {
        using var client = app.ApiClient();
        await AssertRejectsAsync(await client.GetAsync($"{list}?page=2147483647"), "page");
        await AssertRejectsAsync(await client.GetAsync($"{list}?page=1000001&pageSize=200"), "page");
        var last = await client.GetAsync($"{list}?page=1000000&pageSize=200");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(0, (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task APartnersVatId_HasAtMost20Characters()
    {
        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/partners", new
        {
            kind = "Reseller", name = "Lange USt GmbH", country = "DE", vatId = "DE" + new string('1', 19), email = $"ust-{Guid.NewGuid():N}@test.example",
        });
        await AssertRejectsAsync(response, "vatId");
        var atTheLimit = await client.PostAsJsonAsync("/api/v1/partners", new
        {
            kind = "Reseller", name = "Genau USt GmbH", country = "DE", vatId = "DE " + new string('1', 18), email = $"ust-{Guid.NewGuid():N}@test.example",
        });
        Assert.Equal(HttpStatusCode.Created, atTheLimit.StatusCode);
    }

    [Fact]
    public async Task AnAppsDescription_HasAtMost4000Characters()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.ZeitWerk));
        var zeitwerk = await Demo.PartnerAsync(app, Demo.ZeitWerk);
        object Body(int length) => new
        {
            isvPartnerId = zeitwerk.Id, name = "Beschreibung " + Guid.NewGuid().ToString("N")[..6], category = "Productivity", platformFeeRate = 0.2m,
            metrics = Array.Empty<object>(), description = new string('x', length),
        };
        await AssertRejectsAsync(await client.PostAsJsonAsync("/api/v1/apps", Body(4001)), "description");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/apps", Body(4000))).StatusCode);
    }

    [Fact]
    public async Task AnInvitationOfALongNameAndAddress_IsCreated_ItsAuditSubjectFitsTheColumn()
    {
        using var client = app.ApiClient();
        var email = new string('a', 60) + Guid.NewGuid().ToString("N") + "@" + new string('b', 120) + ".example"; // 222 characters
        var name = "Systemhaus " + new string('N', 189); // 200 characters
        var response = await client.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name, email, country = "DE" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await using var db = await app.DbAsync();
        var subject = await db.AuditEntries.Where(e => e.Action == "partner.invited" && e.Subject.StartsWith("Reseller Systemhaus NNNN"))
            .OrderByDescending(e => e.Id).Select(e => e.Subject).FirstAsync();
        var column = db.Model.FindEntityType(typeof(AuditEntry))!.FindProperty(nameof(AuditEntry.Subject))!.GetMaxLength();
        Assert.Equal(Audit.MaxSubjectLength, column);
        Assert.True(subject.Length <= column, $"{subject.Length} characters");
        Assert.EndsWith("…", subject);
    }

    [Fact]
    public void AMonthOfEventsAtTheMaximum_FitsTheAggregatesPrecision()
    {
        // decimal(28,10): 18 integer digits, so a sum must stay below 10^18.
        const decimal column = 1_000_000_000_000_000_000m;
        Assert.True(UsageLimits.MaxQuantity * UsageLimits.EventsPerMonthThatAlwaysFit < column);
        Assert.False(UsageLimits.MaxQuantity * (UsageLimits.EventsPerMonthThatAlwaysFit + 1) < column);
    }

    [Fact]
    public async Task AnEventsQuantity_IsAtMost10To9_SoTwoAtTheMaximumStillFit()
    {
        var w = await WorldAsync(app);
        using var client = app.ApiClient(w.IsvKey);
        string Event(string quantity) =>
            $$"""{"id":"{{Guid.NewGuid():N}}","subscriptionId":"{{w.SubscriptionId}}","metric":"minutes","quantity":{{quantity}},"timestamp":"2026-11-20T08:00:00Z"}""";
        var (status, body) = await PostRawAsync(client, $$"""{"events":[{{Event("1000000000")}},{{Event("1000000000")}},{{Event("1000000000.0000000001")}},{{Event("999999999999999999")}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2, 3], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(rejected, r => Assert.Equal(UsageReasons.InvalidQuantity, r.GetProperty("code").GetString()));

        var usage = await client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{w.SubscriptionId}/usage/2026-11");
        var minutes = usage.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "minutes");
        Assert.Equal(2_000_000_000m, minutes.GetProperty("quantity").GetDecimal());
    }
}

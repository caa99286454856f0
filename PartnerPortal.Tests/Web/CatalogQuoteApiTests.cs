using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>The quote endpoint on DESIGN §4's own examples, computed by hand there.</summary>
[Collection(PortalCollection.Name)]
public sealed class CatalogQuoteApiTests(PortalFactory app)
{
    private async Task<JsonElement> QuoteAsync(string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        var response = await client.PostAsync("/api/v1/pricing/quote", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, body.ToString());
        return body;
    }

    private const string Graduated = """{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":10,"unitPrice":10,"flatFee":2},{"upTo":20,"unitPrice":5,"flatFee":3},{"upTo":null,"unitPrice":5,"flatFee":3}]}""";
    private const string Volume = """{"type":"usage","metric":"gb","model":"volume","tiers":[{"upTo":100,"unitPrice":2,"flatFee":10},{"upTo":200,"unitPrice":1,"flatFee":0},{"upTo":null,"unitPrice":0.5,"flatFee":50}]}""";

    [Theory]
    [InlineData(0, 2)]
    [InlineData(10, 102)]
    [InlineData(11, 110)]
    [InlineData(21, 163)]
    public async Task Graduated_AsInDesign(decimal minutes, decimal expected)
    {
        var body = await QuoteAsync($$$"""{"charges":[{{{Graduated}}}],"quantities":{"minutes":{{{minutes}}}}}""");
        Assert.Equal(expected, body.GetProperty("total").GetDecimal());
        Assert.Equal(expected, body.GetProperty("lines")[0].GetProperty("amount").GetDecimal());
        Assert.Equal("Usage minutes (graduated)", body.GetProperty("lines")[0].GetProperty("charge").GetString());
    }

    [Theory]
    [InlineData("100", 210)]
    [InlineData("100.5", 100.50)]
    public async Task Volume_AsInDesign(string gb, decimal expected)
    {
        var body = await QuoteAsync($$$"""{"charges":[{{{Volume}}}],"quantities":{"gb":{{{gb}}}}}""");
        Assert.Equal(expected, body.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Percentage_OverEvents_AsInDesign_1015()
    {
        var body = await QuoteAsync("""
            {"charges":[{"type":"usage","metric":"payments","model":"percentage","rate":0.01,"fixedFeePerEvent":5,"freeAmount":15}],
             "events":[{"metric":"payments","quantity":10},{"metric":"payments","quantity":10},{"metric":"payments","quantity":10}]}
            """);
        Assert.Equal(10.15m, body.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task SeatsProrationAndMinimum_EachLineRoundedToCents_TotalIsTheirSum()
    {
        // flat 10.00 × 10/31 = 3.2258… → 3.23; 3 seats × 9.99 × 10/31 = 9.6677… → 9.67; minimum 50 × 10/31 = 16.1290… − 12.90 → 3.23.
        var body = await QuoteAsync("""
            {"charges":[{"type":"flat","amount":10,"name":"Grundgebühr"},{"type":"perSeat","unitPrice":9.99}],
             "seats":3,"activeDays":10,"daysInPeriod":31,"minimumCommitment":50}
            """);
        var lines = body.GetProperty("lines");
        Assert.Equal(3, lines.GetArrayLength());
        Assert.Equal("Grundgebühr", lines[0].GetProperty("charge").GetString());
        Assert.Equal(3.23m, lines[0].GetProperty("amount").GetDecimal());
        Assert.Equal(9.67m, lines[1].GetProperty("amount").GetDecimal());
        Assert.Equal(3.23m, lines[2].GetProperty("amount").GetDecimal());
        Assert.Equal(16.13m, body.GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("""{"charges":[{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":5,"unitPrice":1},{"upTo":3,"unitPrice":1},{"upTo":null,"unitPrice":1}]}]}""", "charges[0].tiers[1].upTo")]
    [InlineData("""{"charges":[{"type":"flat","amount":1},{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":5,"unitPrice":1},{"upTo":8,"unitPrice":1},{"upTo":9,"unitPrice":1}]}]}""", "charges[1].tiers[2].upTo")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"seats":-1}""", "seats")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"activeDays":5}""", "daysInPeriod")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"events":[{"metric":"m","quantity":-2}]}""", "events[0].quantity")]
    [InlineData("""{"charges":[]}""", "charges")]
    // Issue 12, item 7: upper bounds (a minimum of 7.9e28 with proration overflowed decimal in the engine: 500).
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"activeDays":10,"daysInPeriod":31,"minimumCommitment":7.9e28}""", "minimumCommitment")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"minimumCommitment":1000000000.01}""", "minimumCommitment")]
    [InlineData("""{"charges":[{"type":"flat","amount":1000000001}]}""", "charges[0].amount")]
    [InlineData("""{"charges":[{"type":"perSeat","unitPrice":1000001}],"seats":1}""", "charges[0].unitPrice")]
    [InlineData("""{"charges":[{"type":"usage","metric":"m","model":"perUnit","unitPrice":1,"freeUnits":1e13}]}""", "charges[0].freeUnits")]
    [InlineData("""{"charges":[{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":1e13,"unitPrice":1},{"upTo":null,"unitPrice":1}]}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"charges":[{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":5,"unitPrice":2000000},{"upTo":null,"unitPrice":1}]}]}""", "charges[0].tiers[0].unitPrice")]
    public async Task BadQuote_Answers400_NamingTheField(string json, string field)
    {
        var problem = await QuoteAsync(json, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
    }
}

[Collection(PortalCollection.Name)]
public sealed class CatalogQuoteShapeTests(PortalFactory app)
{
    [Fact]
    public async Task AChargeWithoutType_IsABadRequest_NotAServerError()
    {
        using var client = app.ApiClient();
        var response = await client.PostAsync("/api/v1/pricing/quote", new StringContent("""{"charges":[{"amount":1}]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Tests.Support;

/// <summary>
/// A settlement world of its own, built through the public API on a fresh portal (no demo data): settlement is global
/// over a period, so every settlement test has its own database and its own numbers.
/// </summary>
public sealed class SettlementWorld(PortalFactory app)
{
    public PortalFactory App { get; } = app;
    public HttpClient Operator { get; } = app.ApiClient();

    public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.Created, HttpClient? client = null)
    {
        var response = await (client ?? Operator).PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PutAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Operator.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Operator).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<Guid> PartnerAsync(string kind, string name, Guid? parent = null) =>
        (await PostAsync("/api/v1/partners", new { kind, name, country = "DE", email = $"{Guid.NewGuid():N}@partner.example", parentPartnerId = parent }))
        .GetProperty("id").GetGuid();

    public async Task<string> KeyAsync(Guid partnerId) =>
        (await PostAsync($"/api/v1/partners/{partnerId}/api-keys", new { name = "test" })).GetProperty("key").GetString()!;

    /// <summary>A live app with the metric <c>minutes</c> (sum, every started minute) and one plan; answers (app, plan version).</summary>
    public async Task<(Guid App, Guid Version)> AppAsync(Guid isv, string category, decimal platformFeeRate, object[] charges, decimal? minimumCommitment = null)
    {
        var app = await PostAsync("/api/v1/apps", new
        {
            isvPartnerId = isv, name = "App " + Guid.NewGuid().ToString("N")[..6], category, platformFeeRate,
            metrics = new object[]
            {
                new { code = "minutes", unit = "min", aggregation = "sum", rounding = "ceilPerEvent" },
                new { code = "volume", unit = "EUR", aggregation = "sum", rounding = "none" },
            },
        });
        var appId = app.GetProperty("id").GetGuid();
        var version = await PostAsync($"/api/v1/apps/{appId}/plans", new { name = "Plan", currency = "EUR", charges, minimumCommitment });
        await PostAsync($"/api/v1/apps/{appId}/publish", new { platformFeeRate }, HttpStatusCode.OK);
        return (appId, version.GetProperty("id").GetGuid());
    }

    public async Task<Guid> CustomerAsync(Guid partnerId, string attributedFrom) =>
        (await PostAsync("/api/v1/customers", new { name = "Kunde " + Guid.NewGuid().ToString("N")[..8], country = "DE", partnerId, attributedFrom }))
        .GetProperty("id").GetGuid();

    public async Task<Guid> SubscribeAsync(Guid customerId, Guid planVersion, string startDate, int seats = 1) =>
        (await PostAsync("/api/v1/subscriptions", new { customerId, planId = planVersion, startDate, seats })).GetProperty("id").GetGuid();

    public async Task<Guid> CommissionPlanAsync(object body) => (await PostAsync("/api/v1/commission-plans", body)).GetProperty("id").GetGuid();

    public Task AssignAsync(Guid partnerId, Guid planId, string from) =>
        PutAsync($"/api/v1/partners/{partnerId}/commission-plan", new { commissionPlanId = planId, effectiveFrom = from });

    public async Task UsageAsync(string isvKey, params object[] events)
    {
        using var client = App.ApiClient(isvKey);
        var answer = await PostAsync("/api/v1/usage", new { events }, HttpStatusCode.OK, client);
        Assert.Equal(events.Length, answer.GetProperty("accepted").GetInt32());
    }

    /// <summary>Settles a period to its end in this process (the same runner the Hangfire jobs call).</summary>
    public async Task<string> SettleNowAsync(string period)
    {
        using var scope = App.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<SettlementRunner>();
        return (await runner.SettleNowAsync(Period.Parse(period), "test")).ToString();
    }

    public static decimal Line(JsonElement statement, string kind, Guid subscriptionId) =>
        statement.GetProperty("lines").EnumerateArray()
            .Single(l => l.GetProperty("kind").GetString() == kind && l.GetProperty("subscriptionId").GetGuid() == subscriptionId)
            .GetProperty("amount").GetDecimal();
}

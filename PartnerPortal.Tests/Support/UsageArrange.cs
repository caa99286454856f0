using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Tests.Support;

/// <summary>A live app of an ISV with one subscription, arranged straight in the database with the domain factories.</summary>
public sealed record UsageWorld(Guid IsvId, string IsvKey, Guid AppId, Guid PlanId, Guid PlanVersionId, Guid CustomerId, Guid SubscriptionId);

/// <summary>Arranges the usage tests' own ISVs, apps, plans, customers and subscriptions (never the demo world's counts).</summary>
public static class UsageArrange
{
    public static readonly AppMetric Minutes = new("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null);
    public static readonly AppMetric Gigabytes = new("storage_gb", "GB", MetricAggregation.Max, MetricRounding.None, null);
    public static readonly AppMetric Calls = new("api_calls", "call", MetricAggregation.Count, MetricRounding.None, null);
    public static readonly AppMetric Users = new("active_users", "user", MetricAggregation.UniqueCount, MetricRounding.None, "userId");

    /// <summary>
    /// A new active ISV with an API key (through the operator API), an app with every kind of metric and one subscription
    /// of a new customer (attributed to <paramref name="resellerId"/> when given).
    /// </summary>
    public static async Task<UsageWorld> WorldAsync(PortalFactory app, DateOnly? start = null, DateOnly? end = null, string? isvName = null, Guid? resellerId = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var isv = Partner.Create(PartnerKind.Isv, isvName ?? "Usage ISV " + Guid.NewGuid().ToString("N")[..8], "DE", "isv@usage.example", now, PartnerStatus.Active);
        await using (var db = await app.DbAsync())
        {
            db.Partners.Add(isv);
            await db.SaveChangesAsync();
        }

        using var client = app.ApiClient();
        var created = await (await client.PostAsJsonAsync($"/api/v1/partners/{isv.Id}/api-keys", new { name = "meter" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var (appId, planId, versionId) = await AppAsync(app, isv.Id);
        var customerId = await CustomerAsync(app, resellerId);
        var subscriptionId = await SubscriptionAsync(app, isv.Id, appId, planId, versionId, customerId, start ?? new DateOnly(2026, 9, 1), end);
        return new UsageWorld(isv.Id, key, appId, planId, versionId, customerId, subscriptionId);
    }

    /// <summary>A new active reseller of the tests' own (not a demo partner) with an API key.</summary>
    public static async Task<(Guid Id, string Name, string Key)> ResellerAsync(PortalFactory app)
    {
        var reseller = Partner.Create(PartnerKind.Reseller, "Usage Systemhaus " + Guid.NewGuid().ToString("N")[..8], "DE", "reseller@usage.example",
            app.Clock.GetUtcNow().UtcDateTime, PartnerStatus.Active);
        await using (var db = await app.DbAsync())
        {
            db.Partners.Add(reseller);
            await db.SaveChangesAsync();
        }

        using var client = app.ApiClient();
        var created = await (await client.PostAsJsonAsync($"/api/v1/partners/{reseller.Id}/api-keys", new { name = "reports" })).Content.ReadFromJsonAsync<JsonElement>();
        return (reseller.Id, reseller.Name, created.GetProperty("key").GetString()!);
    }

    public static async Task<(Guid AppId, Guid PlanId, Guid VersionId)> AppAsync(PortalFactory app, Guid isvId, string? name = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var a = App.Create(isvId, name ?? "Zeiterfassung " + Guid.NewGuid().ToString("N")[..6], "Time tracking", "Productivity", 0.2m,
            [new AppMetric(Minutes.Code, Minutes.Unit, Minutes.Aggregation, Minutes.Rounding, Minutes.Property),
             new AppMetric(Gigabytes.Code, Gigabytes.Unit, Gigabytes.Aggregation, Gigabytes.Rounding, Gigabytes.Property),
             new AppMetric(Calls.Code, Calls.Unit, Calls.Aggregation, Calls.Rounding, Calls.Property),
             new AppMetric(Users.Code, Users.Unit, Users.Aggregation, Users.Rounding, Users.Property)], now);
        a.Submit(now);
        a.Approve(0.2m, now);
        var plan = Plan.ForApp(a.Id, "minutengenau", "EUR", now);
        var version = plan.AddVersion([new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.05m }], null, now);
        await using var db = await app.DbAsync();
        db.Apps.Add(a);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        await db.SaveChangesAsync();
        return (a.Id, plan.Id, version.Id);
    }

    /// <summary>
    /// A new customer, attributed to <paramref name="resellerId"/> when given. Never to a demo reseller: other tests
    /// count the demo partners' customers.
    /// </summary>
    public static async Task<Guid> CustomerAsync(PortalFactory app, Guid? resellerId = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var customer = Customer.Create("Endkunde " + Guid.NewGuid().ToString("N")[..8] + " GmbH", "DE", now);
        if (resellerId is { } reseller) customer.AttributeTo(reseller, new DateOnly(2026, 1, 1), "test", null, now);
        await using var db = await app.DbAsync();
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    public static async Task<Guid> SubscriptionAsync(PortalFactory app, Guid isvId, Guid appId, Guid planId, Guid versionId, Guid customerId, DateOnly start, DateOnly? end = null)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var subscription = Subscription.Create(customerId, planId, versionId, appId, null, isvId, start, 1, "test", now);
        if (end is { } e) subscription.Cancel(e);
        await using var db = await app.DbAsync();
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    public static object Event(string id, Guid subscriptionId, string metric, object quantity, string timestamp, object? properties = null) =>
        properties is null
            ? new { id, subscriptionId, metric, quantity, timestamp }
            : new { id, subscriptionId, metric, quantity, timestamp, properties };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, params object[] events)
    {
        var response = await client.PostAsJsonAsync("/api/v1/usage", new { events });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(HttpClient client, string json)
    {
        var response = await client.PostAsync("/api/v1/usage", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}

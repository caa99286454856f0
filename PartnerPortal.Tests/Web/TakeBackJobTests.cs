using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Take-back jobs on an app of their own (no demo data, its own clock): the export runs on real Hangfire storage with a
/// Hangfire server and carries the settled revenue lines of its customer only; after the retrieval window the daily job
/// anonymises the customer's personal data and keeps the billing records.
/// </summary>
public sealed class TakeBackJobTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:Jobs:RunServer"] = "true", ["Portal:DemoData"] = "false" });

    [Fact]
    public void RecurringJobs_AreRegisteredOnce_InThePortalTimeZone()
    {
        _app.CreateClient().Dispose();
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs();
        Assert.Equal("30 * * * *", Assert.Single(jobs, j => j.Id == ExportJobs.RetentionId).Cron);
        Assert.Equal("*/5 * * * *", Assert.Single(jobs, j => j.Id == ExportJobs.RecoverId).Cron);
        var daily = Assert.Single(jobs, j => j.Id == SwitchingJobs.DailyId);
        Assert.Equal("Europe/Berlin", daily.TimeZoneId);
    }

    [Fact]
    public async Task Export_RunsOnHangfire_WithTheSettledRevenueLinesOfItsCustomerOnly()
    {
        var world = await new TakeBackWorld(_app).BuildAsync(eventsEach: 5, start: "2026-10-01", day: "2026-10-20");
        // An integration service done for each customer on the test clock's day (2026-11-26; the clock cannot go back to
        // October): the November run bills each charge to its customer, the October run has the usage.
        var requests = new Dictionary<Guid, Guid>();
        foreach (var (customerId, amount) in new[] { (world.Customer1, 450.00m), (world.Customer2, 120.00m) })
        {
            var request = (await world.W.PostAsync("/api/v1/integration-requests",
                new { customerId, appId = world.App, description = "Install the app", contact = "IT desk" })).GetProperty("id").GetGuid();
            await world.W.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "Scheduled", scheduledFor = "2026-11-28" }, HttpStatusCode.OK);
            await world.W.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "InProgress" }, HttpStatusCode.OK);
            await world.W.PostAsync($"/api/v1/integration-requests/{request}/status", new { status = "Done", charge = amount }, HttpStatusCode.OK);
            requests[customerId] = request;
        }

        await world.W.SettleNowAsync("2026-10");
        await world.W.SettleNowAsync("2026-11");
        using var reseller = _app.ApiClient(world.ResellerKey);
        var id = (await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted, reseller)).GetProperty("id").GetGuid();

        // Wait for the state the Hangfire server brings, not for a time.
        var export = await world.WaitForExportAsync(world.Customer1, id, reseller, "Queued", "Running");
        Assert.Equal("Ready", export.GetProperty("status").GetString());

        var zip = await (await reseller.GetAsync(export.GetProperty("downloadUrl").GetString())).Content.ReadAsByteArrayAsync();
        var entries = TakeBackWorld.Entries(zip);
        var lines = JsonDocument.Parse(entries["revenue-lines.json"]).RootElement.EnumerateArray().ToList();
        Assert.All(lines, l => Assert.Equal(world.Sub1, l.GetProperty("subscriptionId").GetGuid()));
        var line = Assert.Single(lines, l => l.GetProperty("period").GetString() == "2026-10");
        Assert.Equal("Draft", line.GetProperty("settlementStatus").GetString());
        // Flat 10.00 + 0.50 per started minute; events 1.25 + i for i = 0..4 → 2, 3, 4, 5, 6 started minutes = 20 → 10.00 + 10.00.
        Assert.Equal(20.00m, line.GetProperty("revenue").GetDecimal());
        var (_, csvLines) = TakeBackWorld.Csv(entries["revenue-lines.csv"]);
        Assert.Equal("20.00", Assert.Single(csvLines, r => r[1] == "2026-10")[13]);
        // Its own integration charge, not the other customer's.
        var charge = Assert.Single(JsonDocument.Parse(entries["customer-charges.json"]).RootElement.EnumerateArray());
        Assert.Equal(requests[world.Customer1], charge.GetProperty("integrationRequestId").GetGuid());
        Assert.Equal("2026-11", charge.GetProperty("period").GetString());
        Assert.Equal(450.00m, charge.GetProperty("amount").GetDecimal());
        var (_, csvCharges) = TakeBackWorld.Csv(entries["customer-charges.csv"]);
        Assert.Equal("450.00", Assert.Single(csvCharges)[6]);
    }

    [Fact]
    public async Task AfterTheRetrievalWindow_TheDailyJobAnonymisesPersonalData_AndKeepsBillingRecords()
    {
        var world = await new TakeBackWorld(_app).BuildAsync(eventsEach: 2, start: "2026-10-01", day: "2026-10-20");
        await world.W.SettleNowAsync("2026-10");
        var email = $"admin-{Guid.NewGuid():N}@kunde.example";
        await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/users", new { email });
        var customerKey = await TakeBackWorld.CustomerKeyAsync(_app, world.Customer1);
        using var customer = _app.ApiClient(customerKey);
        // Notice on 2026-11-26 (the clock): 30 + 30 days → anonymised from 2027-01-25 (Europe/Berlin).
        await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/switching", new { }, HttpStatusCode.Created, customer);
        var exportId = (await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted, customer)).GetProperty("id").GetGuid();
        // This portal runs a Hangfire server: wait for the export it builds (running it here as well raced the server's
        // run, which could write chunks after the anonymisation removed them).
        var export = await world.WaitForExportAsync(world.Customer1, exportId, customer, "Queued", "Running");
        Assert.Equal("Ready", export.GetProperty("status").GetString());
        var request = (await world.W.PostAsync("/api/v1/integration-requests",
            new { customerId = world.Customer1, appId = world.App, description = "Install the app", contact = "Erika Muster, +49 170 1234567" })).GetProperty("id").GetGuid();

        async Task<IReadOnlyList<Guid>> RunDailyAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<SwitchingJobs>().AnonymiseDueAsync(CancellationToken.None);
        }

        // 2027-01-24 23:30 in Berlin (22:30 UTC): the last day of the retrieval window, nothing happens.
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 24, 22, 30, 0, TimeSpan.Zero));
        Assert.DoesNotContain(world.Customer1, await RunDailyAsync());
        // 2027-01-25 00:30 in Berlin (23:30 UTC the day before): anonymised, once.
        _app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 24, 23, 30, 0, TimeSpan.Zero));
        Assert.Contains(world.Customer1, await RunDailyAsync());
        Assert.DoesNotContain(world.Customer1, await RunDailyAsync());

        await using var db = await _app.DbAsync();
        var c1 = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == world.Customer1);
        Assert.StartsWith("Anonymised customer ", c1.Name);
        Assert.Equal("DE", c1.Country);
        var users = await db.Users.AsNoTracking().Where(u => u.CustomerId == world.Customer1).ToListAsync();
        Assert.NotEmpty(users);
        Assert.All(users, u =>
        {
            Assert.EndsWith("@anonymised.invalid", u.Email);
            Assert.Equal(u.Email, u.UserName);
            Assert.Null(u.PasswordHash);
            Assert.Equal("Anonymised", u.DisplayName);
        });
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == email || m.HtmlBody.Contains(email)));
        Assert.False(await db.ApiKeys.AnyAsync(k => k.CustomerId == world.Customer1 && k.RevokedAtUtc == null));
        Assert.Equal("Anonymised", (await db.IntegrationRequests.AsNoTracking().SingleAsync(r => r.Id == request)).Contact); // a person's name and phone
        Assert.False(await db.CustomerExportChunks.AnyAsync(ch => ch.ExportId == exportId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync($"/api/v1/customers/{world.Customer1}/switching")).StatusCode);
        // Billing records stay: the revenue line, the usage aggregates and the statement lines naming the customer.
        Assert.Equal(1, await db.RevenueLines.CountAsync(l => l.CustomerId == world.Customer1));
        Assert.True(await db.UsageAggregates.AnyAsync(a => a.SubscriptionId == world.Sub1));
        Assert.True(await db.StatementLines.AnyAsync(l => l.CustomerId == world.Customer1));
        Assert.Equal("Anonymised", (await world.W.GetAsync($"/api/v1/customers/{world.Customer1}/switching")).GetProperty("status").GetString());
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "customer.anonymised" && a.Subject == $"customer {world.Customer1}").ToListAsync());
        // The other customer of the same partner is untouched; a new export of the anonymised one is refused.
        Assert.DoesNotContain("Anonymised", (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == world.Customer2)).Name);
        await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Conflict);
    }

    [Fact]
    public void Settings_DefaultToTheDataAct_AndRefuseWhatItDoesNotAllow()
    {
        static TakeBackSettings Load(params (string Key, string Value)[] values) =>
            TakeBackSettings.Load(Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
                values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

        Assert.Equal(new TakeBackSettings(TimeSpan.FromDays(30), 30, 30), Load());
        Assert.Equal(TimeSpan.FromHours(36), Load(("Portal:Exports:Retention", "1.12:00:00")).ExportRetention);
        Assert.Equal(14, Load(("Portal:Switching:TransitionalDays", "14")).TransitionalDays);
        foreach (var (key, value) in new[] { ("Portal:Switching:TransitionalDays", "31"), ("Portal:Switching:RetrievalDays", "29"), ("Portal:Exports:Retention", "soon"),
                     ("Portal:Exports:Retention", "-1.00:00:00") })
            Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => Load((key, value))).Message);
    }

    public void Dispose() => _app.Dispose();
}

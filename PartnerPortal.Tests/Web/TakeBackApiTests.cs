using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Data take-back through the real HTTP pipeline: the export of one of two customers with interleaved usage holds exactly
/// that customer's data (every file parsed, the manifest's hashes, sizes and row counts checked); who may request and
/// download; a second request while one runs; retention; the switching notice with hand-computed dates.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TakeBackApiTests(PortalFactory app)
{
    private static readonly string[] DataSets = ["customer", "attributions", "subscriptions", "plan-versions", "partner-services", "usage-events", "revenue-lines", "customer-charges"];

    [Fact]
    public async Task Export_HoldsExactlyTheCustomersData_AndTheManifestMatchesEveryFile()
    {
        var world = await new TakeBackWorld(app).BuildAsync(eventsEach: 12);
        using var reseller = app.ApiClient(world.ResellerKey);

        var requested = await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted, reseller);
        Assert.Equal("Queued", requested.GetProperty("status").GetString());
        var exportId = requested.GetProperty("id").GetGuid();
        await TakeBackWorld.RunExportAsync(app, exportId);

        var export = await world.W.GetAsync($"/api/v1/customers/{world.Customer1}/exports/{exportId}", reseller);
        Assert.Equal("Ready", export.GetProperty("status").GetString());
        Assert.Equal(100, export.GetProperty("progress").GetInt32());
        Assert.Equal(12, export.GetProperty("usageEvents").GetInt64());
        var link = export.GetProperty("downloadUrl").GetString()!;
        Assert.Equal($"/api/v1/customers/{world.Customer1}/exports/{exportId}/download", link);

        var response = await reseller.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var zip = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(export.GetProperty("sizeBytes").GetInt64(), zip.Length);
        Assert.Equal(export.GetProperty("sha256").GetString(), TakeBackWorld.Sha256(zip));

        var entries = TakeBackWorld.Entries(zip);
        var expectedNames = DataSets.SelectMany(d => new[] { d + ".json", d + ".csv" }).Append("manifest.json").Order().ToList();
        Assert.Equal(expectedNames, entries.Keys.Order().ToList());

        var manifest = JsonDocument.Parse(entries["manifest.json"]).RootElement;
        Assert.Equal("1.0", manifest.GetProperty("schemaVersion").GetString());
        Assert.Equal(world.Customer1, manifest.GetProperty("customerId").GetGuid());
        Assert.Equal(PortalFactory.Now.UtcDateTime, manifest.GetProperty("exportedAtUtc").GetDateTime().ToUniversalTime());
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(expectedNames.Count - 1, files.Count);
        foreach (var file in files)
        {
            var name = file.GetProperty("name").GetString()!;
            var bytes = entries[name];
            Assert.Equal(TakeBackWorld.Sha256(bytes), file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
            var rows = name.EndsWith(".json", StringComparison.Ordinal)
                ? JsonDocument.Parse(bytes).RootElement.GetArrayLength()
                : TakeBackWorld.Csv(bytes).Rows.Count;
            Assert.Equal(rows, file.GetProperty("rows").GetInt64());
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), name + " starts with a byte order mark");
        }

        // Exactly customer 1's data: its events (all of them, none of customer 2's), its one subscription, its master data.
        var eventsJson = JsonDocument.Parse(entries["usage-events.json"]).RootElement.EnumerateArray().ToList();
        Assert.Equal(world.Events1.Order(), eventsJson.Select(e => e.GetProperty("id").GetString()!).Order());
        Assert.All(eventsJson, e => Assert.Equal(world.Sub1, e.GetProperty("subscriptionId").GetGuid()));
        var first = eventsJson.Single(e => e.GetProperty("id").GetString() == world.Events1[0]);
        Assert.Equal(1.25m, first.GetProperty("quantity").GetDecimal());
        Assert.Equal(2m, first.GetProperty("billableQuantity").GetDecimal());
        Assert.Equal("2026-11-20T08:00:00.0000000Z", first.GetProperty("timestampUtc").GetString());
        Assert.Equal("2026-11", first.GetProperty("period").GetString());

        var (header, csvEvents) = TakeBackWorld.Csv(entries["usage-events.csv"]);
        Assert.Equal(["id", "subscriptionId", "metric", "quantity", "billableQuantity", "timestampUtc", "period", "properties", "receivedAtUtc"], header);
        Assert.Equal(world.Events1.Order(), csvEvents.Select(r => r[0]).Order());
        var csvFirst = csvEvents.Single(r => r[0] == world.Events1[0]);
        Assert.Equal("1.25", csvFirst[3]);
        // The properties' JSON (with a comma and quotes) survives the CSV's quoting.
        Assert.Equal("+49 40 0, \"quoted\"", JsonDocument.Parse(csvFirst[7]).RootElement.GetProperty("caller").GetString());

        var subscriptions = JsonDocument.Parse(entries["subscriptions.json"]).RootElement;
        Assert.Equal(world.Sub1, Assert.Single(subscriptions.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(world.Isv, subscriptions[0].GetProperty("contractPartnerId").GetGuid());
        var customer = Assert.Single(JsonDocument.Parse(entries["customer.json"]).RootElement.EnumerateArray());
        Assert.Equal(world.Customer1, customer.GetProperty("id").GetGuid());
        Assert.Equal(world.Reseller, customer.GetProperty("partnerId").GetGuid());
        Assert.Single(JsonDocument.Parse(entries["attributions.json"]).RootElement.EnumerateArray());
        Assert.Single(JsonDocument.Parse(entries["plan-versions.json"]).RootElement.EnumerateArray());

        string customer2Name;
        await using (var db = await app.DbAsync())
            customer2Name = await db.Customers.Where(c => c.Id == world.Customer2).Select(c => c.Name).SingleAsync();
        foreach (var (name, bytes) in entries)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            foreach (var foreign in new[] { world.Customer2.ToString(), world.Sub2.ToString(), world.Sub2.ToString("N"), customer2Name })
                Assert.False(text.Contains(foreign, StringComparison.OrdinalIgnoreCase), $"{name} contains customer 2's '{foreign}'");
        }

        // The request and the download are in the audit log, for the partner to read too.
        await using (var db = await app.DbAsync())
        {
            var actions = await db.AuditEntries.Where(a => a.Subject == $"customer {world.Customer1}").Select(a => a.Action).ToListAsync();
            Assert.Contains("export.requested", actions);
            Assert.Contains("export.downloaded", actions);
        }
    }

    [Fact]
    public async Task ASecondRequestWhileOneRuns_AnswersTheRunningOne_AlsoWhenTheyRace()
    {
        var world = await new TakeBackWorld(app).BuildAsync(eventsEach: 1);
        using var reseller = app.ApiClient(world.ResellerKey);
        var path = $"/api/v1/customers/{world.Customer1}/exports";
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => reseller.PostAsync(path, null)));
        foreach (var a in answers) Assert.True(a.StatusCode == HttpStatusCode.Accepted, $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()} {string.Join("\n", app.Errors)}");
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        var id = Assert.Single(ids.Distinct());
        var again = await world.W.PostAsync(path, new { }, HttpStatusCode.Accepted);
        Assert.Equal(id, again.GetProperty("id").GetGuid());

        // Once it is done, a new request makes a new export; the list shows both, newest first.
        await TakeBackWorld.RunExportAsync(app, id);
        await TakeBackWorld.RunExportAsync(app, id); // a second delivery of the job changes nothing
        var next = await world.W.PostAsync(path, new { }, HttpStatusCode.Accepted, reseller);
        Assert.NotEqual(id, next.GetProperty("id").GetGuid());
        var list = await world.W.GetAsync(path + "?pageSize=1", reseller);
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(next.GetProperty("id").GetGuid(), Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var done = await world.W.GetAsync($"{path}/{id}", reseller);
        Assert.Equal("Ready", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OnlyTheCustomer_ItsPartner_AndTheOperator_MayExport_OthersGet404()
    {
        var world = await new TakeBackWorld(app).BuildAsync(eventsEach: 1);
        var customerKey = await TakeBackWorld.CustomerKeyAsync(app, world.Customer1);
        var otherCustomerKey = await TakeBackWorld.CustomerKeyAsync(app, world.Customer2);
        var stranger = await world.W.KeyAsync(await world.W.PartnerAsync("Reseller", "TB Stranger"));
        var distributorId = await world.W.PartnerAsync("Distributor", "TB Distributor");
        var child = await world.W.PartnerAsync("Reseller", "TB Child", distributorId);
        var childCustomer = await world.W.CustomerAsync(child, "2026-11-01");

        using var customer = app.ApiClient(customerKey);
        var export = await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted, customer);
        var exportId = export.GetProperty("id").GetGuid();
        await TakeBackWorld.RunExportAsync(app, exportId);
        var baseUrl = $"/api/v1/customers/{world.Customer1}/exports";
        foreach (var allowed in new[] { app.ApiClient(customerKey), app.ApiClient(world.ResellerKey), app.ApiClient() })
            using (allowed)
            {
                Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync($"{baseUrl}/{exportId}")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync($"{baseUrl}/{exportId}/download")).StatusCode);
            }

        // Strangers: another customer, a reseller of nobody here, the ISV that is the contract partner, a distributor of another line.
        foreach (var key in new[] { otherCustomerKey, stranger, world.IsvKey, await world.W.KeyAsync(distributorId) })
        {
            using var client = app.ApiClient(key);
            foreach (var url in new[] { baseUrl, $"{baseUrl}/{exportId}", $"{baseUrl}/{exportId}/download", $"/api/v1/customers/{world.Customer1}/switching" })
            {
                var r = await client.GetAsync(url);
                Assert.True(r.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)r.StatusCode}");
                Assert.DoesNotContain(exportId.ToString(), await r.Content.ReadAsStringAsync());
            }

            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(baseUrl, null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/customers/{world.Customer1}/switching", new { })).StatusCode);
        }

        // A distributor sees its downline's customers, but taking data back is the customer's, its partner's and the operator's.
        using (var distributor = app.ApiClient(await world.W.KeyAsync(distributorId)))
            Assert.Equal(HttpStatusCode.NotFound, (await distributor.PostAsync($"/api/v1/customers/{childCustomer}/exports", null)).StatusCode);

        // Unknown customer and unknown export: 404 for everybody, the operator too; an export asked under another customer's path too.
        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsync($"/api/v1/customers/{Guid.NewGuid()}/exports", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"{baseUrl}/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"{baseUrl}/{Guid.NewGuid()}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/v1/customers/{world.Customer2}/exports/{exportId}")).StatusCode);
    }

    [Fact]
    public async Task ExpiredExports_AreRemovedByTheRetentionJob_AndTheLinkAnswers404()
    {
        var world = await new TakeBackWorld(app).BuildAsync(eventsEach: 2);
        var id = (await world.W.PostAsync($"/api/v1/customers/{world.Customer1}/exports", new { }, HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await TakeBackWorld.RunExportAsync(app, id);
        var ready = await world.W.GetAsync($"/api/v1/customers/{world.Customer1}/exports/{id}");
        // Portal:Exports:Retention defaults to 30 days (DESIGN §9).
        Assert.Equal(PortalFactory.Now.UtcDateTime.AddDays(30), ready.GetProperty("expiresAtUtc").GetDateTime().ToUniversalTime());

        await using (var db = await app.DbAsync())
        {
            Assert.True(await db.CustomerExportChunks.AnyAsync(c => c.ExportId == id));
            await db.CustomerExports.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ExpiresAtUtc, PortalFactory.Now.UtcDateTime.AddMinutes(-1)));
        }

        using (var scope = app.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ExportJobs>().RemoveExpiredAsync(CancellationToken.None) >= 1);
        var expired = await world.W.GetAsync($"/api/v1/customers/{world.Customer1}/exports/{id}");
        Assert.Equal("Expired", expired.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("downloadUrl").ValueKind);
        using var op = app.ApiClient();
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/v1/customers/{world.Customer1}/exports/{id}/download")).StatusCode);
        await using (var db = await app.DbAsync())
            Assert.False(await db.CustomerExportChunks.AnyAsync(c => c.ExportId == id));
    }

    [Fact]
    public async Task Notice_StartsTheDataActTimeline_WithHandComputedDates_OnceUntilWithdrawn()
    {
        var world = await new TakeBackWorld(app).BuildAsync(eventsEach: 1);
        using var reseller = app.ApiClient(world.ResellerKey);
        var path = $"/api/v1/customers/{world.Customer1}/switching";
        Assert.Equal("None", (await world.W.GetAsync(path, reseller)).GetProperty("status").GetString());

        // Clock 2026-11-26 10:00 UTC = 11:00 in Berlin. 30 days transitional: 2026-11-26 .. 2026-12-25; 30 days retrieval:
        // 2026-12-26 .. 2027-01-24; anonymised from 2027-01-25.
        var notice = await world.W.PostAsync(path, new { reason = "moving to another provider" }, HttpStatusCode.Created, reseller);
        Assert.Equal("Transitional", notice.GetProperty("status").GetString());
        Assert.Equal("2026-11-26", notice.GetProperty("noticeDate").GetString());
        Assert.Equal("2026-12-25", notice.GetProperty("lastDayOfTransition").GetString());
        Assert.Equal("2026-12-26", notice.GetProperty("transitionEndsExclusive").GetString());
        Assert.Equal("2027-01-24", notice.GetProperty("lastDayOfRetrieval").GetString());
        Assert.Equal("2027-01-25", notice.GetProperty("anonymiseOn").GetString());

        var customerKey = await TakeBackWorld.CustomerKeyAsync(app, world.Customer1);
        using (var customer = app.ApiClient(customerKey))
        {
            Assert.Equal("2027-01-25", (await world.W.GetAsync(path, customer)).GetProperty("retrievalEndsExclusive").GetString());
            await world.W.PostAsync(path, new { }, HttpStatusCode.Conflict, customer);
        }

        var withdrawn = await reseller.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await world.W.GetAsync(path)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await reseller.DeleteAsync(path)).StatusCode);
        await world.W.PostAsync(path, new { reason = new string('x', 1001) }, HttpStatusCode.BadRequest);
        Assert.Equal("Transitional", (await world.W.PostAsync(path, new { }, HttpStatusCode.Created)).GetProperty("status").GetString());

        await using var db = await app.DbAsync();
        var actions = await db.AuditEntries.Where(a => a.Subject == $"customer {world.Customer1}").Select(a => a.Action).ToListAsync();
        Assert.Equal(2, actions.Count(a => a == "switching.notice"));
        Assert.Contains("switching.withdrawn", actions);
    }
}

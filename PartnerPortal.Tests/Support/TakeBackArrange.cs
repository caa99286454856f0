using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Tests.Support;

/// <summary>A take-back world: a reseller with two customers, an ISV app with usage for both, interleaved.</summary>
public sealed class TakeBackWorld(PortalFactory app)
{
    public SettlementWorld W { get; } = new(app);
    public Guid Reseller { get; private set; }
    public string ResellerKey { get; private set; } = "";
    public Guid Isv { get; private set; }
    public string IsvKey { get; private set; } = "";
    public Guid Customer1 { get; private set; }
    public Guid Customer2 { get; private set; }
    public Guid App { get; private set; }
    public Guid Sub1 { get; private set; }
    public Guid Sub2 { get; private set; }
    public List<string> Events1 { get; } = [];
    public List<string> Events2 { get; } = [];

    /// <summary>Builds the world; <paramref name="eventsEach"/> events per customer, sent interleaved in batches (so their runs interleave).</summary>
    public async Task<TakeBackWorld> BuildAsync(int eventsEach = 12, string start = "2026-11-01", string day = "2026-11-20")
    {
        Reseller = await W.PartnerAsync("Reseller", "TB Reseller " + Guid.NewGuid().ToString("N")[..6]);
        ResellerKey = await W.KeyAsync(Reseller);
        Isv = await W.PartnerAsync("Isv", "TB ISV " + Guid.NewGuid().ToString("N")[..6]);
        IsvKey = await W.KeyAsync(Isv);
        var (appId, version) = await W.AppAsync(Isv, "Communication", 0.2m,
            [new { type = "flat", amount = 10m }, new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.5m }]);
        App = appId;
        Customer1 = await W.CustomerAsync(Reseller, start);
        Customer2 = await W.CustomerAsync(Reseller, start);
        Sub1 = await W.SubscribeAsync(Customer1, version, start);
        Sub2 = await W.SubscribeAsync(Customer2, version, start);
        var batch = new List<object>();
        for (var i = 0; i < eventsEach; i++)
        {
            foreach (var (sub, list) in new[] { (Sub1, Events1), (Sub2, Events2) })
            {
                var id = $"tb-{sub:N}-{i}";
                list.Add(id);
                batch.Add(new { id, subscriptionId = sub, metric = "minutes", quantity = 1.25m + i, timestamp = $"{day}T{8 + i % 10:00}:{i % 60:00}:00Z",
                    properties = new { caller = $"+49 40 {i}, \"quoted\"" } });
            }

            if (batch.Count >= 8)
            {
                await W.UsageAsync(IsvKey, [.. batch]);
                batch.Clear();
            }
        }

        if (batch.Count > 0) await W.UsageAsync(IsvKey, [.. batch]);
        return this;
    }

    /// <summary>An API key of the customer itself (customer keys are issued by the operator's tooling; here straight into the table).</summary>
    public static async Task<string> CustomerKeyAsync(PortalFactory app, Guid customerId)
    {
        var key = ApiKey.NewSecret();
        await using var db = await app.DbAsync();
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.NewGuid(), OrganisationKind = OrganisationKind.Customer, CustomerId = customerId, Name = "customer test", Hint = ApiKey.HintOf(key),
            Hash = ApiKey.HashOf(key), CreatedAtUtc = DateTime.UtcNow, CreatedBy = "test",
        });
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>
    /// Waits for a state, not a time (up to two minutes), while the export's status is one of <paramref name="whileStatuses"/>
    /// (a Hangfire server builds it); answers the export as the API shows it then.
    /// </summary>
    public async Task<JsonElement> WaitForExportAsync(Guid customerId, Guid exportId, HttpClient client, params string[] whileStatuses)
    {
        JsonElement export;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            export = await W.GetAsync($"/api/v1/customers/{customerId}/exports/{exportId}", client);
        } while (whileStatuses.Contains(export.GetProperty("status").GetString()) && waited.Elapsed < TimeSpan.FromMinutes(2));
        return export;
    }

    /// <summary>Runs the export job in this process, through DI (the same class Hangfire runs).</summary>
    public static async Task RunExportAsync(PortalFactory app, Guid exportId)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ExportJobs>().RunAsync(exportId, CancellationToken.None);
    }

    /// <summary>Every entry of a zip: name → bytes.</summary>
    public static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A CSV file's header and rows (CsvHelper's reader: quoted fields with commas, quotes and line breaks).</summary>
    public static (IReadOnlyList<string> Header, List<string[]> Rows) Csv(byte[] bytes)
    {
        using var csv = CsvHelper.CsvReader.Create(bytes, null);
        csv.ReadHeader();
        var header = csv.Headers!.ToList();
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "").ToArray());
        return (header, rows);
    }
}

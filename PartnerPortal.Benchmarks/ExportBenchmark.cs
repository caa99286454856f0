using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PartnerPortal.Benchmarks;

/// <summary>
/// Data take-back benchmark: a customer with N raw usage events (and a second customer whose events are interleaved in
/// blocks, 1 block in 11), generated set-based with SQL into a SQLite world cached under /tmp; then the portal (Release
/// build, Hangfire server on) exports the customer through <c>POST /api/v1/customers/{id}/exports</c>, followed through
/// <c>GET …/exports/{exportId}</c> until Ready. Reports wall-clock time, the server's CPU and peak working set, downloads
/// the zip, checks its SHA-256 and that the manifest counts exactly the customer's N events.
///
///   dotnet build -c Release PartnerPortal.Web &amp;&amp; dotnet run -c Release --project PartnerPortal.Benchmarks -- export [events=2000000] [--fresh]
/// </summary>
internal static class ExportBenchmark
{
    private const int Block = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 2_000_000;
        events = Math.Max(Block, events / Block * Block);
        var fresh = args.Contains("--fresh");
        var root = SettlementBenchmark.FindRepositoryRoot();
        if (SettlementBenchmark.ServerDll(root) is not { } serverDll) return 2;
        var schema = SettlementBenchmark.Schema(root);
        var folder = Path.Combine(Path.GetTempPath(), $"pp-export-world-v1-{schema}-{events}");
        var database = Path.Combine(folder, "portal.db");
        var marker = Path.Combine(folder, "generated.json");
        if (fresh && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        if (!File.Exists(marker))
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            var generate = Stopwatch.StartNew();
            Guid customer, isv, subA, subB;
            using (var server = SettlementBenchmark.StartServer(serverDll, folder, runJobs: false, out var url))
            {
                await SettlementBenchmark.WaitHealthyAsync(server, url);
                (customer, isv, subA, subB) = await ArrangeAsync(url);
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            SqliteConnection.ClearAllPools();
            Generate($"Data Source={database}", events, isv, subA, subB);
            SqliteConnection.ClearAllPools();
            await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(new { customer, seconds = generate.Elapsed.TotalSeconds, bytes = new FileInfo(database).Length }));
            Console.WriteLine($"Generated in {generate.Elapsed.TotalSeconds:0.0} s ({new FileInfo(database).Length / 1024 / 1024:N0} MB)");
        }
        else
        {
            Console.WriteLine($"Reusing {database} (--fresh generates it again)");
        }

        var customerId = JsonDocument.Parse(await File.ReadAllTextAsync(marker)).RootElement.GetProperty("customer").GetGuid();
        await using (var db = new SqliteConnection($"Data Source={database}"))
        {
            db.Open();
            Exec(db, "DELETE FROM \"CustomerExportChunks\"; DELETE FROM \"CustomerExports\"; PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
        using var portal = SettlementBenchmark.StartServer(serverDll, folder, runJobs: true, out var baseUrl);
        try
        {
            await SettlementBenchmark.WaitHealthyAsync(portal, baseUrl);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SettlementBenchmark.OperatorKey);
            portal.Refresh();
            var before = portal.WorkingSet64;
            var load = File.ReadAllText("/proc/loadavg").Trim();
            Console.WriteLine($"Exporting customer {customerId}: {events:N0} events of its own, {events / 10:N0} of another customer interleaved. " +
                              $"Server working set before: {before / 1024 / 1024:N0} MB, load {load}");
            var stopwatch = Stopwatch.StartNew();
            var cpuBefore = portal.TotalProcessorTime;
            var posted = await http.PostAsync($"/api/v1/customers/{customerId}/exports", null);
            if (posted.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException($"POST: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
            var exportId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            long sampledPeak = 0;
            JsonElement export;
            while (true)
            {
                portal.Refresh();
                sampledPeak = Math.Max(sampledPeak, portal.WorkingSet64);
                export = await http.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{customerId}/exports/{exportId}");
                if (export.GetProperty("status").GetString() is not ("Queued" or "Running")) break;
                if (stopwatch.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException("The export did not finish in 30 minutes.");
                await Task.Delay(250);
            }

            stopwatch.Stop();
            portal.Refresh();
            var cpu = (portal.TotalProcessorTime - cpuBefore).TotalSeconds;
            var status = export.GetProperty("status").GetString();
            var size = export.GetProperty("sizeBytes").GetInt64();
            Console.WriteLine();
            Console.WriteLine($"export              {status} in {stopwatch.Elapsed.TotalSeconds:0.0} s wall clock (server CPU {cpu:0.0} s), zip {size / 1024.0 / 1024.0:N1} MB, " +
                              $"{export.GetProperty("usageEvents").GetInt64():N0} events ({events / stopwatch.Elapsed.TotalSeconds:N0} events/s)");
            Console.WriteLine($"server memory       peak working set {portal.PeakWorkingSet64 / 1024 / 1024:N0} MB (whole life), highest sampled during the export " +
                              $"{sampledPeak / 1024 / 1024:N0} MB, before {before / 1024 / 1024:N0} MB");
            Console.WriteLine($"load average        before {load} | after {File.ReadAllText("/proc/loadavg").Trim()}");
            if (status != "Ready") { Console.WriteLine("error               " + export.GetProperty("error").GetString()); return 1; }

            // Download (streamed to a file), check the zip's hash and the manifest's count of the customer's events.
            var file = Path.Combine(folder, "export.zip");
            var download = Stopwatch.StartNew();
            await using (var target = File.Create(file))
            await using (var body = await http.GetStreamAsync(export.GetProperty("downloadUrl").GetString()))
                await body.CopyToAsync(target);
            download.Stop();
            string sha;
            await using (var read = File.OpenRead(file)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));
            using var zip = ZipFile.OpenRead(file);
            using var manifestStream = zip.GetEntry("manifest.json")!.Open();
            var manifest = JsonDocument.Parse(manifestStream).RootElement;
            var eventRows = manifest.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("name").GetString()!.StartsWith("usage-events", StringComparison.Ordinal))
                .Select(f => f.GetProperty("rows").GetInt64()).ToList();
            var ok = sha == export.GetProperty("sha256").GetString() && new FileInfo(file).Length == size && eventRows.All(r => r == events);
            Console.WriteLine($"download            {size / 1024.0 / 1024.0:N1} MB in {download.Elapsed.TotalSeconds:0.0} s; manifest usage-events rows {string.Join(" / ", eventRows)}");
            Console.WriteLine(ok ? "CHECK OK: the zip's SHA-256 and size match, JSON and CSV hold exactly the customer's events" : "CHECK FAILED");
            File.Delete(file);
            return ok ? 0 : 1;
        }
        finally
        {
            if (!portal.HasExited) { portal.Kill(entireProcessTree: true); await portal.WaitForExitAsync(); }
        }
    }

    /// <summary>Through the API: an ISV with a per-minute app, a reseller, two customers with a subscription each (October 2026).</summary>
    private static async Task<(Guid Customer, Guid Isv, Guid SubA, Guid SubB)> ArrangeAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SettlementBenchmark.OperatorKey);
        async Task<JsonElement> Post(string path, object body)
        {
            var r = await http.PostAsJsonAsync(path, body);
            var text = await r.Content.ReadAsStringAsync();
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)r.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();
        await http.PostAsJsonAsync("/api/v1/app-categories", new { code = "Bench", name = "Bench" });
        var isv = Id(await Post("/api/v1/partners", new { kind = "Isv", name = "Export Bench ISV", country = "DE", email = "isv@bench.example" }));
        var reseller = Id(await Post("/api/v1/partners", new { kind = "Reseller", name = "Export Bench Reseller", country = "DE", email = "r@bench.example" }));
        var app = Id(await Post("/api/v1/apps", new
        {
            isvPartnerId = isv, name = "Bench Telefonie", category = "Bench", platformFeeRate = 0.2m,
            metrics = new[] { new { code = "minutes", unit = "min", aggregation = "sum", rounding = "ceilPerEvent" } },
        }));
        var version = Id(await Post($"/api/v1/apps/{app}/plans", new
        {
            name = "Minutengenau", currency = "EUR", charges = new object[] { new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.01m } },
        }));
        await Post($"/api/v1/apps/{app}/publish", new { platformFeeRate = 0.2m });
        var a = Id(await Post("/api/v1/customers", new { name = "Export Bench Kunde A", country = "DE", partnerId = reseller, attributedFrom = "2026-10-01" }));
        var b = Id(await Post("/api/v1/customers", new { name = "Export Bench Kunde B", country = "DE", partnerId = reseller, attributedFrom = "2026-10-01" }));
        var subA = Id(await Post("/api/v1/subscriptions", new { customerId = a, planId = version, startDate = "2026-10-01" }));
        var subB = Id(await Post("/api/v1/subscriptions", new { customerId = b, planId = version, startDate = "2026-10-01" }));
        return (a, isv, subA, subB);
    }

    /// <summary>
    /// Set-based: (events + events/10) rows in blocks of 10,000, every 11th block the other customer's, a run per block (as
    /// the writer records them), the period aggregates from the rows. The EventKey index is dropped for the load and rebuilt.
    /// </summary>
    private static void Generate(string connectionString, long events, Guid isv, Guid subA, Guid subB)
    {
        using var db = new SqliteConnection(connectionString);
        db.Open();
        Exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;");
        var indexes = new List<(string Name, string Sql)>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'UsageEvents' AND sql IS NOT NULL";
            using var r = c.ExecuteReader();
            while (r.Read()) indexes.Add((r.GetString(0), r.GetString(1)));
        }

        foreach (var (name, _) in indexes) Exec(db, $"DROP INDEX \"{name}\"");
        var blocks = events / Block + events / Block / 10;
        var total = blocks * Block;
        string A = subA.ToString().ToUpperInvariant(), B = subB.ToString().ToUpperInvariant(), I = isv.ToString().ToUpperInvariant();
        var sw = Stopwatch.StartNew();
        Exec(db, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total})
            INSERT INTO "UsageEvents" ("Id", "IsvPartnerId", "EventId", "SubscriptionId", "Metric", "Quantity", "BillableQuantity", "TimestampUtc", "Period", "PropertiesJson", "ReceivedAtUtc", "EventKey")
            SELECT i, '{I}', 'call-' || i, CASE WHEN ((i - 1) / {Block}) % 11 = 10 THEN '{B}' ELSE '{A}' END, 'minutes',
                   printf('%d.%d', i % 12, i % 10), printf('%d.0', i % 12 + (i % 10 > 0)),
                   strftime('%Y-%m-%d %H:%M:%S', '2026-10-01 00:00:00', '+' || (i * 7 % 2592000) || ' seconds'), 202610,
                   CASE WHEN i % 5 = 0 THEN char(123) || '"caller":"+49 40 ' || (i % 1000) || '"' || char(125) END,
                   strftime('%Y-%m-%d %H:%M:%S', '2026-10-01 00:01:00', '+' || (i * 7 % 2592000) || ' seconds'), randomblob(16)
            FROM n
            """);
        Console.WriteLine($"  {total:N0} events inserted in {sw.Elapsed.TotalSeconds:0.0} s");
        Exec(db, $"""
            WITH RECURSIVE k(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM k WHERE b < {blocks - 1})
            INSERT INTO "UsageEventRuns" ("SubscriptionId", "Period", "FirstEventId", "LastEventId")
            SELECT CASE WHEN b % 11 = 10 THEN '{B}' ELSE '{A}' END, 202610, b * {Block} + 1, (b + 1) * {Block} FROM k
            """);
        Exec(db, """
            INSERT INTO "UsageAggregates" ("SubscriptionId", "Metric", "Period", "Sum", "Count", "Max", "UniqueCount", "UpdatedAtUtc")
            SELECT "SubscriptionId", 'minutes', 202610, printf('%d.0', SUM(CAST("BillableQuantity" AS INTEGER))), COUNT(*), printf('%d.0', MAX(CAST("BillableQuantity" AS INTEGER))), 0, '2026-11-01 00:00:00'
            FROM "UsageEvents" GROUP BY "SubscriptionId"
            """);
        foreach (var (_, sql) in indexes) Exec(db, sql);
        Exec(db, "PRAGMA journal_mode = WAL;");
        Console.WriteLine($"  runs, aggregates and indexes after {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.CommandTimeout = 0;
        c.ExecuteNonQuery();
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

// Usage ingest benchmark: the portal (Release build) as its own process on real Kestrel with SQLite in a temp folder;
// this process is the client: several HttpClients posting batches of 1,000 events for a while, a share of them
// duplicates. Afterwards the database is checked: every accepted event stored once, aggregates equal to the raw events.
//
//   dotnet build -c Release PartnerPortal.Web && dotnet run -c Release --project PartnerPortal.Benchmarks -- [seconds=30] [clients=64] [duplicateShare=0.05]
//
// Settlement benchmark (SettlementBenchmark.cs): a generated world of 500 partners, 50,000 subscriptions and N usage events.
//   dotnet run -c Release --project PartnerPortal.Benchmarks -- settle [events=10000000] [--fresh]
if (args is ["settle", ..]) return await PartnerPortal.Benchmarks.SettlementBenchmark.RunAsync(args[1..]);
// Page benchmark (PagesBenchmark.cs): one reseller with 5,000 customers and 24 settled periods; median and p95 per page.
//   dotnet run -c Release --project PartnerPortal.Benchmarks -- pages [requests=20] [--fresh]
if (args is ["pages", ..]) return await PartnerPortal.Benchmarks.PagesBenchmark.RunAsync(args[1..]);
// Data take-back benchmark (ExportBenchmark.cs): export a customer with N usage events (2 million by default).
//   dotnet run -c Release --project PartnerPortal.Benchmarks -- export [events=2000000] [--fresh]
if (args is ["export", ..]) return await PartnerPortal.Benchmarks.ExportBenchmark.RunAsync(args[1..]);
// Simulation benchmark (SimulationBenchmark.cs): that world settled, its lines copied into 12 periods, every partner simulated.
//   dotnet run -c Release --project PartnerPortal.Benchmarks -- simulate [events=200000] [--fresh]
if (args is ["simulate", ..]) return await PartnerPortal.Benchmarks.SimulationBenchmark.RunAsync(args[1..]);
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
var duplicateShare = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.05;
const int batchSize = 1000, subscriptionCount = 200;

var root = FindRepositoryRoot();
if (PartnerPortal.Benchmarks.SettlementBenchmark.ServerDll(root) is not { } serverDll) return 2;
var folder = Path.Combine(Path.GetTempPath(), "pp-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
var port = 5600 + Random.Shared.Next(300);
var baseUrl = $"http://127.0.0.1:{port}";
const string operatorKey = "bench-operator-key-0123456789abcdef0123456789";

var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", baseUrl])
{
    WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
};
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Portal__DataFolder"] = folder;
start.Environment["Portal__PublicUrl"] = baseUrl; // required in Production (mail links)
start.Environment["Portal__DemoData"] = "false";
start.Environment["Portal__Jobs__RunServer"] = "false";
start.Environment["Portal__Bootstrap__OperatorApiKey"] = operatorKey;
start.Environment["Logging__LogLevel__Default"] = "Warning";
if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1") start.Environment["Logging__LogLevel__PartnerPortal.Web.Features.Usage.UsageWriter"] = "Debug";
using var server = Process.Start(start)!;
server.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("  server: " + e.Data); };
server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("  server! " + e.Data); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
    for (var i = 0; ; i++)
    {
        try { if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
        if (i > 300 || server.HasExited) throw new InvalidOperationException("The server did not start.");
        await Task.Delay(200);
    }

    // Arrange: an ISV with a key, a live app (minutes: sum + ceilPerEvent; users: uniqueCount), subscriptions.
    var connection = $"Data Source={Path.Combine(folder, "portal.db")}";
    var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
    DataServices.ConfigureSqlite(options, connection);
    options.UseApplicationServiceProvider(new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(DataServices.ConfigureIdentityStore).BuildServiceProvider());
    var now = DateTime.UtcNow;
    var isv = Partner.Create(PartnerKind.Isv, "Bench ISV", "DE", "bench@isv.example", now, PartnerStatus.Active);
    var reseller = Partner.Create(PartnerKind.Reseller, "Bench Reseller", "DE", "bench@reseller.example", now, PartnerStatus.Active);
    var app = App.Create(isv.Id, "Bench Telefonie", null, "Collaboration", 0.2m,
        [new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null), new AppMetric("users", "user", MetricAggregation.UniqueCount, MetricRounding.None, "userId")], now);
    app.Submit(now);
    app.Approve(0.2m, now);
    var plan = Plan.ForApp(app.Id, "minutengenau", "EUR", now);
    var version = plan.AddVersion([new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.02m }], null, now);
    var subscriptions = new List<Guid>();
    await using (var db = new SqlitePortalDbContext(options.Options) { Tenant = Tenant.System })
    {
        db.AddRange(isv, reseller, app, plan, version);
        for (var i = 0; i < subscriptionCount; i++)
        {
            var customer = Customer.Create($"Bench Kunde {i}", "DE", now);
            customer.AttributeTo(reseller.Id, new DateOnly(2026, 1, 1), "bench", null, now);
            var s = Subscription.Create(customer.Id, plan.Id, version.Id, app.Id, null, isv.Id, new DateOnly(2026, 1, 1), 1, "bench", now);
            db.AddRange(customer, s);
            subscriptions.Add(s.Id);
        }

        await db.SaveChangesAsync();
    }

    using var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
    admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
    var keyResponse = await admin.PostAsJsonAsync($"/api/v1/partners/{isv.Id}/api-keys", new { name = "bench" });
    var isvKey = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

    var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    var sent = 0L; var accepted = 0L; var duplicates = 0L; var rejected = 0L; var resent = 0L; var requests = 0L;
    var latencies = new List<double>();
    var warmup = TimeSpan.FromSeconds(3);
    var measuring = false;
    var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
    var stopwatch = new Stopwatch();

    async Task ClientAsync(int index, DateTime until, CancellationToken ct)
    {
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", isvKey);
        var random = new Random(index);
        var previous = new string[batchSize];
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var first = true;
        while (DateTime.UtcNow < until)
        {
            buffer.ResetWrittenCount();
            var resentHere = 0;
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("events");
                for (var i = 0; i < batchSize; i++)
                {
                    string id;
                    if (!first && random.NextDouble() < duplicateShare) { id = previous[i]; resentHere++; }
                    else { id = Guid.NewGuid().ToString("N"); previous[i] = id; }
                    var users = random.Next(10) == 0;
                    json.WriteStartObject();
                    json.WriteString("id", id);
                    json.WriteString("subscriptionId", subscriptions[random.Next(subscriptions.Count)]);
                    json.WriteString("metric", users ? "users" : "minutes");
                    json.WriteNumber("quantity", users ? 1m : Math.Round((decimal)random.NextDouble() * 10m, 3));
                    json.WriteString("timestamp", DateTime.UtcNow.AddSeconds(-random.Next(24 * 3600)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    if (users)
                    {
                        json.WriteStartObject("properties");
                        json.WriteString("userId", "u" + random.Next(500).ToString(CultureInfo.InvariantCulture));
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            first = false;
            var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/v1/usage", content, ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
            var a = body.GetProperty("accepted").GetInt32();
            var d = body.GetProperty("duplicates").GetInt32();
            var r = body.GetProperty("rejected").GetArrayLength();
            if (!measuring) continue;
            Interlocked.Add(ref sent, batchSize);
            Interlocked.Add(ref accepted, a);
            Interlocked.Add(ref duplicates, d);
            Interlocked.Add(ref rejected, r);
            Interlocked.Add(ref resent, resentHere);
            Interlocked.Increment(ref requests);
            lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }

    Console.WriteLine($"Warming up {warmup.TotalSeconds:0} s, then {seconds} s with {clients} clients × batches of {batchSize} ({duplicateShare:P0} resent ids), {subscriptionCount} subscriptions. Load before: {loadBefore}");
    var warm = DateTime.UtcNow + warmup;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(i => ClientAsync(1000 + i, warm, CancellationToken.None)));
    server.Refresh();
    var serverCpuBefore = server.TotalProcessorTime;
    var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    measuring = true;
    stopwatch.Start();
    var end = DateTime.UtcNow.AddSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(i => ClientAsync(i, end, CancellationToken.None)));
    stopwatch.Stop();
    server.Refresh();
    var serverCpu = (server.TotalProcessorTime - serverCpuBefore).TotalSeconds;
    var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds;
    var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
    server.Refresh();
    var peak = server.PeakWorkingSet64;

    // Verify against the database: raw events, aggregates and their agreement.
    long storedEvents, aggregateCount, aggregateUnique, distinctUnique, eventsInRuns;
    decimal rawBillable = 0, aggregateSum = 0;
    await using (var check = new SqliteConnection(connection))
    {
        check.Open();
        long Scalar(string sql) { using var c = check.CreateCommand(); c.CommandText = sql; return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture); }
        storedEvents = Scalar("SELECT COUNT(*) FROM UsageEvents");
        // Every event is found through exactly one run of its subscription and period (how raw events are looked up).
        eventsInRuns = Scalar("SELECT COUNT(*) FROM UsageEventRuns r JOIN UsageEvents e ON e.Id BETWEEN r.FirstEventId AND r.LastEventId " +
                              "AND e.SubscriptionId = r.SubscriptionId AND e.Period = r.Period");
        aggregateCount = Scalar("SELECT SUM(Count) FROM UsageAggregates");
        aggregateUnique = Scalar("SELECT COALESCE(SUM(UniqueCount), 0) FROM UsageAggregates");
        distinctUnique = Scalar("SELECT COUNT(*) FROM UsageUniqueValues");
        using (var c = check.CreateCommand())
        {
            c.CommandText = "SELECT BillableQuantity FROM UsageEvents WHERE Metric = 'minutes'";
            using var reader = c.ExecuteReader();
            while (reader.Read()) rawBillable += decimal.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        }

        using (var c = check.CreateCommand())
        {
            c.CommandText = "SELECT Sum FROM UsageAggregates WHERE Metric = 'minutes'";
            using var reader = c.ExecuteReader();
            while (reader.Read()) aggregateSum += decimal.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        }
    }

    latencies.Sort();
    var rate = accepted / stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"requests            {requests:N0} in {stopwatch.Elapsed.TotalSeconds:0.0} s ({requests / stopwatch.Elapsed.TotalSeconds:0.0}/s), latency p50 {latencies[latencies.Count / 2]:0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0} ms");
    Console.WriteLine($"events sent         {sent:N0} ({sent / stopwatch.Elapsed.TotalSeconds:N0}/s)");
    Console.WriteLine($"accepted            {accepted:N0} ({rate:N0} events/s)");
    Console.WriteLine($"duplicates          {duplicates:N0} (ids resent: {resent:N0})  rejected {rejected:N0}");
    // Other builds share the 2 cores: CPU seconds per event do not depend on them, wall-clock rates do.
    Console.WriteLine($"cpu                 server {serverCpu:0.0} s ({accepted / serverCpu:N0} events per server CPU-second), client {clientCpu:0.0} s; " +
                      $"on 2 idle cores shared by server and client that is ~{2 * accepted / (serverCpu + clientCpu):N0} events/s");
    Console.WriteLine($"server peak memory  {peak / 1024 / 1024:N0} MB (PeakWorkingSet64 of the server process)");
    Console.WriteLine($"load average        before {loadBefore} | after {loadAfter}");
    Console.WriteLine($"database            {storedEvents:N0} events stored (incl. warm-up), aggregate count {aggregateCount:N0}, minutes: raw {rawBillable:N0} = aggregate {aggregateSum:N0}, distinct users {distinctUnique:N0} = {aggregateUnique:N0}, found through runs {eventsInRuns:N0}");
    var ok = storedEvents == aggregateCount && eventsInRuns == storedEvents && rawBillable == aggregateSum && distinctUnique == aggregateUnique && duplicates == resent && rejected == 0;
    Console.WriteLine(ok ? "CHECK OK: every accepted event stored once and counted once" : "CHECK FAILED");
    return ok ? 0 : 1;
}
finally
{
    if (!server.HasExited) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(); }
    SqliteConnection.ClearAllPools();
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PartnerPortal.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

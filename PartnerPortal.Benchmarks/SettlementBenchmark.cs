using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PartnerPortal.Benchmarks;

/// <summary>
/// Settlement benchmark: a large world (<see cref="LargeWorld"/>) generated once per event count into a SQLite file
/// under /tmp (reused while it exists), then the portal (Release build) started on it as its own process on Kestrel
/// with its Hangfire server, the settlement of 2026-10 started through <c>POST /api/v1/settlements</c> and followed
/// through <c>GET /api/v1/settlements/2026-10</c> until it is no longer Running — the path an operator takes, with the
/// batches running as Hangfire jobs on the server's workers. Reports wall-clock seconds from the POST to the Draft and
/// the server's peak memory, then checks the result in the database and prints a fingerprint of every revenue and
/// statement line (equal fingerprints = identical results, e.g. before and after a change to the runner).
///
///   dotnet build -c Release PartnerPortal.Web &amp;&amp; dotnet run -c Release --project PartnerPortal.Benchmarks -- settle [events=10000000] [--fresh]
/// </summary>
internal static class SettlementBenchmark
{
    internal const string OperatorKey = "bench-operator-key-0123456789abcdef0123456789";
    private const string Period = "2026-10";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 10_000_000;
        var fresh = args.Contains("--fresh");
        var root = FindRepositoryRoot();
        if (SettlementBenchmark.ServerDll(root) is not { } serverDll) return 2;

        var (folder, database) = await PrepareWorldAsync(root, serverDll, events, fresh);

        // A clean slate for the period: an earlier run's lines are removed here, outside the measurement.
        var connection = $"Data Source={database}";
        long rawEvents, expectedLines;
        await using (var db = new SqliteConnection(connection))
        {
            db.Open();
            Exec(db, "DELETE FROM \"StatementLines\"; DELETE FROM \"Statements\"; DELETE FROM \"RevenueLines\"; DELETE FROM \"SettlementBatches\"; DELETE FROM \"SettlementRuns\"; " +
                     "PRAGMA wal_checkpoint(TRUNCATE);");
            rawEvents = Scalar(db, "SELECT MAX(\"Id\") FROM \"UsageEvents\"");
            expectedLines = Scalar(db, "SELECT COUNT(*) FROM \"Subscriptions\" WHERE \"StartDate\" < '2026-11-01' AND (\"EndDate\" IS NULL OR \"EndDate\" > '2026-10-01')");
        }

        SqliteConnection.ClearAllPools();
        using var portal = StartServer(serverDll, folder, runJobs: true, out var baseUrl);
        try
        {
            await WaitHealthyAsync(portal, baseUrl);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
            portal.Refresh();
            var before = portal.WorkingSet64;
            var load = File.ReadAllText("/proc/loadavg").Trim();
            Console.WriteLine($"Settling {Period}: {rawEvents:N0} raw events, {expectedLines:N0} subscriptions active in the period. Server working set before: {before / 1024 / 1024:N0} MB, load {load}");

            var stopwatch = Stopwatch.StartNew();
            var cpuBefore = portal.TotalProcessorTime;
            var started = await http.PostAsJsonAsync("/api/v1/settlements", new { period = Period });
            if (!started.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/settlements: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            var beganAfter = stopwatch.Elapsed;
            long sampledPeak = 0;
            JsonElement run;
            while (true)
            {
                portal.Refresh();
                sampledPeak = Math.Max(sampledPeak, portal.WorkingSet64);
                run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/settlements/{Period}");
                if (run.GetProperty("status").GetString() != "Running") break;
                if (stopwatch.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException("The settlement did not finish in 15 minutes.");
                await Task.Delay(100);
            }

            stopwatch.Stop();
            portal.Refresh();
            var peak = portal.PeakWorkingSet64;
            var cpu = (portal.TotalProcessorTime - cpuBefore).TotalSeconds;
            var status = run.GetProperty("status").GetString();
            Console.WriteLine();
            Console.WriteLine($"settlement          {status} in {stopwatch.Elapsed.TotalSeconds:0.0} s wall clock (POST answered after {beganAfter.TotalSeconds:0.0} s; server CPU {cpu:0.0} s)");
            Console.WriteLine($"server memory       peak working set {peak / 1024 / 1024:N0} MB (PeakWorkingSet64 of the server process, whole life), highest sampled during the run {sampledPeak / 1024 / 1024:N0} MB, before {before / 1024 / 1024:N0} MB");
            Console.WriteLine($"load average        before {load} | after {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine($"run                 {run.GetProperty("subscriptions").GetInt32():N0} subscriptions, {run.GetProperty("statements").GetInt32():N0} statements, " +
                              $"totals {run.GetProperty("totals").GetRawText()}");
            foreach (var line in run.GetProperty("report").EnumerateArray().Take(3)) Console.WriteLine($"report              {line.GetString()}");
            if (run.GetProperty("error").GetString() is { } error) Console.WriteLine($"error               {error}");

            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            return Check(connection, status, expectedLines) ? 0 : 1;
        }
        finally
        {
            if (!portal.HasExited) { portal.Kill(entireProcessTree: true); await portal.WaitForExitAsync(); }
        }
    }

    /// <summary>
    /// The cached world: one folder per event count, generator version and schema (the newest SQLite migration), so a
    /// world made by an older schema is never reused. Also used by <see cref="SimulationBenchmark"/>.
    /// </summary>
    public static async Task<(string Folder, string Database)> PrepareWorldAsync(string root, string serverDll, long events, bool fresh)
    {
            var schema = Schema(root);
            var folder = Path.Combine(Path.GetTempPath(), $"pp-settle-world-v1-{schema}-{events}");
            var database = Path.Combine(folder, "portal.db");
            var marker = Path.Combine(folder, "generated.txt");
            if (fresh && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            if (!File.Exists(marker))
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                Directory.CreateDirectory(folder);
                Console.WriteLine($"Generating {LargeWorld.Describe()}, {events:N0} usage events in {Period} into {database}");
                var generate = Stopwatch.StartNew();
                // The schema comes from the app's own migrations: start it once on the empty folder (no demo data), stop it.
                using (var server = StartServer(serverDll, folder, runJobs: false, out var url))
                {
                    await WaitHealthyAsync(server, url);
                    server.Kill(entireProcessTree: true);
                    await server.WaitForExitAsync();
                }

                await LargeWorld.GenerateAsync(database, events, m => Console.WriteLine("  " + m));
                SqliteConnection.ClearAllPools();
                var size = new FileInfo(database).Length;
                await File.WriteAllTextAsync(marker, $"generated in {generate.Elapsed.TotalSeconds:0.0} s, {size / 1024 / 1024:N0} MB{Environment.NewLine}");
                Console.WriteLine($"Generated in {generate.Elapsed.TotalSeconds:0.0} s ({size / 1024 / 1024:N0} MB)");
            }
            else
            {
                Console.WriteLine($"Reusing {database} ({(await File.ReadAllTextAsync(marker)).Trim()}; --fresh generates it again)");
            }
        return (folder, database);
    }

    /// <summary>Draft; one revenue line per active subscription; every statement the sum of its lines; the run's totals those of the lines.</summary>
    private static bool Check(string connection, string? status, long expectedLines)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        var revenueLines = Scalar(db, "SELECT COUNT(*) FROM \"RevenueLines\" WHERE \"Period\" = 202610");
        var statementLines = Scalar(db, "SELECT COUNT(*) FROM \"StatementLines\" WHERE \"Period\" = 202610");
        var statements = Scalar(db, "SELECT COUNT(*) FROM \"Statements\" WHERE \"Period\" = 202610");
        var offStatements = Scalar(db, "SELECT COUNT(*) FROM \"Statements\" s WHERE s.\"Period\" = 202610 AND s.\"TotalCents\" <> " +
                                       "(SELECT COALESCE(SUM(l.\"AmountCents\"), 0) FROM \"StatementLines\" l WHERE l.\"Period\" = s.\"Period\" AND l.\"PartnerId\" = s.\"PartnerId\")");
        var statementsTotal = Scalar(db, "SELECT COALESCE(SUM(\"TotalCents\"), 0) FROM \"Statements\" WHERE \"Period\" = 202610");
        var linesTotal = Scalar(db, "SELECT COALESCE(SUM(\"AmountCents\"), 0) FROM \"StatementLines\" WHERE \"Period\" = 202610");
        var revenue = Scalar(db, "SELECT COALESCE(SUM(\"RevenueCents\"), 0) FROM \"RevenueLines\" WHERE \"Period\" = 202610");
        var runRevenue = Scalar(db, "SELECT \"RevenueCents\" FROM \"SettlementRuns\" WHERE \"Period\" = 202610");
        var runSubscriptions = Scalar(db, "SELECT \"Subscriptions\" FROM \"SettlementRuns\" WHERE \"Period\" = 202610");
        var unlinked = Scalar(db, "SELECT COUNT(*) FROM \"StatementLines\" l LEFT JOIN \"RevenueLines\" r ON r.\"Id\" = l.\"RevenueLineId\" " +
                                  "WHERE l.\"Period\" = 202610 AND l.\"SubscriptionId\" IS NOT NULL AND (r.\"Id\" IS NULL OR r.\"SubscriptionId\" <> l.\"SubscriptionId\")");
        var percentageEvents = Scalar(db, "SELECT COALESCE(SUM(\"Events\"), 0) FROM \"RevenueLines\" r JOIN \"Subscriptions\" s ON s.\"Id\" = r.\"SubscriptionId\" " +
                                          "JOIN \"Apps\" a ON a.\"Id\" = s.\"AppId\" WHERE r.\"Period\" = 202610 AND a.\"Name\" = 'Payments'");
        Console.WriteLine($"database            {revenueLines:N0} revenue lines (expected {expectedLines:N0}), {statementLines:N0} statement lines, {statements:N0} statements; " +
                          $"revenue {revenue / 100m:N2} EUR (run {runRevenue / 100m:N2}); statements {statementsTotal / 100m:N2} = lines {linesTotal / 100m:N2}; " +
                          $"{percentageEvents:N0} events priced one by one (percentage)");
        Console.WriteLine($"fingerprint         {Fingerprint(db)} (SHA-256 over every revenue and statement line, ids left out)");
        var ok = status == "Draft" && revenueLines == expectedLines && runSubscriptions == expectedLines && offStatements == 0 && statementsTotal == linesTotal
                 && revenue == runRevenue && unlinked == 0;
        Console.WriteLine(ok ? "CHECK OK: Draft, one revenue line per subscription, every statement the sum of its lines, totals agree"
            : $"CHECK FAILED: status {status}, statements off {offStatements}, unlinked lines {unlinked}");
        return ok;
    }

    /// <summary>Every stored line in a fixed order with every column but the generated ids and times.</summary>
    private static string Fingerprint(SqliteConnection db)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string sql)
        {
            using var c = db.CreateCommand();
            c.CommandText = sql;
            using var r = c.ExecuteReader();
            var row = new StringBuilder();
            while (r.Read())
            {
                row.Clear();
                for (var i = 0; i < r.FieldCount; i++) row.Append(r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                sha.AppendData(Encoding.UTF8.GetBytes(row.Append('\n').ToString()));
            }
        }

        Add("SELECT \"Period\", \"SubscriptionId\", \"CustomerId\", \"AppId\", \"PartnerServiceId\", \"ContractPartnerId\", \"PlanVersionId\", \"Category\", \"Currency\", " +
            "\"ActiveDays\", \"SeatDays\", \"Used\", \"Events\", \"RevenueCents\", \"PlatformFeeRate\", \"PlatformFeeCents\", \"PayoutCents\", \"ServiceFeeRate\", \"ServiceFeeCents\", " +
            "\"AttributedPartnerId\", \"AttributedFrom\", \"CommissionPlanVersionId\", \"CommissionRate\", \"CommissionBasis\", \"CommissionCents\", \"DistributorId\", " +
            "\"DistributorPlanVersionId\", \"OverrideRate\", \"OverrideCents\", \"DetailJson\" FROM \"RevenueLines\" ORDER BY \"Period\", \"SubscriptionId\"");
        Add("SELECT l.\"Period\", l.\"PartnerId\", l.\"LineKey\", l.\"Kind\", l.\"CustomerId\", l.\"SubscriptionId\", r.\"SubscriptionId\", l.\"Currency\", l.\"RevenueCents\", " +
            "l.\"Rate\", l.\"AmountCents\", l.\"RefersToPeriod\", l.\"Description\" FROM \"StatementLines\" l LEFT JOIN \"RevenueLines\" r ON r.\"Id\" = l.\"RevenueLineId\" " +
            "ORDER BY l.\"Period\", l.\"PartnerId\", l.\"LineKey\"");
        Add("SELECT \"PartnerId\", \"Period\", \"Status\", \"Currency\", \"TotalCents\", \"CarriesForward\", \"Lines\" FROM \"Statements\" ORDER BY \"PartnerId\", \"Period\"");
        return Convert.ToHexString(sha.GetHashAndReset())[..16];
    }

    internal static Process StartServer(string serverDll, string folder, bool runJobs, out string baseUrl)
    {
        var port = 5900 + Random.Shared.Next(300);
        baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [serverDll, "--urls", baseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Portal__DataFolder"] = folder;
        start.Environment["Portal__PublicUrl"] = baseUrl; // required in Production (mail links)
        start.Environment["Portal__DemoData"] = "false";
        start.Environment["Portal__Jobs__RunServer"] = runJobs ? "true" : "false";
        start.Environment["Portal__Bootstrap__OperatorApiKey"] = OperatorKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__PartnerPortal.Web.Features.Settlement"] = Environment.GetEnvironmentVariable("BENCH_TRACE") == "1" ? "Debug" : "Warning";
        // BENCH_SQL=1: every EF command with its duration in the server's output (for profiling; slows the run).
        if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1") start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        var server = Process.Start(start)!;
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("  server: " + e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine("  server! " + e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        return server;
    }

    internal static async Task WaitHealthyAsync(Process server, string baseUrl)
    {
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        for (var i = 0; ; i++)
        {
            try { if ((await probe.GetAsync("/health")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            if (i > 600 || server.HasExited) throw new InvalidOperationException("The server did not start.");
            await Task.Delay(200);
        }
    }

    internal static void Exec(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    internal static long Scalar(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        return Convert.ToInt64(c.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>The Release server's dll, or null (with a line on stderr saying how to build it).</summary>
    internal static string? ServerDll(string root)
    {
        var dll = Path.Combine(root, "PartnerPortal.Web", "bin", "Release", "net10.0", "PartnerPortal.Web.dll");
        if (File.Exists(dll)) return dll;
        Console.Error.WriteLine($"Build the server first: dotnet build -c Release PartnerPortal.Web ({dll} is missing)");
        return null;
    }

    /// <summary>The newest SQLite migration's timestamp: every cached world is keyed by it, so one made by an older schema is never reused.</summary>
    internal static string Schema(string root) =>
        Directory.GetFiles(Path.Combine(root, "PartnerPortal.Web", "Data", "Migrations", "Sqlite"), "2*.cs").Select(Path.GetFileName).Max(StringComparer.Ordinal)![..14];

    internal static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PartnerPortal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}

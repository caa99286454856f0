using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using static PartnerPortal.Benchmarks.SettlementBenchmark;

namespace PartnerPortal.Benchmarks;

/// <summary>
/// Simulation benchmark (issue 10: 500 partners × 12 settled periods in ≤ 3 s, memory flat in the number of partners).
/// The settlement benchmark's world (<see cref="LargeWorld"/>: 500 partners, 50,000 subscriptions) is settled for 2026-10
/// through the API once; its revenue lines are then copied into the 11 periods before (attribution dates shifted along,
/// each period a Draft run), so 12 settled periods hold ~600,000 stored lines. The portal is started on it (Release, own
/// process, no job server), a Pilot candidate is created through the API, and <c>POST /api/v1/simulations</c> is timed:
/// first for 100 partners, then for every partner, with the server's working set sampled while each call runs.
///
///   dotnet build -c Release PartnerPortal.Web &amp;&amp; dotnet run -c Release --project PartnerPortal.Benchmarks -- simulate [events=200000] [--fresh]
/// </summary>
internal static class SimulationBenchmark
{
    private const int Periods = 12;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 200_000;
        var root = SettlementBenchmark.FindRepositoryRoot();
        if (SettlementBenchmark.ServerDll(root) is not { } serverDll) return 2;
        var (folder, database) = await PrepareWorldAsync(root, serverDll, events, args.Contains("--fresh"));
        var connection = $"Data Source={database}";
        var periods = Enumerable.Range(0, Periods).Select(i => new DateOnly(2026, 10, 1).AddMonths(-i)).ToList();
        var keys = periods.Select(p => p.Year * 100 + p.Month).ToList();

        long settled;
        await using (var db = new SqliteConnection(connection))
        {
            db.Open();
            settled = SettlementBenchmark.Scalar(db, $"SELECT COUNT(*) FROM \"SettlementRuns\" WHERE \"Status\" = 'Draft' AND \"Period\" IN ({string.Join(",", keys)})");
        }

        if (settled < Periods) await SettleTwelveAsync(serverDll, folder, connection, keys);

        SqliteConnection.ClearAllPools();
        using var portal = StartServer(serverDll, folder, runJobs: false, out var baseUrl);
        try
        {
            await WaitHealthyAsync(portal, baseUrl);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
            var plan = await (await http.PostAsJsonAsync("/api/v1/commission-plans", new
            {
                name = "Bench Kandidat " + Guid.NewGuid().ToString("N")[..6], baseRate = 0.12m, status = "Pilot", overrideRate = 0.03m, serviceFeeRate = 0.08m,
                categoryRates = new Dictionary<string, decimal> { ["Communication"] = 0.18m },
                tiers = new object[] { new { upTo = 2000m, rate = 0.11m }, new { upTo = (decimal?)null, rate = 0.13m } },
            })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var planId = plan.GetProperty("id").GetGuid();
            List<Guid> partners;
            await using (var db = new SqliteConnection(connection))
            {
                db.Open();
                using var c = db.CreateCommand();
                c.CommandText = "SELECT \"Id\" FROM \"Partners\" WHERE \"Kind\" <> 'Isv' ORDER BY \"Id\"";
                using var r = c.ExecuteReader();
                partners = [];
                while (r.Read()) partners.Add(Guid.Parse(r.GetString(0)));
            }

            var lines = 0L;
            await using (var db = new SqliteConnection(connection))
            {
                db.Open();
                lines = SettlementBenchmark.Scalar(db, $"SELECT COUNT(*) FROM \"RevenueLines\" WHERE \"Period\" IN ({string.Join(",", keys)})");
            }

            var from = $"{periods[^1]:yyyy-MM}";
            var to = $"{periods[0]:yyyy-MM}";
            Console.WriteLine($"World: {partners.Count} commission partners, {lines:N0} stored revenue lines in {from}..{to}; load {File.ReadAllText("/proc/loadavg").Trim()}");
            await TimeAsync(http, portal, "warm-up (5 partners, 1 period)", new { commissionPlanId = planId, partnerIds = partners.Take(5), fromPeriod = to, toPeriod = to });
            await TimeAsync(http, portal, $"100 partners × {Periods} periods", new { commissionPlanId = planId, partnerIds = partners.Take(100), fromPeriod = from, toPeriod = to });
            var (seconds, rows) = await TimeAsync(http, portal, $"all {partners.Count} partners × {Periods} periods (partnerIds left out)",
                new { commissionPlanId = planId, fromPeriod = from, toPeriod = to });
            await TimeAsync(http, portal, $"all {partners.Count} partners × {Periods} periods (named)", new { commissionPlanId = planId, partnerIds = partners, fromPeriod = from, toPeriod = to });
            await TimeAsync(http, portal, $"all {partners.Count} partners × {Periods} periods (left out, second time)", new { commissionPlanId = planId, fromPeriod = from, toPeriod = to });
            var ok = seconds <= 3.0 && rows == partners.Count * Periods;
            Console.WriteLine(ok ? "CHECK OK: every partner × period answered within 3 s" : $"CHECK FAILED: {rows} rows in {seconds:0.00} s");
            return ok ? 0 : 1;
        }
        finally
        {
            if (!portal.HasExited) { portal.Kill(entireProcessTree: true); await portal.WaitForExitAsync(); }
        }
    }

    private static async Task<(double Seconds, int Rows)> TimeAsync(HttpClient http, Process portal, string label, object body)
    {
        portal.Refresh();
        var before = portal.WorkingSet64;
        var cpuBefore = portal.TotalProcessorTime;
        long peak = before;
        // The working set counts the database pages SQLite maps into memory (shared page cache); RssAnon is the process's own.
        long anonBefore = AnonymousRss(portal), anonPeak = anonBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                portal.Refresh();
                peak = Math.Max(peak, portal.WorkingSet64);
                anonPeak = Math.Max(anonPeak, AnonymousRss(portal));
                try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/api/v1/simulations", body);
        var text = await response.Content.ReadAsStringAsync();
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/simulations: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        var rows = json.RootElement.GetProperty("rows");
        var count = rows.GetArrayLength();
        decimal current = 0, simulated = 0, marginCurrent = 0, marginSimulated = 0;
        foreach (var row in rows.EnumerateArray())
        {
            current += row.GetProperty("current").GetDecimal();
            simulated += row.GetProperty("simulated").GetDecimal();
            marginCurrent += row.GetProperty("platformMarginCurrent").GetDecimal();
            marginSimulated += row.GetProperty("platformMarginSimulated").GetDecimal();
        }

        portal.Refresh();
        Console.WriteLine($"{label,-58} {stopwatch.Elapsed.TotalSeconds,6:0.00} s, {count,6:N0} rows, server CPU {(portal.TotalProcessorTime - cpuBefore).TotalSeconds:0.00} s, " +
                          $"working set {before / 1024 / 1024:N0} → peak {peak / 1024 / 1024:N0} MB, private {anonBefore / 1024 / 1024:N0} → peak {anonPeak / 1024 / 1024:N0} MB, " +
                          $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; Σ current {current:N2}, simulated {simulated:N2}, " +
                          $"margin {marginCurrent:N2} → {marginSimulated:N2}");
        return (stopwatch.Elapsed.TotalSeconds, count);
    }

    /// <summary>The process's anonymous resident memory (Linux <c>RssAnon</c>), or 0 where there is none to read.</summary>
    private static long AnonymousRss(Process process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>Settles 2026-10 through the API, then copies its lines into the 11 periods before it as Draft runs.</summary>
    private static async Task SettleTwelveAsync(string serverDll, string folder, string connection, List<int> keys)
    {
        await using (var db = new SqliteConnection(connection))
        {
            db.Open();
            Exec(db, "DELETE FROM \"StatementLines\"; DELETE FROM \"Statements\"; DELETE FROM \"RevenueLines\"; DELETE FROM \"SettlementBatches\"; DELETE FROM \"SettlementRuns\";");
        }

        SqliteConnection.ClearAllPools();
        Console.WriteLine("Settling 2026-10 once (then copying it into the 11 periods before) …");
        var stopwatch = Stopwatch.StartNew();
        using (var portal = StartServer(serverDll, folder, runJobs: true, out var baseUrl))
        {
            try
            {
                await WaitHealthyAsync(portal, baseUrl);
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
                (await http.PostAsJsonAsync("/api/v1/settlements", new { period = "2026-10" })).EnsureSuccessStatusCode();
                while ((await http.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-10")).GetProperty("status").GetString() == "Running")
                    await Task.Delay(200);
            }
            finally
            {
                portal.Kill(entireProcessTree: true);
                await portal.WaitForExitAsync();
            }
        }

        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection(connection))
        {
            db.Open();
            var columns = new List<string>();
            using (var c = db.CreateCommand())
            {
                c.CommandText = "SELECT name FROM pragma_table_info('RevenueLines') WHERE name <> 'Id'";
                using var r = c.ExecuteReader();
                while (r.Read()) columns.Add(r.GetString(0));
            }

            var runColumns = new List<string>();
            using (var c = db.CreateCommand())
            {
                c.CommandText = "SELECT name FROM pragma_table_info('SettlementRuns')";
                using var r = c.ExecuteReader();
                while (r.Read()) runColumns.Add(r.GetString(0));
            }

            using var tx = db.BeginTransaction();
            for (var i = 1; i < keys.Count; i++)
            {
                var select = columns.Select(c => c switch
                {
                    "Period" => keys[i].ToString(CultureInfo.InvariantCulture),
                    "AttributedFrom" => $"CASE WHEN \"AttributedFrom\" IS NULL THEN NULL ELSE date(\"AttributedFrom\", '-{i} months') END",
                    _ => $"\"{c}\"",
                });
                Exec(db, $"INSERT INTO \"RevenueLines\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", select)} " +
                         $"FROM \"RevenueLines\" WHERE \"Period\" = 202610");
                var runSelect = runColumns.Select(c => c == "Period" ? keys[i].ToString(CultureInfo.InvariantCulture) : $"\"{c}\"");
                Exec(db, $"INSERT INTO \"SettlementRuns\" ({string.Join(", ", runColumns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", runSelect)} " +
                         "FROM \"SettlementRuns\" WHERE \"Period\" = 202610");
            }

            tx.Commit();
            Exec(db, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        Console.WriteLine($"… 12 settled periods ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Benchmarks;

/// <summary>
/// The settlement benchmark's world, written straight into a SQLite database that the app's migrations created:
/// 500 partners (10 ISVs, 45 distributors, 400 resellers, 45 system integrators under the distributors), 5,000
/// customers attributed to the resellers and SIs, 50,000 subscriptions of 8 apps and one partner service covering flat,
/// perSeat and usage perUnit / graduated / volume / package / percentage charges, three commission plans (category
/// rates, volume tiers, a duration, a minimum payout, distributor overrides), and N usage events in 2026-10.
/// <para>
/// The catalog, partners, customers and subscriptions go through the domain's factories and EF Core (their rules and
/// JSON columns stay the app's own); the usage rows — events, runs, period aggregates, distinct values, daily rows —
/// are written with prepared <see cref="SqliteCommand"/>s in large transactions, exactly as <c>UsageWriter</c> stores
/// them: EF's text forms on SQLite (upper-case Guids, invariant decimals and times), the key from
/// <see cref="UsageEventKey.Of"/>, period and day from <see cref="UsageWindow.Keys"/> in Europe/Berlin, billable
/// quantities from <see cref="UsageAggregation.ApplyRounding"/>, each subscription's events of a "group" in one
/// contiguous id range recorded as a run.
/// </para>
/// </summary>
internal static class LargeWorld
{
    public const int Isvs = 10, Distributors = 45, Resellers = 400, Integrators = 45, Customers = 5_000, Subscriptions = 50_000;

    /// <summary>Groups the month is cut into (as if the writer had committed that many groups per subscription).</summary>
    private const int Groups = 10;

    /// <summary>Share of the events that go to the percentage (payments) subscriptions: read event by event at settlement.</summary>
    public const double PercentageShare = 0.002;

    private const string DecimalFormat = "0.0###########################";
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private sealed record UsageSub(Guid Id, Guid Isv, Kind Kind, DateTime FromUtc, DateTime ToUtc, double Weight);

    private enum Kind { Telephony, Api, Storage, Sms, Payments }

    public static async Task GenerateAsync(string databaseFile, long events, Action<string> say)
    {
        var connection = $"Data Source={databaseFile}";
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        DataServices.ConfigureSqlite(options, connection);
        options.UseApplicationServiceProvider(new ServiceCollection()
            .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(DataServices.ConfigureIdentityStore).BuildServiceProvider());
        var random = new Random(20261031);
        var now = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);
        var stopwatch = Stopwatch.StartNew();
        var usageSubs = new List<UsageSub>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var monthStartUtc = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(2)).UtcDateTime; // CEST
        var monthEndUtc = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)).UtcDateTime;  // CET

        await using (var db = new SqlitePortalDbContext(options.Options) { Tenant = Tenant.System })
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            // Partners: ISVs, distributors, resellers and SIs under them.
            var isvs = Enumerable.Range(0, Isvs).Select(i => Partner.Create(PartnerKind.Isv, $"ISV {i:D2}", "DE", $"isv{i}@bench.example", now, PartnerStatus.Active)).ToList();
            var distributors = Enumerable.Range(0, Distributors).Select(i => Partner.Create(PartnerKind.Distributor, $"Distributor {i:D2}", "DE", $"dist{i}@bench.example", now, PartnerStatus.Active)).ToList();
            var sellers = Enumerable.Range(0, Resellers + Integrators).Select(i => Partner.Create(i < Resellers ? PartnerKind.Reseller : PartnerKind.SystemIntegrator,
                $"{(i < Resellers ? "Reseller" : "Integrator")} {i:D3}", "DE", $"seller{i}@bench.example", now, PartnerStatus.Active, parent: distributors[i % Distributors])).ToList();
            db.AddRange(isvs);
            db.AddRange(distributors);
            db.AddRange(sellers);

            // Apps and plans: one per charge model, and one partner service.
            App NewApp(int isv, string name, string category, decimal fee, params AppMetric[] metrics)
            {
                var app = App.Create(isvs[isv].Id, name, null, category, fee, metrics, now);
                app.Submit(now);
                app.Approve(fee, now);
                db.Add(app);
                return app;
            }

            (Plan Plan, PlanVersion Version) NewPlan(App app, params ChargeSpec[] charges)
            {
                var plan = Plan.ForApp(app.Id, app.Name + " Standard", "EUR", now);
                var version = plan.AddVersion(charges, null, now);
                db.AddRange(plan, version);
                return (plan, version);
            }

            var telephony = NewApp(0, "Telefonie", "Communication", 0.20m,
                new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null),
                new AppMetric("users", "user", MetricAggregation.UniqueCount, MetricRounding.None, "userId"));
            var api = NewApp(1, "API Gateway", "DevOps", 0.15m, new AppMetric("api_calls", "call", MetricAggregation.Sum, MetricRounding.None, null));
            var storage = NewApp(2, "Cloud Storage", "Productivity", 0.18m, new AppMetric("gb", "GB", MetricAggregation.Max, MetricRounding.None, null));
            var sms = NewApp(3, "SMS Gateway", "Communication", 0.20m, new AppMetric("sms", "sms", MetricAggregation.Count, MetricRounding.None, null));
            var payments = NewApp(4, "Payments", "Finance", 0.10m, new AppMetric("payments", "EUR", MetricAggregation.Sum, MetricRounding.None, null));
            var crm = NewApp(5, "CRM", "CrmSales", 0.20m);
            var office = NewApp(6, "Office", "Productivity", 0.25m);
            var security = NewApp(7, "Endpoint Security", "Security", 0.20m);
            var telephonyPlan = NewPlan(telephony, new ChargeSpec { Type = "flat", Amount = 19m },
                new ChargeSpec { Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = 0.02m, FreeUnits = 100m },
                new ChargeSpec { Type = "usage", Metric = "users", Model = "perUnit", UnitPrice = 1.5m });
            var apiPlan = NewPlan(api, new ChargeSpec
            {
                Type = "usage", Metric = "api_calls", Model = "graduated",
                Tiers = [new TierSpec { UpTo = 1000m, UnitPrice = 0m, FlatFee = 10m }, new TierSpec { UpTo = 10000m, UnitPrice = 0.002m }, new TierSpec { UpTo = null, UnitPrice = 0.001m }],
            });
            var storagePlan = NewPlan(storage, new ChargeSpec
            {
                Type = "usage", Metric = "gb", Model = "volume",
                Tiers = [new TierSpec { UpTo = 100m, UnitPrice = 0.10m }, new TierSpec { UpTo = 400m, UnitPrice = 0.08m }, new TierSpec { UpTo = null, UnitPrice = 0.05m, FlatFee = 5m }],
            });
            var smsPlan = NewPlan(sms, new ChargeSpec { Type = "usage", Metric = "sms", Model = "package", PackageSize = 100m, PackagePrice = 5m, FreeUnits = 50m });
            var paymentsPlan = NewPlan(payments, new ChargeSpec
            {
                Type = "usage", Metric = "payments", Model = "percentage", Rate = 0.013m, FixedFeePerEvent = 0.25m, FreeEvents = 10, MinPerEvent = 0.30m, MaxPerEvent = 50m,
            });
            var crmPlan = NewPlan(crm, new ChargeSpec { Type = "perSeat", UnitPrice = 9.90m });
            var officePlan = NewPlan(office, new ChargeSpec { Type = "flat", Amount = 49m });
            var securityPlan = NewPlan(security, new ChargeSpec { Type = "flat", Amount = 15m }, new ChargeSpec { Type = "perSeat", UnitPrice = 2m });
            var service = PartnerService.Create(sellers[0].Id, "Managed Onboarding", null, now);
            var servicePlan = Plan.ForPartnerService(service.Id, "Monthly care", "EUR", now);
            var serviceVersion = servicePlan.AddVersion([new ChargeSpec { Type = "flat", Amount = 120m }], null, now);
            db.AddRange(service, servicePlan, serviceVersion);

            // Commission plans: resellers (category rate, tiers, minimum payout), SIs (base rate for 24 months), distributors (override).
            CommissionPlan NewCommissionPlan(string name, CommissionTerms terms)
            {
                var plan = CommissionPlan.Create(name, CommissionPlanStatus.Published, now);
                db.AddRange(plan, plan.AddVersion(terms, now));
                return plan;
            }

            var resellerOld = NewCommissionPlan("Reseller 2025", new CommissionTerms { BaseRate = 0.08m });
            var resellerPlan = NewCommissionPlan("Reseller 2026", new CommissionTerms
            {
                BaseRate = 0.10m, CategoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["Communication"] = 0.15m },
                Tiers = [new CommissionTier(2_000m, 0.10m), new CommissionTier(5_000m, 0.12m), new CommissionTier(null, 0.14m)], MinimumPayout = 250m,
                ServiceFeeRate = 0.05m,
            });
            var integratorPlan = NewCommissionPlan("Integrator", new CommissionTerms { BaseRate = 0.09m, DurationMonths = 24, MinimumPayout = 50m });
            var distributorPlan = NewCommissionPlan("Distributor", new CommissionTerms { OverrideRate = 0.03m });
            for (var i = 0; i < sellers.Count; i++)
            {
                if (i % 97 == 13) continue; // a few partners without a plan: the run reports them
                var seller = sellers[i];
                if (seller.Kind == PartnerKind.SystemIntegrator)
                {
                    db.Add(CommissionAssignment.Assign(seller.Id, integratorPlan, new DateOnly(2025, 1, 1), [], "bench", now).Added);
                    continue;
                }

                // Resellers moved from the 2025 plan to the 2026 one (the first assignment ends when the second starts).
                var first = CommissionAssignment.Assign(seller.Id, resellerOld, new DateOnly(2025, 1, 1), [], "bench", now).Added;
                var second = CommissionAssignment.Assign(seller.Id, resellerPlan, new DateOnly(2026, 1 + i % 10, 1), [first], "bench", now).Added;
                db.AddRange(first, second);
            }

            foreach (var distributor in distributors.Where((_, i) => i != 7))
                db.Add(CommissionAssignment.Assign(distributor.Id, distributorPlan, new DateOnly(2025, 1, 1), [], "bench", now).Added);

            // Customers, attributed; some moved between partners, a few in October itself.
            var customers = new List<Customer>(Customers);
            for (var i = 0; i < Customers; i++)
            {
                var customer = Customer.Create($"Kunde {i:D5}", "DE", now);
                var from = new DateOnly(2024, 1, 1).AddDays(random.Next(900)); // 2024-01 … 2026-06
                customer.AttributeTo(sellers[random.Next(sellers.Count)].Id, from, "bench", null, now);
                if (i % 10 == 0)
                {
                    var move = i % 50 == 0 ? new DateOnly(2026, 10, 10 + i % 15) : from.AddDays(30 + random.Next(60));
                    var to = sellers[(sellers.FindIndex(s => s.Id == customer.CurrentAttribution!.PartnerId) + 1 + random.Next(sellers.Count - 1)) % sellers.Count];
                    customer.AttributeTo(to.Id, move, "bench", "moved", now);
                }

                customers.Add(customer);
            }

            db.AddRange(customers);

            // Subscriptions: ten per customer, by share.
            var kinds = new (int Count, App? App, (Plan Plan, PlanVersion Version) Plan, Kind? Usage, bool Seats)[]
            {
                (10_000, telephony, telephonyPlan, Kind.Telephony, false),
                (8_000, api, apiPlan, Kind.Api, false),
                (6_000, storage, storagePlan, Kind.Storage, false),
                (6_000, sms, smsPlan, Kind.Sms, false),
                (100, payments, paymentsPlan, Kind.Payments, false),
                (8_000, crm, crmPlan, null, true),
                (6_000, office, officePlan, null, false),
                (5_400, security, securityPlan, null, true),
                (500, null, (servicePlan, serviceVersion), null, false),
            };
            var n = 0;
            foreach (var (count, app, (plan, version), usage, seats) in kinds)
                for (var i = 0; i < count; i++, n++)
                {
                    var customer = customers[n % Customers];
                    var start = new DateOnly(2025, 1, 1).AddDays(random.Next(640)); // 2025-01 … 2026-10-02
                    if (usage is null && i % 20 == 0) start = new DateOnly(2026, 10, 1 + random.Next(28)); // starts in October: prorated
                    var subscription = app is null
                        ? Subscription.Create(customer.Id, plan.Id, version.Id, null, service.Id, sellers[0].Id, start, 1, "bench", now)
                        : Subscription.Create(customer.Id, plan.Id, version.Id, app.Id, null, app.IsvPartnerId, start, seats ? 1 + random.Next(50) : 1, "bench", now);
                    if (seats && i % 10 == 3 && start < new DateOnly(2026, 10, 10)) subscription.ChangeSeats(new DateOnly(2026, 10, 10 + random.Next(15)), 1 + random.Next(80));
                    if (usage is null && i % 37 == 5 && start < new DateOnly(2026, 10, 1)) subscription.Cancel(new DateOnly(2026, 10, 5 + random.Next(20))); // ends in October
                    if (usage is null && i % 101 == 7 && start < new DateOnly(2026, 9, 1)) subscription.Cancel(new DateOnly(2026, 9, 15)); // ended before: not settled
                    db.Add(subscription);
                    if (usage is { } kind)
                    {
                        var fromUtc = Max(monthStartUtc, UsageWindow.StartOfDayUtc(start, zone).UtcDateTime);
                        usageSubs.Add(new UsageSub(subscription.Id, app!.IsvPartnerId, kind, fromUtc, monthEndUtc, 0.2 + 1.6 * random.NextDouble()));
                    }
                }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        say($"world (partners, catalog, customers, subscriptions) written through EF in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        stopwatch.Restart();
        WriteUsage(connection, usageSubs, events, zone, now, random);
        say($"{events:N0} usage events with runs, aggregates, distinct values and daily rows written in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>The usage tables as <c>UsageWriter</c> leaves them, written set by set (indexes of UsageEvents rebuilt at the end).</summary>
    private static void WriteUsage(string connectionString, List<UsageSub> subs, long events, TimeZoneInfo zone, DateTime now, Random random)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        void Exec(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            c.ExecuteNonQuery();
        }

        // Bulk load: no rollback journal, no fsync, a large cache; the app's WAL mode is restored at the end.
        Exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;");
        // The secondary indexes of UsageEvents (the EventKey unique index …) are dropped and re-created from their own
        // DDL after the load: one sort instead of 10 million random B-tree inserts.
        var indexes = new List<(string Name, string Sql)>();
        using (var c = connection.CreateCommand())
        {
            c.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'UsageEvents' AND sql IS NOT NULL";
            using var r = c.ExecuteReader();
            while (r.Read()) indexes.Add((r.GetString(0), r.GetString(1)));
        }

        foreach (var (name, _) in indexes) Exec($"DROP INDEX \"{name}\"");

        // Events per subscription: the percentage subscriptions get PercentageShare of them, the rest by weight.
        var percentage = subs.Where(s => s.Kind == Kind.Payments).ToList();
        var others = subs.Where(s => s.Kind != Kind.Payments).ToList();
        var percentageEvents = (long)Math.Round(events * PercentageShare);
        var counts = new Dictionary<Guid, long>();
        void Spread(List<UsageSub> list, long total)
        {
            var weights = list.Sum(s => s.Weight * (s.ToUtc - s.FromUtc).TotalDays);
            long given = 0;
            foreach (var s in list) given += counts[s.Id] = (long)Math.Floor(total * s.Weight * (s.ToUtc - s.FromUtc).TotalDays / weights);
            for (var i = 0; given < total; i = (i + 1) % list.Count, given++) counts[list[i].Id]++;
        }

        Spread(percentage, percentageEvents);
        Spread(others, events - percentageEvents);

        var minutes = new UsageMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null);
        var plain = new UsageMetric("x", "x", MetricAggregation.Sum, MetricRounding.None, null);
        using var tx = connection.BeginTransaction();
        using var insertEvent = Prepared(connection, tx,
            "INSERT INTO \"UsageEvents\" (\"Id\", \"IsvPartnerId\", \"EventId\", \"SubscriptionId\", \"Metric\", \"Quantity\", \"BillableQuantity\", \"TimestampUtc\", \"Period\", \"PropertiesJson\", \"ReceivedAtUtc\", \"EventKey\") " +
            "VALUES (@id, @isv, @eventId, @sub, @metric, @qty, @billable, @ts, @period, @props, @received, @key)",
            "id", "isv", "eventId", "sub", "metric", "qty", "billable", "ts", "period", "props", "received", "key");
        using var insertRun = Prepared(connection, tx, UsageSql.InsertRun, "sub", "period", "first", "last");
        var aggregates = new Dictionary<(Guid, string), UsageAggregate>();
        var unique = new Dictionary<(Guid, string), HashSet<string>>();
        var daily = new Dictionary<(Guid, string, int), UsageAggregate>();
        long id = 0, sequence = 0;
        var p = insertEvent.Parameters;
        var receivedText = new Dictionary<long, string>();
        foreach (var group in Enumerable.Range(0, Groups))
        {
            foreach (var s in subs)
            {
                var total = counts[s.Id];
                var inGroup = total * (group + 1) / Groups - total * group / Groups;
                if (inGroup == 0) continue;
                // The group's slice of the subscription's time in the month.
                var span = (s.ToUtc - s.FromUtc).Ticks;
                var sliceFrom = s.FromUtc.Ticks + span * group / Groups;
                var sliceLength = span / Groups;
                var subText = s.Id.ToString().ToUpperInvariant();
                var isvText = s.Isv.ToString().ToUpperInvariant();
                var first = id + 1;
                for (long e = 0; e < inGroup; e++)
                {
                    id++;
                    sequence++;
                    var ts = new DateTime(sliceFrom + (long)(random.NextDouble() * sliceLength) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
                    string metric;
                    decimal quantity;
                    string? props = null, value = null;
                    var rounding = plain;
                    switch (s.Kind)
                    {
                        case Kind.Telephony when random.Next(10) == 0:
                            metric = "users";
                            quantity = 1m;
                            value = "u" + random.Next(40).ToString(CultureInfo.InvariantCulture);
                            props = "{\"userId\":\"" + value + "\"}";
                            break;
                        case Kind.Telephony:
                            metric = "minutes";
                            quantity = Math.Round((decimal)random.NextDouble() * 12m, 3);
                            rounding = minutes;
                            break;
                        case Kind.Api:
                            metric = "api_calls";
                            quantity = random.Next(1, 40);
                            break;
                        case Kind.Storage:
                            metric = "gb";
                            quantity = Math.Round((decimal)random.NextDouble() * 600m, 1);
                            break;
                        case Kind.Sms:
                            metric = "sms";
                            quantity = 1m;
                            break;
                        default:
                            metric = "payments";
                            quantity = Math.Round(5m + (decimal)random.NextDouble() * 400m, 2);
                            break;
                    }

                    var billable = UsageAggregation.ApplyRounding(rounding, quantity);
                    var (period, day) = UsageWindow.Keys(new DateTimeOffset(ts), zone);
                    var eventId = "ev-" + sequence.ToString("x", CultureInfo.InvariantCulture);
                    var receivedTicks = (ts.Ticks / TimeSpan.TicksPerMinute + 1) * TimeSpan.TicksPerMinute;
                    if (!receivedText.TryGetValue(receivedTicks, out var received))
                    {
                        if (receivedText.Count > 100_000) receivedText.Clear();
                        receivedText[receivedTicks] = received = new DateTime(receivedTicks, DateTimeKind.Utc).ToString(DateFormat, CultureInfo.InvariantCulture);
                    }

                    p[0].Value = id;
                    p[1].Value = isvText;
                    p[2].Value = eventId;
                    p[3].Value = subText;
                    p[4].Value = metric;
                    p[5].Value = quantity.ToString(DecimalFormat, CultureInfo.InvariantCulture);
                    p[6].Value = billable.ToString(DecimalFormat, CultureInfo.InvariantCulture);
                    p[7].Value = ts.ToString(DateFormat, CultureInfo.InvariantCulture);
                    p[8].Value = period;
                    p[9].Value = (object?)props ?? DBNull.Value;
                    p[10].Value = received;
                    p[11].Value = UsageEventKey.Of(s.Isv, eventId);
                    insertEvent.ExecuteNonQuery();

                    var key = (s.Id, metric);
                    aggregates[key] = aggregates.GetValueOrDefault(key).Add(billable);
                    if (value is not null)
                    {
                        if (!unique.TryGetValue(key, out var set)) unique[key] = set = new HashSet<string>(StringComparer.Ordinal);
                        set.Add(value);
                    }

                    var dayKey = (s.Id, metric, day);
                    daily[dayKey] = daily.GetValueOrDefault(dayKey).Add(billable);
                    if (period != 202610) throw new InvalidOperationException($"{ts:o} is not in 2026-10 in Europe/Berlin");
                }

                insertRun.Parameters[0].Value = subText;
                insertRun.Parameters[1].Value = 202610;
                insertRun.Parameters[2].Value = first;
                insertRun.Parameters[3].Value = id;
                insertRun.ExecuteNonQuery();
            }
        }

        using (var insertAggregate = Prepared(connection, tx,
                   "INSERT INTO \"UsageAggregates\" (\"SubscriptionId\", \"Metric\", \"Period\", \"Sum\", \"Count\", \"Max\", \"UniqueCount\", \"UpdatedAtUtc\") VALUES (@sub, @metric, 202610, @sum, @count, @max, @unique, @now)",
                   "sub", "metric", "sum", "count", "max", "unique", "now"))
        {
            foreach (var ((sub, metric), aggregate) in aggregates)
            {
                var a = insertAggregate.Parameters;
                a[0].Value = sub.ToString().ToUpperInvariant();
                a[1].Value = metric;
                a[2].Value = aggregate.Sum.ToString(DecimalFormat, CultureInfo.InvariantCulture);
                a[3].Value = aggregate.Count;
                a[4].Value = aggregate.Max.ToString(DecimalFormat, CultureInfo.InvariantCulture);
                a[5].Value = unique.TryGetValue((sub, metric), out var set) ? set.Count : 0L;
                a[6].Value = now.ToString(DateFormat, CultureInfo.InvariantCulture);
                insertAggregate.ExecuteNonQuery();
            }
        }

        using (var insertUnique = Prepared(connection, tx,
                   "INSERT INTO \"UsageUniqueValues\" (\"SubscriptionId\", \"Metric\", \"Period\", \"Value\") VALUES (@sub, @metric, 202610, @value)", "sub", "metric", "value"))
        {
            foreach (var ((sub, metric), values) in unique)
                foreach (var value in values)
                {
                    insertUnique.Parameters[0].Value = sub.ToString().ToUpperInvariant();
                    insertUnique.Parameters[1].Value = metric;
                    insertUnique.Parameters[2].Value = value;
                    insertUnique.ExecuteNonQuery();
                }
        }

        using (var insertDaily = Prepared(connection, tx,
                   "INSERT INTO \"UsageDaily\" (\"SubscriptionId\", \"Metric\", \"Day\", \"Quantity\", \"Events\") VALUES (@sub, @metric, @day, @qty, @events)", "sub", "metric", "day", "qty", "events"))
        {
            foreach (var ((sub, metric, day), aggregate) in daily)
            {
                var d = insertDaily.Parameters;
                d[0].Value = sub.ToString().ToUpperInvariant();
                d[1].Value = metric;
                d[2].Value = day;
                d[3].Value = aggregate.Sum.ToString(DecimalFormat, CultureInfo.InvariantCulture);
                d[4].Value = aggregate.Count;
                insertDaily.ExecuteNonQuery();
            }
        }

        tx.Commit();
        foreach (var (_, sql) in indexes) Exec(sql);
        // No ANALYZE: the app never runs it, so the planner sees what it sees in production.
        Exec("PRAGMA journal_mode = WAL;");
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter("@" + name, null));
        command.Prepare();
        return command;
    }

    /// <summary>A summary of what was generated, for the benchmark's output.</summary>
    public static string Describe() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Isvs + Distributors + Resellers + Integrators} partners ({Isvs} ISVs, {Distributors} distributors, {Resellers} resellers, {Integrators} SIs), ")
        .Append(CultureInfo.InvariantCulture, $"{Customers:N0} customers, {Subscriptions:N0} subscriptions")
        .ToString();
}

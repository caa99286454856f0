using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Tests.Support;
using Xunit.Abstractions;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// A random world per seed, written straight into a fresh database with the domain factories (usage through the real
/// usage API), settled by the real runner, and compared to the cent with a slow, obvious reference written here:
/// day-by-day proration and seats, usage summed from the events sent, category → tier → base by hand, every amount
/// rounded once half away from zero. Only the pricing of a single usage charge is taken from <see cref="PricingEngine.Quote"/>
/// (the one pricing function). October 2026 has 31 days; the clock stands at 2026-11-26.
/// </summary>
/// <remarks>
/// Not in parallel with other test classes: Hangfire keeps its log provider in a static bound to the last host started,
/// and a host that another test class starts and disposes meanwhile makes this host's first <c>IBackgroundJobClient</c>
/// (resolved by <c>GET /api/v1/settlements/…</c>) throw ObjectDisposedException (seen as a 500 here).
/// </remarks>
[Collection(nameof(SettlementReferenceCollection))]
public sealed class SettlementReferenceTests(ITestOutputHelper output)
{
    private static readonly DateTime Now = PortalFactory.Now.UtcDateTime;
    private static readonly DateOnly First = new(2026, 10, 1);
    private static readonly DateOnly EndExclusive = new(2026, 11, 1);
    private static readonly DateOnly Last = new(2026, 10, 31);
    private static readonly Period October = new(2026, 10);
    private const int Days = 31;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly string[] Categories = ["Communication", "Productivity", "Finance", "Security"];

    private static decimal R(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    // ------------------------------------------------------------------ the world as the test knows it

    private sealed class Sub
    {
        public required Subscription Entity { get; init; }
        public required IReadOnlyList<ChargeSpec> Charges { get; init; }
        public decimal? Minimum { get; init; }
        public App? App { get; init; }
        public Guid? ServicePartner { get; init; }
        public required DateOnly Start { get; init; }
        public DateOnly? End { get; set; }
        public List<(DateOnly From, int Seats)> Seats { get; } = [];
        public List<(string Metric, decimal Quantity, DateTimeOffset At, DateOnly LocalDay)> Events { get; } = [];
    }

    private sealed class World
    {
        public Dictionary<Guid, Guid?> Parent { get; } = [];
        public Dictionary<Guid, List<(DateOnly From, CommissionTerms Terms)>> Assignments { get; } = [];
        public Dictionary<Guid, List<(Guid Partner, DateOnly From)>> Attributions { get; } = [];
        public List<Sub> Subs { get; } = [];
        public Dictionary<Guid, string> IsvKeys { get; } = [];

        public CommissionTerms? TermsAtEnd(Guid partner) =>
            Assignments.TryGetValue(partner, out var list) ? list.Where(a => a.From <= Last).OrderBy(a => a.From).Select(a => a.Terms).LastOrDefault() : null;

        public (Guid Partner, DateOnly From)? AttributedAtEnd(Guid customer) =>
            Attributions.TryGetValue(customer, out var list) && list.Where(a => a.From <= Last).OrderBy(a => a.From).ToList() is { Count: > 0 } l
                ? l[^1] : null;
    }

    // ------------------------------------------------------------------ the test

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    [InlineData(90210)]
    public async Task Settle_RandomWorld_MatchesTheReferenceToTheCent(int seed)
    {
        var watch = Stopwatch.StartNew();
        using var app = new CustomPortalFactory(new() { ["Portal:DemoData"] = "false" });
        var rng = new Random(seed);
        var world = await BuildAsync(app, rng);
        await PostUsageAsync(app, world);

        Assert.Equal("Draft", await new SettlementWorld(app).SettleNowAsync("2026-10"));

        var expected = Reference(world);
        var problems = new List<string>();
        await CompareAsync(app, world, expected, problems);
        output.WriteLine($"seed {seed}: {world.Subs.Count} subscriptions, {expected.Revenue.Count} revenue lines, " +
                         $"{expected.Lines.Count} statement lines, {watch.ElapsedMilliseconds} ms");
        Assert.True(problems.Count == 0, $"seed {seed}:\n" + string.Join("\n", problems.Take(40)));
    }

    // ------------------------------------------------------------------ generation

    private static CommissionTerms RandomResellerTerms(Random rng)
    {
        var categoryRates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        if (rng.NextDouble() < 0.5)
        {
            var category = Pick(rng, Categories);
            categoryRates[rng.Next(2) == 0 ? category : category.ToLowerInvariant()] = Pick(rng, [0m, 0.15m, 0.2m, 0.1234m]);
        }

        IReadOnlyList<CommissionTier> tiers = [];
        if (rng.NextDouble() < 0.4)
        {
            var upTo = Pick(rng, [100m, 250m, 500m]);
            tiers = [new(upTo, Pick(rng, [0.04m, 0.06m])), new(upTo * 4, Pick(rng, [0.08m, 0.09m])), new(null, Pick(rng, [0.11m, 0.125m]))];
        }

        return new CommissionTerms
        {
            BaseRate = Pick(rng, [0.05m, 0.08m, 0.1m, 0.125m, 0m]), CategoryRates = categoryRates, Tiers = tiers,
            DurationMonths = rng.NextDouble() < 0.4 ? Pick(rng, [1, 2, 3, 6]) : null,
            ServiceFeeRate = Pick(rng, [0m, 0.05m, 0.1m, 0.125m]),
            MinimumPayout = rng.NextDouble() < 0.4 ? Pick(rng, [25m, 50m, 200m]) : 0m,
        };
    }

    private static List<ChargeSpec> RandomCharges(Random rng, bool app)
    {
        var charges = new List<ChargeSpec>();
        if (rng.NextDouble() < 0.6) charges.Add(new ChargeSpec { Type = "flat", Amount = Pick(rng, [9.99m, 29m, 49.5m, 99m, 120.37m]) });
        if (rng.NextDouble() < 0.5) charges.Add(new ChargeSpec { Type = "perSeat", UnitPrice = Pick(rng, [4.99m, 9.9m, 12.5m, 0.3333m]) });
        if (rng.NextDouble() < 0.3) charges.Add(new ChargeSpec { Type = "oneTime", Amount = Pick(rng, [19m, 99.99m, 250m]) });
        if (app && rng.NextDouble() < 0.5)
            charges.Add(new ChargeSpec
            {
                Type = "usage", Metric = "minutes", Model = "perUnit", UnitPrice = Pick(rng, [0.012m, 0.05m, 0.0175m]),
                FreeUnits = Pick<decimal?>(rng, [null, 10m, 100m]),
            });
        if (app && rng.NextDouble() < 0.3)
            charges.Add(new ChargeSpec
            {
                Type = "usage", Metric = "calls", Model = "graduated",
                Tiers = [new TierSpec { UpTo = 10, UnitPrice = 0.5m, FlatFee = 2m }, new TierSpec { UpTo = null, UnitPrice = 0.25m, FlatFee = 0m }],
            });
        if (charges.Count == 0) charges.Add(new ChargeSpec { Type = "flat", Amount = 15m });
        return charges;
    }

    private static async Task<World> BuildAsync(CustomPortalFactory app, Random rng)
    {
        var world = new World();
        var partners = new List<Partner>();
        var plans = new List<object>();

        // Partners: distributors, resellers and system integrators (some under a distributor), ISVs.
        var distributors = Enumerable.Range(0, 2).Select(i => Partner.Create(PartnerKind.Distributor, $"Distributor {i}", "DE", $"d{i}@ref.example", Now, PartnerStatus.Active)).ToList();
        var resellers = Enumerable.Range(0, 5).Select(i =>
        {
            var parent = rng.Next(3) switch { 0 => null, 1 => distributors[0], _ => distributors[1] };
            return Partner.Create(rng.Next(3) == 0 ? PartnerKind.SystemIntegrator : PartnerKind.Reseller, $"Reseller {i}", "DE", $"r{i}@ref.example", Now,
                PartnerStatus.Active, parent: parent);
        }).ToList();
        var isvs = Enumerable.Range(0, 2).Select(i => Partner.Create(PartnerKind.Isv, $"ISV {i}", "DE", $"i{i}@ref.example", Now, PartnerStatus.Active)).ToList();
        partners.AddRange(distributors.Concat(resellers).Concat(isvs));
        foreach (var p in partners) world.Parent[p.Id] = p.ParentPartnerId;

        // Commission plans: a published plan per terms, assigned from a date; sometimes an earlier plan ended by it, a
        // later one (November) not yet in force, or a newer version of the plan added after the assignment (not used).
        var assignments = new List<CommissionAssignment>();
        void Assign(Guid partner, CommissionTerms terms, DateOnly from, bool laterVersion)
        {
            var plan = CommissionPlan.Create("Plan " + plans.Count, CommissionPlanStatus.Published, Now);
            plans.Add(plan);
            plans.Add(plan.AddVersion(terms, Now));
            var existing = assignments.Where(a => a.PartnerId == partner).ToList();
            var (added, replaced) = CommissionAssignment.Assign(partner, plan, from, existing, "test", Now);
            Assert.Null(replaced);
            assignments.Add(added);
            if (laterVersion) plans.Add(plan.AddVersion(terms with { BaseRate = 0.99m, OverrideRate = 0.99m, ServiceFeeRate = 0.99m }, Now));
            if (!world.Assignments.TryGetValue(partner, out var list)) world.Assignments[partner] = list = [];
            list.Add((from, terms));
        }

        foreach (var d in distributors)
        {
            var mode = rng.Next(3);
            if (mode == 0) continue; // a distributor without a plan earns no override
            Assign(d.Id, new CommissionTerms { OverrideRate = mode == 1 ? 0m : Pick(rng, [0.01m, 0.02m, 0.025m, 0.0333m]) }, Day("2026-01-01"), rng.Next(3) == 0);
        }

        foreach (var r in resellers)
        {
            if (rng.NextDouble() < 0.2) continue; // no plan: earns nothing
            if (rng.NextDouble() < 0.3)
            {
                Assign(r.Id, RandomResellerTerms(rng), Day("2026-01-01"), false);
                Assign(r.Id, RandomResellerTerms(rng), Pick(rng, [Day("2026-10-15"), Last]), rng.Next(3) == 0); // in force on the 31st
            }
            else Assign(r.Id, RandomResellerTerms(rng), Pick(rng, [Day("2025-06-01"), Day("2026-01-01")]), rng.Next(3) == 0);
            if (rng.NextDouble() < 0.3) Assign(r.Id, RandomResellerTerms(rng), Day("2026-11-05"), false); // not in force in October
        }

        // Apps of different categories and platform fee rates; some plans with two versions.
        var metrics = new[]
        {
            new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null),
            new AppMetric("calls", "call", MetricAggregation.Count, MetricRounding.None, null),
        };
        var apps = new List<App>();
        var offers = new List<(App? App, Guid? ServicePartner, Plan Plan, List<PlanVersion> Versions)>();
        for (var i = 0; i < 4; i++)
        {
            var fee = Pick(rng, [0.1m, 0.15m, 0.2m, 0.3m, 0.125m]);
            var a = App.Create(Pick(rng, isvs).Id, $"App {i}", null, Pick(rng, Categories), fee,
                metrics.Select(m => new AppMetric(m.Code, m.Unit, m.Aggregation, m.Rounding, m.Property)), Now);
            a.Submit(Now);
            a.Approve(fee, Now);
            apps.Add(a);
            var plan = Plan.ForApp(a.Id, "Plan", "EUR", Now);
            var versions = Enumerable.Range(0, rng.Next(1, 3))
                .Select(_ => plan.AddVersion(RandomCharges(rng, app: true), rng.NextDouble() < 0.25 ? Pick(rng, [30m, 75m]) : null, Now)).ToList();
            offers.Add((a, null, plan, versions));
        }

        var services = new List<PartnerService>();
        for (var i = 0; i < 3; i++)
        {
            var offering = Pick(rng, resellers);
            var service = PartnerService.Create(offering.Id, $"Service {i}", null, Now);
            services.Add(service);
            var plan = Plan.ForPartnerService(service.Id, "Monthly", "EUR", Now);
            offers.Add((null, offering.Id, plan, [plan.AddVersion(RandomCharges(rng, app: false), rng.NextDouble() < 0.2 ? 40m : null, Now)]));
        }

        // Customers: unattributed, attributed from various dates, moved inside October, moved in November, attributed only from November.
        var customers = new List<Customer>();
        for (var i = 0; i < 14; i++)
        {
            var c = Customer.Create($"Kunde {i} GmbH", "DE", Now);
            customers.Add(c);
            var list = world.Attributions[c.Id] = [];
            void To(Partner p, string from)
            {
                c.AttributeTo(p.Id, Day(from), "test", null, Now);
                list.Add((p.Id, Day(from)));
            }

            var r1 = Pick(rng, resellers);
            var r2 = resellers.Where(r => r != r1).ElementAt(rng.Next(resellers.Count - 1));
            switch (rng.Next(10))
            {
                case 0 or 1: break;
                case 2: To(r1, "2026-11-03"); break;
                case 3: To(r1, "2026-03-01"); To(r2, Pick(rng, ["2026-10-15", "2026-10-31", "2026-10-01"])); break;
                case 4: To(r1, "2026-05-01"); To(r2, "2026-11-10"); break;
                default: To(r1, Pick(rng, ["2025-09-10", "2026-01-01", "2026-07-31", "2026-08-15", "2026-09-01", "2026-10-01", "2026-10-20", "2026-10-31"])); break;
            }
        }

        // Subscriptions starting and ending in and around October, seat changes inside October.
        var starts = new[] { "2026-07-15", "2026-09-01", "2026-10-01", "2026-10-02", "2026-10-15", "2026-10-31", "2026-11-02" };
        var ends = new[] { "2026-10-01", "2026-10-02", "2026-10-20", "2026-10-31", "2026-11-01", "2026-11-15" };
        for (var i = 0; i < 30; i++)
        {
            var offer = rng.NextDouble() < 0.75 ? offers[rng.Next(4)] : offers[4 + rng.Next(3)];
            var version = Pick(rng, offer.Versions);
            var start = Day(Pick(rng, starts));
            var seats = rng.Next(1, 6);
            var entity = Subscription.Create(Pick(rng, customers).Id, offer.Plan.Id, version.Id, offer.App?.Id, offer.ServicePartner is null ? null : services[offers.IndexOf(offer) - 4].Id,
                offer.App?.IsvPartnerId ?? offer.ServicePartner!.Value, start, seats, "test", Now);
            var sub = new Sub { Entity = entity, Charges = version.Charges, Minimum = version.MinimumCommitment, App = offer.App, ServicePartner = offer.ServicePartner, Start = start };
            sub.Seats.Add((start, seats));
            DateOnly? end = null;
            if (rng.NextDouble() < 0.3 && ends.Select(Day).Where(e => e > start).ToList() is { Count: > 0 } possible) end = Pick(rng, possible);
            if (rng.NextDouble() < 0.4)
            {
                for (var k = rng.Next(1, 3); k > 0; k--)
                {
                    var from = First.AddDays(rng.Next(Days));
                    if (from <= start || (end is { } e && from >= e)) continue;
                    var n = rng.Next(1, 9);
                    entity.ChangeSeats(from, n);
                    sub.Seats.RemoveAll(s => s.From == from);
                    sub.Seats.Add((from, n));
                }
            }

            if (end is { } endDate)
            {
                entity.Cancel(endDate);
                sub.End = endDate;
                sub.Seats.RemoveAll(s => s.From >= endDate);
            }

            world.Subs.Add(sub);
        }

        await using (var db = await app.DbAsync())
        {
            db.Partners.AddRange(partners);
            db.Apps.AddRange(apps);
            db.PartnerServices.AddRange(services);
            foreach (var (_, _, plan, versions) in offers)
            {
                db.Plans.Add(plan);
                db.PlanVersions.AddRange(versions);
            }

            db.CommissionPlans.AddRange(plans.OfType<CommissionPlan>());
            db.CommissionPlanVersions.AddRange(plans.OfType<CommissionPlanVersion>());
            db.CommissionAssignments.AddRange(assignments);
            db.Customers.AddRange(customers);
            db.Subscriptions.AddRange(world.Subs.Select(s => s.Entity));
            await db.SaveChangesAsync();
        }

        // Usage: events inside each subscription's days (Berlin time), some around October's edges.
        var edge = new[] { new TimeOnly(0, 0, 30), new TimeOnly(23, 59, 30) };
        foreach (var sub in world.Subs.Where(s => s.App is not null && rng.NextDouble() < 0.7))
        {
            var from = sub.Start > Day("2026-09-25") ? sub.Start : Day("2026-09-25");
            var to = sub.End is { } e && e < Day("2026-11-05") ? e : Day("2026-11-05");
            if (to <= from) continue;
            for (var k = rng.Next(0, 9); k > 0; k--)
            {
                var day = from.AddDays(rng.Next(to.DayNumber - from.DayNumber));
                var time = rng.NextDouble() < 0.3 ? Pick(rng, edge) : new TimeOnly(rng.Next(6, 22), rng.Next(60), rng.Next(60));
                var utc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), Berlin);
                var metric = rng.Next(3) == 0 ? "calls" : "minutes";
                var quantity = metric == "calls" ? 1m : Math.Round((decimal)rng.NextDouble() * 20m, rng.Next(0, 3)) + 0.01m;
                sub.Events.Add((metric, quantity, new DateTimeOffset(utc, TimeSpan.Zero), day));
            }
        }

        using var operatorClient = app.ApiClient();
        foreach (var isv in isvs)
        {
            var created = await (await operatorClient.PostAsJsonAsync($"/api/v1/partners/{isv.Id}/api-keys", new { name = "meter" })).Content.ReadFromJsonAsync<JsonElement>();
            world.IsvKeys[isv.Id] = created.GetProperty("key").GetString()!;
        }

        return world;
    }

    private static async Task PostUsageAsync(CustomPortalFactory app, World world)
    {
        foreach (var (isv, key) in world.IsvKeys)
        {
            var events = world.Subs.Where(s => s.App?.IsvPartnerId == isv)
                .SelectMany(s => s.Events.Select((e, i) => new
                {
                    id = $"{s.Entity.Id:N}-{i}", subscriptionId = s.Entity.Id, metric = e.Metric, quantity = e.Quantity,
                    timestamp = e.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                })).ToArray();
            if (events.Length == 0) continue;
            using var client = app.ApiClient(key);
            var response = await client.PostAsJsonAsync("/api/v1/usage", new { events });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32() == events.Length, text);
        }
    }

    // ------------------------------------------------------------------ the reference

    private sealed record RevenueRow(long Revenue, long PlatformFee, long ServiceFee, long Payout, long Commission, long Override, bool Used, int ActiveDays,
        long SeatDays, Guid? AttributedPartner);

    private sealed record Expected(Dictionary<Guid, RevenueRow> Revenue, Dictionary<(Guid Partner, string Kind, Guid Subscription), long> Lines,
        Dictionary<Guid, (long Total, bool Carries)> Statements);

    private static long Cents(decimal amount) => (long)(amount * 100m);

    private static Expected Reference(World world)
    {
        var revenue = new Dictionary<Guid, RevenueRow>();
        var lines = new Dictionary<(Guid, string, Guid), long>();
        var amounts = new Dictionary<Guid, decimal>();

        foreach (var sub in world.Subs)
        {
            // Day by day: active days and seat-days.
            var activeDays = 0;
            long seatDays = 0;
            for (var d = First; d < EndExclusive; d = d.AddDays(1))
            {
                if (d < sub.Start || (sub.End is { } end && d >= end)) continue;
                activeDays++;
                seatDays += sub.Seats.Where(s => s.From <= d).OrderBy(s => s.From).Last().Seats;
            }

            if (activeDays == 0) continue;

            // Usage of October (Berlin days), every started minute counted per event; calls counted.
            var october = sub.Events.Where(e => e.LocalDay >= First && e.LocalDay < EndExclusive).ToList();
            var minutes = october.Where(e => e.Metric == "minutes").Sum(e => Math.Ceiling(e.Quantity));
            var calls = (decimal)october.Count(e => e.Metric == "calls");

            var total = 0m;
            foreach (var charge in sub.Charges)
            {
                total += charge.Type switch
                {
                    "flat" => R(charge.Amount!.Value * activeDays / Days),
                    "perSeat" => R(charge.UnitPrice!.Value * seatDays / Days),
                    "oneTime" => sub.Start >= First ? charge.Amount!.Value : 0m,
                    _ => PricingEngine.Quote(new QuoteInput
                    {
                        Charges = [charge], Quantities = new Dictionary<string, decimal> { [charge.Metric!] = charge.Metric == "minutes" ? minutes : calls },
                    }).Total.Amount,
                };
            }

            if (sub.Minimum is { } minimum && R(minimum * activeDays / Days - total) > 0m) total += R(minimum * activeDays / Days - total);

            var used = october.Count > 0;
            var attributed = world.AttributedAtEnd(sub.Entity.CustomerId);
            decimal fee = 0m, serviceFee = 0m;
            if (sub.App is { } app)
            {
                fee = used ? R(total * app.PlatformFeeRate) : 0m;
                Add(lines, (app.IsvPartnerId, "IsvPayout", sub.Entity.Id), total - fee);
            }
            else
            {
                serviceFee = R(total * (world.TermsAtEnd(sub.ServicePartner!.Value)?.ServiceFeeRate ?? 0m));
                Add(lines, (sub.ServicePartner!.Value, "ServicePayout", sub.Entity.Id), total - serviceFee);
            }

            amounts[sub.Entity.Id] = total;
            revenue[sub.Entity.Id] = new RevenueRow(Cents(total), Cents(fee), Cents(serviceFee), Cents(total - fee - serviceFee), 0, 0, used, activeDays,
                seatDays, attributed?.Partner);
        }

        // Commissions per partner attributed at October's end: category (any case) → tier by the partner's total → base.
        foreach (var group in world.Subs.Where(s => s.App is not null && revenue.ContainsKey(s.Entity.Id))
                     .Select(s => (Sub: s, At: world.AttributedAtEnd(s.Entity.CustomerId)))
                     .Where(x => x.At is not null).GroupBy(x => x.At!.Value.Partner))
        {
            var terms = world.TermsAtEnd(group.Key);
            if (terms is null) continue;
            var partnerTotal = group.Sum(x => amounts[x.Sub.Entity.Id]);
            var parent = world.Parent[group.Key];
            var distributorTerms = parent is { } p ? world.TermsAtEnd(p) : null;
            foreach (var (sub, at) in group)
            {
                var from = at!.Value.From;
                var monthIndex = (2026 - from.Year) * 12 + 10 - from.Month; // October = 0 when attributed in October
                if (terms.DurationMonths is { } months && monthIndex >= months) continue;

                var match = terms.CategoryRates.Where(c => string.Equals(c.Key, sub.App!.Category, StringComparison.OrdinalIgnoreCase)).ToList();
                var rate = match.Count > 0 ? match[0].Value
                    : terms.Tiers.Count > 0 ? terms.Tiers.First(t => t.UpTo is null || partnerTotal <= t.UpTo).Rate
                    : terms.BaseRate;
                if (rate == 0m) continue;

                var amount = amounts[sub.Entity.Id];
                var commission = R(amount * rate);
                Add(lines, (group.Key, "Commission", sub.Entity.Id), commission);
                var row = revenue[sub.Entity.Id] = revenue[sub.Entity.Id] with { Commission = Cents(commission) };
                if (distributorTerms is { OverrideRate: > 0m })
                {
                    var overrideAmount = R(amount * distributorTerms.OverrideRate);
                    Add(lines, (parent!.Value, "Override", sub.Entity.Id), overrideAmount);
                    revenue[sub.Entity.Id] = row with { Override = Cents(overrideAmount) };
                }
            }
        }

        var statements = lines.GroupBy(l => l.Key.Item1).ToDictionary(g => g.Key, g =>
        {
            var total = g.Sum(l => l.Value);
            var minimum = world.TermsAtEnd(g.Key)?.MinimumPayout ?? 0m;
            return (total, total < 0 || (total > 0 && total < Cents(minimum)));
        });
        return new Expected(revenue, lines, statements);

        static void Add(Dictionary<(Guid, string, Guid), long> lines, (Guid, string, Guid) key, decimal amount) => lines[key] = Cents(amount);
    }

    // ------------------------------------------------------------------ comparison

    private static async Task CompareAsync(CustomPortalFactory app, World world, Expected expected, List<string> problems)
    {
        await using var db = await app.DbAsync();
        var revenueLines = await db.RevenueLines.AsNoTracking().Where(l => l.Period == October).ToListAsync();
        var statementLines = await db.StatementLines.AsNoTracking().Where(l => l.Period == October).ToListAsync();
        var statements = await db.Statements.AsNoTracking().Where(s => s.Period == October).ToListAsync();

        // Every revenue line.
        var actualIds = revenueLines.Select(l => l.SubscriptionId).ToHashSet();
        foreach (var missing in expected.Revenue.Keys.Where(id => !actualIds.Contains(id))) problems.Add($"revenue line missing for {missing}");
        foreach (var line in revenueLines)
        {
            if (!expected.Revenue.TryGetValue(line.SubscriptionId, out var e))
            {
                problems.Add($"unexpected revenue line for {line.SubscriptionId}");
                continue;
            }

            var actual = new RevenueRow(line.RevenueCents, line.PlatformFeeCents, line.ServiceFeeCents, line.PayoutCents, line.CommissionCents, line.OverrideCents,
                line.Used, line.ActiveDays, line.SeatDays, line.AttributedPartnerId);
            if (actual != e)
            {
                var sub = world.Subs.Single(s => s.Entity.Id == line.SubscriptionId);
                problems.Add($"revenue {line.SubscriptionId}: expected {e}, got {actual} (start {sub.Start}, end {sub.End}, charges " +
                             string.Join(", ", sub.Charges.Select(c => JsonSerializer.Serialize(c))) + $", minimum {sub.Minimum}; detail {line.DetailJson})");
            }
        }

        // Every statement line per partner, kind and subscription (a zero amount and no line are the same).
        var actualLines = statementLines.Where(l => l.AmountCents != 0)
            .ToDictionary(l => (l.PartnerId, l.Kind.ToString(), l.SubscriptionId ?? Guid.Empty), l => l.AmountCents);
        var expectedLines = expected.Lines.Where(l => l.Value != 0).ToDictionary(l => l.Key, l => l.Value);
        foreach (var key in expectedLines.Keys.Union(actualLines.Keys))
        {
            var want = expectedLines.GetValueOrDefault(key);
            var got = actualLines.GetValueOrDefault(key);
            if (want != got) problems.Add($"statement line {key}: expected {want} cents, got {got}");
        }

        Assert.DoesNotContain(statementLines, l => l.Kind is StatementLineKind.Adjustment or StatementLineKind.CarryForward);

        // Every statement total and outcome; totals are the sums of their lines.
        foreach (var s in statements)
        {
            var (total, carries) = expected.Statements.GetValueOrDefault(s.PartnerId);
            if (s.TotalCents != total || s.CarriesForward != carries)
                problems.Add($"statement of {s.PartnerId}: expected {total} cents (carries {carries}), got {s.TotalCents} (carries {s.CarriesForward})");
            var sum = statementLines.Where(l => l.PartnerId == s.PartnerId).Sum(l => l.AmountCents);
            if (sum != s.TotalCents) problems.Add($"statement of {s.PartnerId}: total {s.TotalCents} is not the sum of its lines {sum}");
            if (s.Lines != statementLines.Count(l => l.PartnerId == s.PartnerId)) problems.Add($"statement of {s.PartnerId}: line count {s.Lines}");
        }

        foreach (var partner in expected.Statements.Where(x => x.Value.Total != 0 || expectedLines.Keys.Any(k => k.Partner == x.Key)).Select(x => x.Key))
            if (statements.All(s => s.PartnerId != partner)) problems.Add($"statement missing for {partner}");

        // The run's totals, through the API.
        var run = await new SettlementWorld(app).GetAsync("/api/v1/settlements/2026-10");
        var totals = run.GetProperty("totals");
        decimal Eur(long cents) => cents / 100m;
        var revenueSum = expected.Revenue.Values.Sum(r => r.Revenue);
        var fees = expected.Revenue.Values.Sum(r => r.PlatformFee);
        var serviceFees = expected.Revenue.Values.Sum(r => r.ServiceFee);
        long Kind(string kind) => expected.Lines.Where(l => l.Key.Kind == kind).Sum(l => l.Value);
        var wantTotals = new Dictionary<string, decimal>
        {
            ["revenue"] = Eur(revenueSum), ["platformFees"] = Eur(fees), ["serviceFees"] = Eur(serviceFees), ["commissions"] = Eur(Kind("Commission")),
            ["overrides"] = Eur(Kind("Override")), ["isvPayouts"] = Eur(Kind("IsvPayout")), ["servicePayouts"] = Eur(Kind("ServicePayout")),
            ["adjustments"] = 0m, ["carryForwards"] = 0m,
            ["platformNet"] = Eur(fees + serviceFees - Kind("Commission") - Kind("Override")),
        };
        foreach (var (name, value) in wantTotals)
            if (totals.GetProperty(name).GetDecimal() != value) problems.Add($"run total {name}: expected {value}, got {totals.GetProperty(name).GetDecimal()}");
        if (run.GetProperty("subscriptions").GetInt32() != expected.Revenue.Count) problems.Add($"run subscriptions: {run.GetProperty("subscriptions")}");
        if (run.GetProperty("statements").GetInt32() != statements.Count) problems.Add($"run statements: {run.GetProperty("statements")}");
        // Money is conserved: revenue = ISV payouts + service payouts + platform fees + service fees.
        if (revenueSum != Kind("IsvPayout") + Kind("ServicePayout") + fees + serviceFees) problems.Add("reference does not conserve money");
    }
}

[CollectionDefinition(nameof(SettlementReferenceCollection), DisableParallelization = true)]
public sealed class SettlementReferenceCollection;

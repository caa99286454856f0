using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Features.Demo;

/// <summary>
/// The demo world's apps, plans, partner services, subscriptions and two months of usage — enough that every
/// billing model has a believable example: per-minute telephony, per-seat time tracking, a graduated document
/// plan with a base fee, and a reseller's one-time setup plus a monthly managed-support flat rate.
/// </summary>
internal static class DemoCatalog
{
    public static void Add(PortalDbContext db, PortalSeeder.World world, DateTime nowUtc, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
        var thisPeriod = Period.Of(today);
        var start = thisPeriod.Previous().Previous().FirstDay; // three periods of contracts, the last two with usage

        var telefonie = LiveApp(world.ZeitWerk.Id, "ZeitWerk Telefonie", "Cloud-Telefonanlage mit minutengenauer Abrechnung.", "Communication", 0.20m,
            [new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null)], nowUtc.AddDays(-120), TimeSpan.FromHours(3.5));
        var zeiterfassung = LiveApp(world.ZeitWerk.Id, "ZeitWerk Zeiterfassung", "Arbeitszeiterfassung für Teams, pro Benutzer.", "HumanResources", 0.20m,
            [new AppMetric("active_users", "user", MetricAggregation.UniqueCount, MetricRounding.None, "userId")], nowUtc.AddDays(-100), TimeSpan.FromHours(1.75));
        var belegfix = LiveApp(world.Belegfix.Id, "Belegfix Buchhaltung", "Belege erfassen, buchen, an den Steuerberater übergeben.", "Finance", 0.15m,
            [new AppMetric("documents", "Beleg", MetricAggregation.Count, MetricRounding.None, null),
             new AppMetric("storage_gb", "GB", MetricAggregation.Max, MetricRounding.None, null)], nowUtc.AddDays(-90), TimeSpan.FromHours(6));
        var draft = App.Create(world.Belegfix.Id, "Belegfix Kasse", "Kassenbuch in der Cloud (in Arbeit).", "Finance", 0.15m,
            [new AppMetric("receipts", "Bon", MetricAggregation.Count, MetricRounding.None, null)], nowUtc.AddDays(-2));
        db.Apps.AddRange(telefonie, zeiterfassung, belegfix, draft);

        var (telefoniePlan, telefonieVersion) = AppPlan(db, telefonie, "Business",
        [
            new ChargeSpec { Type = "flat", Name = "Grundgebühr", Amount = 9.90m },
            new ChargeSpec { Type = "usage", Name = "Gesprächsminuten", Metric = "minutes", Model = "perUnit", UnitPrice = 0.019m, FreeUnits = 100 },
        ]);
        var (zeitPlan, zeitVersion) = AppPlan(db, zeiterfassung, "Team",
        [
            new ChargeSpec { Type = "perSeat", Name = "Lizenz pro Benutzer", UnitPrice = 4.50m },
        ]);
        var (belegPlan, belegVersion) = AppPlan(db, belegfix, "Standard",
        [
            new ChargeSpec { Type = "flat", Name = "Grundgebühr", Amount = 29m },
            new ChargeSpec
            {
                Type = "usage", Name = "Belege", Metric = "documents", Model = "graduated",
                Tiers = [new TierSpec { UpTo = 200, UnitPrice = 0m, FlatFee = 0m }, new TierSpec { UpTo = 1000, UnitPrice = 0.05m }, new TierSpec { UpTo = null, UnitPrice = 0.03m }],
            },
        ], minimumCommitment: 39m);

        var setup = PartnerService.Create(world.Weser.Id, "Einrichtung & Schulung", "Einrichtung der Cloud-Apps vor Ort, halber Tag Schulung.", nowUtc.AddDays(-80));
        var support = PartnerService.Create(world.Weser.Id, "Managed Support", "Telefon- und Fernwartung für alle Cloud-Apps, monatlich.", nowUtc.AddDays(-80));
        db.PartnerServices.AddRange(setup, support);
        var setupPlan = Plan.ForPartnerService(setup.Id, "Paket S", "EUR", nowUtc.AddDays(-80));
        var setupVersion = setupPlan.AddVersion([new ChargeSpec { Type = "oneTime", Name = "Einrichtung", Amount = 490m }], null, nowUtc.AddDays(-80));
        var supportPlan = Plan.ForPartnerService(support.Id, "Monatlich", "EUR", nowUtc.AddDays(-80));
        var supportVersion = supportPlan.AddVersion([new ChargeSpec { Type = "flat", Name = "Support-Flatrate", Amount = 149m }], null, nowUtc.AddDays(-80));
        db.Plans.AddRange(setupPlan, supportPlan);
        db.PlanVersions.AddRange(setupVersion, supportVersion);

        var subscriptions = new List<(Subscription Subscription, App? App)>();
        var random = new Random(2026);
        for (var i = 0; i < world.Customers.Count; i++)
        {
            var customer = world.Customers[i];
            var begins = start.AddDays(i % 3 == 2 ? 9 : 0); // some start mid-month: prorated first periods
            var seats = 3 + i % 7;
            Subscription Sub(Plan plan, PlanVersion version, App app) =>
                Subscription.Create(customer.Id, plan.Id, version.Id, app.Id, null, app.IsvPartnerId, begins, seats, "demo", nowUtc.AddDays(-85));

            subscriptions.Add((Sub(telefoniePlan, telefonieVersion, telefonie), telefonie));
            if (i % 2 == 0) subscriptions.Add((Sub(belegPlan, belegVersion, belegfix), belegfix));
            if (i % 3 == 0) subscriptions.Add((Sub(zeitPlan, zeitVersion, zeiterfassung), zeiterfassung));
            if (customer.CurrentAttribution?.PartnerId == world.Weser.Id)
            {
                subscriptions.Add((Subscription.Create(customer.Id, setupPlan.Id, setupVersion.Id, null, setup.Id, world.Weser.Id, begins, 1, "demo", nowUtc.AddDays(-85)), null));
                subscriptions.Add((Subscription.Create(customer.Id, supportPlan.Id, supportVersion.Id, null, support.Id, world.Weser.Id, begins, 1, "demo", nowUtc.AddDays(-85)), null));
            }
        }
        // One customer cancelled its bookkeeping at the start of this month: it shows how an end date prorates.
        subscriptions.First(s => s.App == belegfix).Subscription.Cancel(thisPeriod.FirstDay);
        db.Subscriptions.AddRange(subscriptions.Select(s => s.Subscription));

        // Two months of usage: last month and this month to date. One subscription stays unused (no platform fee).
        var usagePeriods = new[] { thisPeriod.Previous(), thisPeriod };
        // Aggregated as the writer does: the domain's running UsageAggregate per subscription × metric × period and per day.
        var aggregates = new Dictionary<(Guid Subscription, string Metric, Period Period), (UsageAggregate Running, long Unique)>();
        var daily = new Dictionary<(Guid Subscription, string Metric, int Day), UsageAggregate>();
        var uniques = new HashSet<(Guid, string, Period, string)>();
        var eventNumber = 0;
        foreach (var (subscription, app) in subscriptions.Where(s => s.App is not null).Skip(1))
        {
            foreach (var period in usagePeriods)
            {
                var from = period.StartUtc(zone);
                var until = period == thisPeriod ? new DateTimeOffset(nowUtc, TimeSpan.Zero) : period.EndExclusiveUtc(zone);
                foreach (var metric in app!.Metrics)
                {
                    var usageMetric = metric.ToUsageMetric();
                    var count = metric.Code switch { "minutes" => 40 + random.Next(60), "documents" => 50 + random.Next(350), "storage_gb" => 3, _ => 15 };
                    for (var n = 0; n < count; n++)
                    {
                        var at = from.AddSeconds(random.NextDouble() * (until - from).TotalSeconds);
                        if (subscription.EndDate is { } end && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime) >= end) continue;
                        var quantity = metric.Code switch
                        {
                            "minutes" => Math.Round((decimal)(random.NextDouble() * 25), 2),
                            "storage_gb" => Math.Round(1 + (decimal)random.NextDouble() * 9, 1),
                            _ => 1m,
                        };
                        var properties = metric.Property is null ? null : $"{{\"{metric.Property}\":\"user-{random.Next(subscription.Seats + 1)}\"}}";
                        var billable = UsageAggregation.ApplyRounding(usageMetric, quantity);
                        var key = Period.Of(at, zone);
                        var eventId = $"demo-{++eventNumber:D6}";
                        db.UsageEvents.Add(new UsageEventRecord
                        {
                            IsvPartnerId = app.IsvPartnerId, EventId = eventId, EventKey = UsageEventKey.Of(app.IsvPartnerId, eventId), SubscriptionId = subscription.Id,
                            Metric = metric.Code, Quantity = quantity, BillableQuantity = billable, TimestampUtc = at.UtcDateTime,
                            Period = key, PropertiesJson = properties, ReceivedAtUtc = at.UtcDateTime.AddSeconds(5),
                        });
                        var aggregate = aggregates.GetValueOrDefault((subscription.Id, metric.Code, key));
                        aggregate.Running = aggregate.Running.Add(billable);
                        var dayKey = (subscription.Id, metric.Code, UsageWindow.DayKey(at, zone));
                        daily[dayKey] = daily.GetValueOrDefault(dayKey).Add(billable);
                        if (metric.Property is not null && uniques.Add((subscription.Id, metric.Code, key, properties!)))
                        {
                            aggregate.Unique++;
                            db.UsageUniqueValues.Add(new UsageUniqueValue { SubscriptionId = subscription.Id, Metric = metric.Code, Period = key, Value = properties!.Split('"')[3] });
                        }

                        aggregates[(subscription.Id, metric.Code, key)] = aggregate;
                    }
                }
            }
        }
        db.UsageAggregates.AddRange(aggregates.Select(a => new UsageAggregateRecord
        {
            SubscriptionId = a.Key.Subscription, Metric = a.Key.Metric, Period = a.Key.Period, Sum = a.Value.Running.Sum, Count = a.Value.Running.Count,
            Max = a.Value.Running.Max, UniqueCount = a.Value.Unique, UpdatedAtUtc = nowUtc,
        }));
        db.UsageDaily.AddRange(daily.Select(d => new UsageDailyRecord
        {
            SubscriptionId = d.Key.Subscription, Metric = d.Key.Metric, Day = d.Key.Day, Quantity = d.Value.Sum, Events = d.Value.Count,
        }));

        // A few rejections of ZeitWerk's integration, so its rejection log shows what a mistake looks like.
        for (var i = 0; i < 3; i++)
            db.UsageRejections.Add(new UsageRejectionRecord
            {
                IsvPartnerId = telefonie.IsvPartnerId, EventId = $"call-bad-{i + 1}", Index = i, Code = i == 0 ? "unknownMetric" : "negativeQuantity",
                Error = i == 0 ? "The app defines no metric 'minuten'; its metrics are: minutes." : "quantity must not be negative.",
                AtUtc = nowUtc.AddHours(-5 - i),
            });
    }

    private static App LiveApp(Guid isv, string name, string description, string category, decimal feeRate, AppMetric[] metrics, DateTime created, TimeSpan review)
    {
        var app = App.Create(isv, name, description, category, feeRate, metrics, created);
        app.Submit(created.AddDays(1));
        app.Approve(feeRate, created.AddDays(1).Add(review));
        return app;
    }

    private static (Plan, PlanVersion) AppPlan(PortalDbContext db, App app, string name, ChargeSpec[] charges, decimal? minimumCommitment = null)
    {
        var plan = Plan.ForApp(app.Id, name, "EUR", app.CreatedAtUtc);
        var version = plan.AddVersion(charges, minimumCommitment, app.CreatedAtUtc);
        db.Plans.Add(plan);
        db.PlanVersions.Add(version);
        return (plan, version);
    }
}

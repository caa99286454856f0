using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Demo;

/// <summary>
/// At start: makes sure the roles exist and, when <c>Portal:DemoData</c> is true and the database is empty, fills it
/// with a small, believable demo world and a demo login for every role (listed in the README and printed here).
/// </summary>
public static class PortalSeeder
{
    public const string DemoPassword = "Demo-2026-Portal";

    public static readonly (string Email, string Role, string Organisation)[] DemoLogins =
    [
        ("operator@demo.partnerportal.test", PortalRoles.Operator, "PartnerPortal (operator)"),
        ("distributor@demo.partnerportal.test", PortalRoles.Distributor, "Nordlicht IT-Distribution GmbH"),
        ("reseller@demo.partnerportal.test", PortalRoles.Reseller, "Systemhaus Weser GmbH"),
        ("reseller2@demo.partnerportal.test", PortalRoles.Reseller, "Rheinland IT-Service KG"),
        ("integrator@demo.partnerportal.test", PortalRoles.Reseller, "Bavaria Systemintegration AG"),
        ("pilot@demo.partnerportal.test", PortalRoles.Reseller, "Elbe Cloud Partner GmbH (pilot)"),
        ("isv@demo.partnerportal.test", PortalRoles.Isv, "ZeitWerk Software GmbH"),
        ("isv2@demo.partnerportal.test", PortalRoles.Isv, "Belegfix Cloud GmbH"),
        ("customer@demo.partnerportal.test", PortalRoles.Customer, "Bäckerei Hansen GmbH"),
    ];

    public static async Task SeedAsync(IServiceProvider services, PortalSettings settings, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (!settings.DemoData) return;
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.Partners.AnyAsync(ct) || await db.Users.AnyAsync(ct)) return;

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerPortal.Demo");
        var world = BuildWorld(now);
        db.Partners.AddRange(world.Partners);
        db.Customers.AddRange(world.Customers);
        DemoCatalog.Add(db, world, now, settings.TimeZone);
        DemoCommissions.Add(db, world, now);
        AddInvitations(db, world, now);
        await db.SaveChangesAsync(ct);
        // Where each subscription's demo events lie (the writer records these runs for ingested events).
        db.UsageEventRuns.AddRange(db.UsageEvents.Local.GroupBy(e => (e.SubscriptionId, e.Period)).Select(g => new Usage.UsageEventRunRecord
        {
            SubscriptionId = g.Key.SubscriptionId, Period = g.Key.Period, FirstEventId = g.Min(e => e.Id), LastEventId = g.Max(e => e.Id),
        }));
        await db.SaveChangesAsync(ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var (email, role, _) in DemoLogins)
        {
            var user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = email.Split('@')[0] switch
                {
                    "operator" => "Olivia Operator",
                    "distributor" => "Dirk Distributor",
                    "reseller" => "Rita Reseller",
                    "reseller2" => "Ralf Rheinland",
                    "integrator" => "Ines Integrator",
                    "pilot" => "Paul Pilot",
                    "isv" => "Ilse ISV",
                    "isv2" => "Igor ISV",
                    _ => "Carla Customer",
                },
            };
            (user.OrganisationKind, user.PartnerId, user.CustomerId) = email.Split('@')[0] switch
            {
                "operator" => (OrganisationKind.Operator, (Guid?)null, (Guid?)null),
                "distributor" => (OrganisationKind.Partner, world.Distributor.Id, null),
                "reseller" => (OrganisationKind.Partner, world.Weser.Id, null),
                "reseller2" => (OrganisationKind.Partner, world.Rheinland.Id, null),
                "integrator" => (OrganisationKind.Partner, world.Bavaria.Id, null),
                "pilot" => (OrganisationKind.Partner, world.Pilot.Id, null),
                "isv" => (OrganisationKind.Partner, world.ZeitWerk.Id, null),
                "isv2" => (OrganisationKind.Partner, world.Belegfix.Id, null),
                _ => (OrganisationKind.Customer, null, world.Customers[0].Id),
            };
            var result = await users.CreateAsync(user, DemoPassword);
            if (!result.Succeeded)
                throw new InvalidOperationException("Demo user " + email + ": " + string.Join("; ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }

        var operatorUser = (await users.FindByEmailAsync(DemoLogins[0].Email))!;
        DemoTakeBack.Add(db, world, settings.Today(clock), scope.ServiceProvider.GetRequiredService<TakeBack.TakeBackSettings>(), operatorUser.Id,
            operatorUser.DisplayName);
        await db.SaveChangesAsync(ct);

        // The last ended month is settled as a draft, so the operator has a settlement to check and approve and the
        // partners see their statements once it is approved.
        var lastEnded = Domain.Periods.Period.Of(settings.Today(clock)).Previous();
        await scope.ServiceProvider.GetRequiredService<Settlement.SettlementRunner>().SettleNowAsync(lastEnded, "demo", ct: ct);
        // And the open month's estimate, so the partners' commission home and the customer's contracts show it at once.
        await scope.ServiceProvider.GetRequiredService<Cockpit.EstimateJob>().RunAsync(ct);

        logger.LogWarning("Demo data created. Demo logins (password {Password}): {Logins}", DemoPassword,
            string.Join(", ", DemoLogins.Select(l => $"{l.Email} ({l.Role})")));
    }

    /// <summary>
    /// Harz Netzwerke has an open invitation whose mail waits in the outbox (the operator can follow its link and try
    /// the registration); Spree IT's invitation expired unanswered.
    /// </summary>
    private static void AddInvitations(PortalDbContext db, World world, DateTime now)
    {
        var harz = world.Partners.Single(p => p.Name == "Harz Netzwerke UG");
        var (open, _) = PartnerInvitation.Create(harz.Id, harz.Email, world.Distributor.Id, now.AddDays(-3), PartnerInvitation.DefaultLifetime);
        db.PartnerInvitations.Add(open);
        Email.Mailer.Enqueue(db, harz.Email, "Einladung zum PartnerPortal / Invitation to PartnerPortal",
            $"<p>Nordlicht IT-Distribution lädt Sie als Partner ein: <a href='{Email.Mailer.LinkPlaceholder}'>jetzt registrieren</a> (14 Tage gültig).</p>" +
            $"<p>Nordlicht IT-Distribution invites you as a partner: <a href='{Email.Mailer.LinkPlaceholder}'>register now</a> (valid 14 days).</p>",
            now.AddDays(-3), Email.MailLink.Invitation(open.Id));

        var spree = Partner.Create(PartnerKind.Reseller, "Spree IT UG", "DE", "kontakt@spree-it.example", now.AddDays(-20), PartnerStatus.Invited, null, world.Distributor);
        db.Partners.Add(spree);
        var (expired, _) = PartnerInvitation.Create(spree.Id, spree.Email, world.Distributor.Id, now.AddDays(-20), PartnerInvitation.DefaultLifetime);
        db.PartnerInvitations.Add(expired);
    }

    internal sealed record World(
        Partner Distributor, Partner Weser, Partner Rheinland, Partner Bavaria, Partner Pilot, Partner ZeitWerk, Partner Belegfix,
        IReadOnlyList<Partner> Partners, IReadOnlyList<Customer> Customers);

    internal static World BuildWorld(DateTime now)
    {
        var distributor = Partner.Create(PartnerKind.Distributor, "Nordlicht IT-Distribution GmbH", "DE", "partner@nordlicht-it.example", now.AddMonths(-14), PartnerStatus.Active, "DE136695976",
            iban: "DE34200400000123456789");
        var weser = Partner.Create(PartnerKind.Reseller, "Systemhaus Weser GmbH", "DE", "vertrieb@systemhaus-weser.example", now.AddMonths(-12), PartnerStatus.Active, null, distributor,
            iban: "DE53290500000011223344");
        var rheinland = Partner.Create(PartnerKind.Reseller, "Rheinland IT-Service KG", "DE", "info@rheinland-it.example", now.AddMonths(-10), PartnerStatus.Active, null, distributor,
            iban: "DE89370400440532013000");
        var bavaria = Partner.Create(PartnerKind.SystemIntegrator, "Bavaria Systemintegration AG", "DE", "kontakt@bavaria-si.example", now.AddMonths(-9), PartnerStatus.Active, null, distributor,
            iban: "DE33700202700098765432");
        var pilot = Partner.Create(PartnerKind.Reseller, "Elbe Cloud Partner GmbH", "DE", "hallo@elbe-cloud.example", now.AddMonths(-6), PartnerStatus.Active, null, null, pilot: true,
            iban: "DE10200505500555666777");
        var zeitwerk = Partner.Create(PartnerKind.Isv, "ZeitWerk Software GmbH", "DE", "partner@zeitwerk.example", now.AddMonths(-18), PartnerStatus.Active,
            iban: "DE79100100100012345678");
        var belegfix = Partner.Create(PartnerKind.Isv, "Belegfix Cloud GmbH", "AT", "channel@belegfix.example", now.AddMonths(-15), PartnerStatus.Active);
        // Belegfix has not given its IBAN yet: the operator's payouts list its approved statement as not payable.
        var invited = Partner.Create(PartnerKind.Reseller, "Harz Netzwerke UG", "DE", "chef@harz-netz.example", now.AddDays(-3), PartnerStatus.Invited, null, distributor);
        var pending = Partner.Create(PartnerKind.SystemIntegrator, "Ostsee Digital GmbH", "DE", "team@ostsee-digital.example", now.AddDays(-6), PartnerStatus.Invited, null, distributor);
        pending.SubmitRegistration();

        var today = DateOnly.FromDateTime(now);
        var firstOfLastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
        (string Name, string Postcode, Partner Partner)[] customers =
        [
            ("Bäckerei Hansen GmbH", "28195", weser),
            ("Tischlerei Brandt OHG", "28217", weser),
            ("Weser Logistik GmbH & Co. KG", "27568", weser),
            ("Praxis Dr. Meyer", "26122", weser),
            ("Kölner Stahlbau GmbH", "50667", rheinland),
            ("Autohaus Schmitz", "53111", rheinland),
            ("Steuerkanzlei Weber & Partner", "40213", rheinland),
            ("Brauerei Huber KG", "80331", bavaria),
            ("Alpen Maschinenbau AG", "87435", bavaria),
            ("Ingenieurbüro Fischer", "90402", bavaria),
            ("Hafenkontor Hamburg GmbH", "20457", pilot),
            ("Elbtal Pflegedienst gGmbH", "01067", pilot),
        ];
        // A few customers carry a (checksum-valid) USt-IdNr, so the duplicate warning can be tried on them.
        var vatIds = new Dictionary<string, string>
        {
            ["Weser Logistik GmbH & Co. KG"] = "DE812345673",
            ["Kölner Stahlbau GmbH"] = "DE298765435",
            ["Alpen Maschinenbau AG"] = "DE311223342",
        };
        var list = new List<Customer>();
        foreach (var (name, postcode, partner) in customers)
        {
            var customer = Customer.Create(name, "DE", now.AddMonths(-3), vatIds.GetValueOrDefault(name), postcode);
            customer.AttributeTo(partner.Id, firstOfLastMonth, "demo", "registered by the partner", now.AddMonths(-3));
            list.Add(customer);
        }

        // One customer changed its partner this month: the history shows who earned commission when.
        var moved = list.Single(c => c.Name == "Autohaus Schmitz");
        moved.AttributeTo(bavaria.Id, new DateOnly(today.Year, today.Month, 1), "Dirk Distributor",
            "Kunde wird künftig von Bavaria Systemintegration betreut (Standortwechsel).", now.AddDays(-20));

        return new World(distributor, weser, rheinland, bavaria, pilot, zeitwerk, belegfix,
            [distributor, weser, rheinland, bavaria, pilot, zeitwerk, belegfix, invited, pending], list);
    }
}

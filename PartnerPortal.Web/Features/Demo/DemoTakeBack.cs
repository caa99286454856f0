using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Integration;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Web.Features.Demo;

/// <summary>
/// The demo's integration service and take-back, so their pages are not empty: four integration requests — one just
/// requested (Systemhaus Weser for Tischlerei Brandt), one scheduled and assigned to the operator (Rheinland for
/// Steuerkanzlei Weber), one done last month with a charge of 450.00 EUR that the demo's settled month bills to Weser
/// Logistik, one declined with its reason (Bavaria for Alpen Maschinenbau) — and Praxis Dr. Meyer, which gave notice to
/// leave nine days ago and is in its transitional period. Added after the demo users exist (the assignee is one) and
/// before the last ended month is settled.
/// </summary>
internal static class DemoTakeBack
{
    public static void Add(PortalDbContext db, PortalSeeder.World world, DateOnly today, TakeBackSettings takeBack, string operatorUserId, string operatorName)
    {
        var telefonie = db.Apps.Local.Single(a => a.Name == "ZeitWerk Telefonie").Id;
        var zeiterfassung = db.Apps.Local.Single(a => a.Name == "ZeitWerk Zeiterfassung").Id;
        var buchhaltung = db.Apps.Local.Single(a => a.Name == "Belegfix Buchhaltung").Id;
        Guid Customer(string name) => world.Customers.Single(c => c.Name == name).Id;
        static DateTime At(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

        // Requested two days ago, nobody has looked at it yet.
        var open = IntegrationRequest.Create(Customer("Tischlerei Brandt OHG"), zeiterfassung, world.Weser.Id,
            "Zeiterfassung an die Stempeluhr in der Werkstatt anbinden (Terminal am Eingang, 14 Mitarbeitende).", today.AddDays(14),
            "Jens Brandt, 0421 555 0102", today.AddDays(-2), At(today.AddDays(-2), 9), "Rita Reseller");

        // Scheduled for next week and assigned to the operator, with a comment.
        var requested = today.AddDays(-6);
        var scheduled = IntegrationRequest.Create(Customer("Steuerkanzlei Weber & Partner"), buchhaltung, world.Rheinland.Id,
            "Belegfix an das DATEV-Rechenzentrum der Kanzlei anbinden und den Belegeingang per E-Mail einrichten.", today.AddDays(7),
            "Sabine Weber, 0211 555 0147", requested, At(requested, 10), "Ralf Rheinland");
        scheduled.Assign(operatorUserId, operatorName, At(requested.AddDays(1), 8), operatorName);
        scheduled.ChangeStatus(IntegrationRequestStatus.Scheduled, "Termin mit der Kanzlei abgestimmt.", today.AddDays(5), null, requested.AddDays(1),
            At(requested.AddDays(1), 9), operatorName);
        scheduled.Comment("DATEV-Zugangsdaten kommen von der Kanzlei am Vortag.", At(requested.AddDays(2), 11), operatorName);

        // Done on the 20th of last month with a charge: the settled month bills it to the customer.
        var doneOn = new DateOnly(today.Year, today.Month, 1).AddMonths(-1).AddDays(19);
        var asked = doneOn.AddDays(-16);
        var done = IntegrationRequest.Create(Customer("Weser Logistik GmbH & Co. KG"), telefonie, world.Weser.Id,
            "Telefonanlage in den drei Lagerstandorten einrichten, Rufnummern portieren.", null, "Lager-IT, it@weser-logistik.example",
            asked, At(asked, 8), "Rita Reseller");
        done.ChangeStatus(IntegrationRequestStatus.Scheduled, null, doneOn.AddDays(-1), null, asked.AddDays(1), At(asked.AddDays(1), 9), operatorName);
        done.ChangeStatus(IntegrationRequestStatus.InProgress, null, null, null, doneOn.AddDays(-1), At(doneOn.AddDays(-1), 8), operatorName);
        done.ChangeStatus(IntegrationRequestStatus.Done, "Alle drei Standorte telefonieren über ZeitWerk Telefonie.", null, 45_000, doneOn, At(doneOn, 15), operatorName);

        // Declined with the reason the partner reads.
        var refusedAsked = today.AddDays(-12);
        var declined = IntegrationRequest.Create(Customer("Alpen Maschinenbau AG"), zeiterfassung, world.Bavaria.Id,
            "Zeiterfassung mit dem SAP-HCM vor Ort synchronisieren.", null, "Werk Kempten, Herr Gruber", refusedAsked, At(refusedAsked, 13), "Ines Integrator");
        declined.ChangeStatus(IntegrationRequestStatus.Declined,
            "Eine Anbindung an ein SAP-System vor Ort gehört nicht zum Integrationsservice; ZeitWerk bietet dafür eine eigene Schnittstelle an.",
            null, null, refusedAsked.AddDays(2), At(refusedAsked.AddDays(2), 10), operatorName);

        db.IntegrationRequests.AddRange(open, scheduled, done, declined);

        // A customer in its transitional period after giving notice to leave.
        var notice = SwitchingTimeline.From(today.AddDays(-9), takeBack.TransitionalDays, takeBack.RetrievalDays);
        db.CustomerSwitches.Add(new CustomerSwitchRecord
        {
            CustomerId = Customer("Praxis Dr. Meyer"), NoticeDate = notice.NoticeDate, TransitionEndsExclusive = notice.TransitionEndsExclusive,
            RetrievalEndsExclusive = notice.RetrievalEndsExclusive, RecordedAtUtc = At(notice.NoticeDate, 11), RecordedBy = "Rita Reseller",
            Reason = "Die Praxis wechselt zum Praxisverwaltungssystem ihres Verbunds.",
        });
    }
}

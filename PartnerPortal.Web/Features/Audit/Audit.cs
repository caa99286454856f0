using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Audit;

/// <summary>Adds an audit entry to a context the caller saves, so the entry commits with the change it records.</summary>
public static class Audit
{
    public static void Record(PortalDbContext db, Tenant actor, DateTime atUtc, string action, string subject, Guid? partnerId, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = atUtc,
            Actor = actor.ActorName,
            ActorUserId = actor.UserId,
            PartnerId = partnerId,
            Action = action,
            Subject = subject,
            Details = details,
        });
}

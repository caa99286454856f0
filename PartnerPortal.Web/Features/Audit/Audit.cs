using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Audit;

/// <summary>Adds an audit entry to a context the caller saves, so the entry commits with the change it records.</summary>
public static class Audit
{
    /// <summary>The length of the subject column.</summary>
    public const int MaxSubjectLength = 300;

    /// <summary>
    /// A subject built from user input (a 200-character name and a 256-character e-mail address) can be longer than the
    /// column: it is cut with an ellipsis, because the audit must never fail the change it records (SQL Server refused the
    /// insert and the invitation answered a misleading 409).
    /// </summary>
    public static string Subject(string subject) =>
        subject.Length <= MaxSubjectLength ? subject : string.Concat(subject.AsSpan(0, MaxSubjectLength - 1), "…");

    public static void Record(PortalDbContext db, Tenant actor, DateTime atUtc, string action, string subject, Guid? partnerId, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = atUtc,
            Actor = actor.ActorName,
            ActorUserId = actor.UserId,
            PartnerId = partnerId,
            Action = action,
            Subject = Subject(subject),
            Details = details,
        });
}

namespace PartnerPortal.Web.Features.Audit;

/// <summary>An entry of the audit log: who did what to which subject, and for which partner.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string Actor { get; set; } = string.Empty;
    public string? ActorUserId { get; set; }
    /// <summary>The partner the action concerns (used for tenancy: a partner reads its own entries).</summary>
    public Guid? PartnerId { get; set; }
    public string Action { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public string? Details { get; set; }
}

namespace PartnerPortal.Web.Features.Email;

/// <summary>
/// Every e-mail the portal sends is first written here, in the same transaction as the change that caused it.
/// A job delivers pending messages through SMTP when SMTP is configured; without SMTP the operator reads them
/// on the outbox page (so invitations and confirmations work in the demo without a mail server).
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string To { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    /// <summary>The body as stored: where a link carries a secret it holds <see cref="Mailer.LinkPlaceholder"/> instead.</summary>
    public string HtmlBody { get; set; } = string.Empty;
    /// <summary>
    /// What the secret link in the body is for (<see cref="MailLink"/>): invitation, reset, confirm, change-email; null
    /// when the mail has none. The link itself is issued when the mail is delivered and never stored.
    /// </summary>
    public string? LinkKind { get; set; }
    /// <summary>Whose link: the invitation's id or the user's id.</summary>
    public string? LinkSubject { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>A delivery run that claimed the message holds it until then (two runs never send it twice).</summary>
    public DateTime? ClaimedUntilUtc { get; set; }
}

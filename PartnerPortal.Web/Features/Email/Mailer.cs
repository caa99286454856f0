using System.Net;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Email;

/// <summary>
/// The one sender of e-mail. <see cref="Enqueue"/> adds a message to the outbox of a context the caller is about to
/// save, so a mail exists exactly when the change that caused it was committed.
/// </summary>
public static class Mailer
{
    /// <summary>Stands in the stored body where the secret link goes; <see cref="MailLinks"/> puts the link there on delivery.</summary>
    public const string LinkPlaceholder = "{{link}}";

    public static OutboxMessage Enqueue(PortalDbContext db, string to, string subject, string htmlBody, DateTime nowUtc, MailLink? link = null)
    {
        if (link is not null && !htmlBody.Contains(LinkPlaceholder, StringComparison.Ordinal))
            throw new ArgumentException($"A mail with a secret link holds {LinkPlaceholder} where the link goes.", nameof(htmlBody));
        var message = new OutboxMessage { To = to, Subject = subject, HtmlBody = htmlBody, CreatedAtUtc = nowUtc, LinkKind = link?.Kind, LinkSubject = link?.Subject };
        db.OutboxMessages.Add(message);
        return message;
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>
/// Identity's mails (confirmation, password reset) go through the outbox too. The link the page built is not
/// stored: the mail names what the link is for, and <see cref="MailLinks"/> issues a fresh token when it is delivered.
/// </summary>
internal sealed class IdentityOutboxEmailSender(PortalDbFactory dbFactory, TimeProvider clock) : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        // Sent to an address other than the account's: the link confirms the change to that address.
        SendAsync(email, "Confirm your e-mail address / Bestätigen Sie Ihre E-Mail-Adresse",
            $"<p>Please confirm your PartnerPortal account: <a href='{Mailer.LinkPlaceholder}'>confirm</a>.</p>" +
            $"<p>Bitte bestätigen Sie Ihr PartnerPortal-Konto: <a href='{Mailer.LinkPlaceholder}'>bestätigen</a>.</p>",
            string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase) ? MailLink.ConfirmEmail(user.Id) : MailLink.ChangeEmail(user.Id));

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        SendAsync(email, "Reset your password / Passwort zurücksetzen",
            $"<p>Reset your PartnerPortal password: <a href='{Mailer.LinkPlaceholder}'>reset</a>.</p>" +
            $"<p>Setzen Sie Ihr PartnerPortal-Passwort zurück: <a href='{Mailer.LinkPlaceholder}'>zurücksetzen</a>.</p>",
            MailLink.PasswordReset(user.Id));

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        SendPasswordResetLinkAsync(user, email, resetCode);

    private async Task SendAsync(string to, string subject, string html, MailLink link)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System);
        Mailer.Enqueue(db, to, subject, html, clock.GetUtcNow().UtcDateTime, link);
        await db.SaveChangesAsync();
    }
}

/// <summary>
/// Hangfire job: delivers pending outbox messages through SMTP when SMTP is configured. Reentrant: a message is
/// marked sent right after the server accepted it, and a crash in between sends it at most once more.
/// </summary>
public sealed class MailDeliveryJob(PortalDbFactory dbFactory, PortalSettings settings, TimeProvider clock, MailLinks links, ILogger<MailDeliveryJob> logger)
{
    public const string RecurringId = "mail-delivery";
    private const int MaxAttempts = 10;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (settings.Smtp is not { } smtp) return 0;
        await using var db = await dbFactory.CreateForAsync(Tenant.System, cancellationToken);
        var pending = await db.OutboxMessages
            .Where(m => m.SentAtUtc == null && m.Attempts < MaxAttempts)
            .OrderBy(m => m.Id).Take(100).ToListAsync(cancellationToken);
        if (pending.Count == 0) return 0;

        var sent = 0;
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, MailKit.Security.SecureSocketOptions.Auto, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            foreach (var message in pending)
            {
                // Claim it first, atomically: a second run (Hangfire delivers at least once, and the cron and a
                // manual trigger may overlap) skips a message another run holds or has sent.
                var now = clock.GetUtcNow().UtcDateTime;
                var claimed = await db.OutboxMessages
                    .Where(m => m.Id == message.Id && m.SentAtUtc == null && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntilUtc, now.AddMinutes(5)), cancellationToken);
                if (claimed == 0) continue;
                message.Attempts++;
                try
                {
                    var mime = new MimeMessage();
                    mime.From.Add(MailboxAddress.Parse(smtp.From));
                    mime.To.Add(MailboxAddress.Parse(message.To));
                    mime.Subject = message.Subject;
                    mime.Body = new BodyBuilder { HtmlBody = await links.RenderAsync(message, cancellationToken) }.ToMessageBody();
                    await client.SendAsync(mime, cancellationToken);
                    message.SentAtUtc = clock.GetUtcNow().UtcDateTime;
                    message.LastError = null;
                    sent++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    message.LastError = ex.Message;
                    logger.LogWarning(ex, "Could not send outbox message {Id}", message.Id);
                }
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "SMTP server {Host}:{Port} not reachable; {Count} messages stay in the outbox", smtp.Host, smtp.Port, pending.Count);
        }
        return sent;
    }
}

using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// The daily anonymisation of customers whose data retrieval window has ended (EU Data Act switching).
/// <para>
/// DESIGN — what goes and what stays. Gone: the customer's name (replaced by "Anonymised customer" and a short id) and
/// postcode; its users' names, e-mail addresses and logins (user name and e-mail become <c>anonymised-{id}@anonymised.invalid</c>,
/// no password, locked out, external logins and tokens deleted); mail in the outbox addressed to them; its API keys (revoked);
/// its export files. Kept, because the law requires billing records to be kept (§ 147 AO, § 257 HGB: ten years): the
/// customer row with its id, country and VAT ID (the tax identifier of a business customer), attributions, subscriptions,
/// usage aggregates and raw usage events (no personal data: ids, metrics, quantities), revenue lines, statements and the
/// audit log. A customer is anonymised once (<c>AnonymisedAtUtc</c>); the job asks which are due, so a missed day is caught up.
/// </para>
/// </summary>
public sealed class SwitchingJobs(PortalDbFactory dbFactory, TimeProvider clock, PortalSettings settings, ILogger<SwitchingJobs> log)
{
    public const string DailyId = "switching-anonymise";
    public const string DailyCron = "15 2 * * *";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task<IReadOnlyList<Guid>> AnonymiseDueAsync(CancellationToken ct)
    {
        var today = settings.Today(clock);
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        var due = await db.CustomerSwitches.AsNoTracking()
            .Where(s => s.AnonymisedAtUtc == null && s.WithdrawnAtUtc == null && s.RetrievalEndsExclusive <= today)
            .Select(s => s.CustomerId).ToListAsync(ct);
        foreach (var customerId in due) await AnonymiseAsync(customerId, ct);
        if (due.Count > 0) log.LogInformation("Anonymised {Count} customers after their retrieval window", due.Count);
        return due;
    }

    private async Task AnonymiseAsync(Guid customerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claimed first, so a second run (another node) finds nothing left to do.
        var claimed = await db.CustomerSwitches.Where(s => s.CustomerId == customerId && s.AnonymisedAtUtc == null && s.WithdrawnAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AnonymisedAtUtc, now), ct);
        if (claimed == 0) return;

        var placeholder = $"Anonymised customer {customerId.ToString("N")[..8]}";
        await db.Customers.Where(c => c.Id == customerId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, placeholder).SetProperty(c => c.Postcode, (string?)null), ct);

        var users = await db.Users.Where(u => u.CustomerId == customerId).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var emails = users.Where(u => u.Email != null).Select(u => u.Email!).ToList();
        foreach (var user in users)
        {
            var alias = $"anonymised-{user.Id}@anonymised.invalid";
            var normalized = alias.ToUpperInvariant();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.UserName, alias).SetProperty(x => x.NormalizedUserName, normalized)
                .SetProperty(x => x.Email, alias).SetProperty(x => x.NormalizedEmail, normalized).SetProperty(x => x.EmailConfirmed, false)
                .SetProperty(x => x.DisplayName, "Anonymised").SetProperty(x => x.PhoneNumber, (string?)null)
                .SetProperty(x => x.PasswordHash, (string?)null).SetProperty(x => x.SecurityStamp, Guid.NewGuid().ToString())
                .SetProperty(x => x.LockoutEnabled, true).SetProperty(x => x.LockoutEnd, DateTimeOffset.MaxValue), ct);
        }

        var userIds = users.Select(u => u.Id).ToList();
        await db.Set<IdentityUserLogin<string>>().Where(l => userIds.Contains(l.UserId)).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserToken<string>>().Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserClaim<string>>().Where(c => userIds.Contains(c.UserId)).ExecuteDeleteAsync(ct);
        var mails = await db.OutboxMessages.Where(m => emails.Contains(m.To))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.To, "anonymised@anonymised.invalid").SetProperty(m => m.HtmlBody, "")
                .SetProperty(m => m.SentAtUtc, m => m.SentAtUtc ?? now), ct);
        var keys = await db.ApiKeys.Where(k => k.CustomerId == customerId && k.RevokedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAtUtc, now).SetProperty(k => k.RevokedBy, "anonymisation"), ct);
        // Integration requests keep what was done (a billing record); the contact named a person.
        await db.IntegrationRequests.Where(r => r.CustomerId == customerId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Contact, "Anonymised"), ct);
        var exportIds = await db.CustomerExports.Where(x => x.CustomerId == customerId).Select(x => x.Id).ToListAsync(ct);
        await db.CustomerExportChunks.Where(c => exportIds.Contains(c.ExportId)).ExecuteDeleteAsync(ct);
        await db.CustomerExports.Where(x => x.CustomerId == customerId && x.Status != ExportStatus.Expired)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, ExportStatus.Expired).SetProperty(x => x.ActiveCustomerId, (Guid?)null).SetProperty(x => x.Chunks, 0), ct);

        var partnerId = await db.CustomerAttributions.Where(a => a.CustomerId == customerId && a.ToExclusive == null).Select(a => (Guid?)a.PartnerId).FirstOrDefaultAsync(ct);
        Audit.Audit.Record(db, Tenant.System, now, "customer.anonymised", $"customer {customerId}", partnerId,
            $"{users.Count} users, {mails} mails, {keys} API keys, {exportIds.Count} exports; billing records kept");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

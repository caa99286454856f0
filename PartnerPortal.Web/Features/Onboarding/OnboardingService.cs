using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Onboarding;

public sealed record InvitePartnerRequest(string? Kind, string? Name, string? Email, string? Country, Guid? ParentPartnerId, bool? Pilot);

public sealed record InvitationDto(
    Guid Id, Guid PartnerId, string PartnerName, string Kind, string Email, string PartnerStatus, string State,
    Guid? InvitedByPartnerId, DateTime CreatedAtUtc, DateTime ExpiresAtUtc, DateTime? UsedAtUtc);

public sealed record RejectPartnerRequest(string? Reason);

public sealed record PartnerDecisionDto(Guid Id, string Name, string Status, string? StatusReason, DateTime? DecidedAtUtc);

/// <summary>A row of the onboarding queue: an invited or registered partner, with its latest invitation when it has one.</summary>
public sealed record QueueItemDto(
    Guid PartnerId, string Name, string Kind, string Email, string Status, Guid? ParentPartnerId, string? ParentName,
    DateTime CreatedAtUtc, DateTime? RegisteredAtUtc, DateTime? ExpiresAtUtc, string? InvitationState, bool CanDecide);

/// <summary>What the registration page shows for a token.</summary>
public sealed record RegistrationInfo(InvitationState State, Guid PartnerId, string Name, string Kind, string Email, string Country, DateTime ExpiresAtUtc);

public sealed record RegistrationInput(PartnerRegistration Registration, string DisplayName, string Password);

/// <summary>What importing a file would do. <see cref="ContentSha256"/> identifies the file (the API's preview id); <see cref="ImportId"/> is set once it was imported.</summary>
public sealed record ImportPreview(
    CsvParseResult Parse, IReadOnlyList<CsvProblem> Problems, IReadOnlyList<CsvPartnerRow> ToInvite, DateTime? AlreadyImportedAtUtc,
    string ContentSha256 = "", Guid? ImportId = null);

public sealed record ImportOutcome(Guid ImportId, int Invited, int Skipped, bool AlreadyImported);

/// <summary>
/// Invitations, registration, approval and the CSV bulk import. Who may do what:
/// the operator invites any kind and decides on every partner; a distributor invites resellers and system
/// integrators under itself and decides on its own downline; nobody else onboards.
/// </summary>
public sealed class OnboardingService(PortalDbFactory dbFactory, TimeProvider clock)
{
    public static string RegistrationPath(string token) => $"/onboarding/register?token={Uri.EscapeDataString(token)}";

    // ---------------------------------------------------------------- invitations

    public async Task<InvitationDto> InviteAsync(InvitePartnerRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        if (!tenant.SeesAll && !tenant.IsDistributor)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator and distributors invite partners.");

        var errors = new List<FieldError>();
        if (!TryKind(request.Kind, out var kind))
            errors.Add(new("kind", "kind must be one of Distributor, Reseller, SystemIntegrator, Isv."));
        else if (tenant.IsDistributor && kind is not (PartnerKind.Reseller or PartnerKind.SystemIntegrator))
            errors.Add(new("kind", "A distributor invites resellers and system integrators."));
        if (string.IsNullOrWhiteSpace(request.Name)) errors.Add(new("name", "name is required."));
        if (string.IsNullOrWhiteSpace(request.Email)) errors.Add(new("email", "email is required."));
        else if (!System.Net.Mail.MailAddress.TryCreate(request.Email.Trim(), out _)) errors.Add(new("email", "email is not an e-mail address."));
        if (string.IsNullOrWhiteSpace(request.Country)) errors.Add(new("country", "country is required (ISO code such as DE)."));
        if (tenant.IsDistributor && request.Pilot == true) errors.Add(new("pilot", "Only the operator flags pilot partners."));
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);

        Partner? parent = null;
        if (tenant.IsDistributor)
        {
            if (request.ParentPartnerId is { } given && given != tenant.PartnerId)
                throw RequestRejectedException.Invalid("parentPartnerId", "A distributor invites partners under itself only.");
            parent = await db.Partners.SingleAsync(p => p.Id == tenant.PartnerId, ct);
        }
        else if (request.ParentPartnerId is { } parentId)
        {
            parent = await db.Partners.SingleOrDefaultAsync(p => p.Id == parentId, ct)
                     ?? throw RequestRejectedException.Invalid("parentPartnerId", "The parent partner does not exist.");
        }

        var now = Now;
        var partner = Partner.Create(kind, request.Name!, request.Country!, request.Email!, now, PartnerStatus.Invited, null, parent, request.Pilot ?? false);
        var invitation = AddInvitation(db, partner, tenant, now, importId: null);
        await SaveOrConflictAsync(db, ct);
        return ToDto(invitation, partner, now);
    }

    public async Task<Paged<InvitationDto>> ListInvitationsAsync(int? page, int? pageSize, string? state, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        InvitationState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<InvitationState>(state, true, out var parsed) || int.TryParse(state, out _))
                throw RequestRejectedException.Invalid("state", "state must be one of Open, Used, Expired, Withdrawn.");
            wanted = parsed;
        }
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOnboarder(db.Tenant);
        var now = Now;
        var query = db.PartnerInvitations.AsNoTracking();
        query = wanted switch
        {
            InvitationState.Withdrawn => query.Where(i => i.WithdrawnAtUtc != null),
            InvitationState.Used => query.Where(i => i.WithdrawnAtUtc == null && i.UsedAtUtc != null),
            InvitationState.Expired => query.Where(i => i.WithdrawnAtUtc == null && i.UsedAtUtc == null && i.ExpiresAtUtc <= now),
            InvitationState.Open => query.Where(i => i.WithdrawnAtUtc == null && i.UsedAtUtc == null && i.ExpiresAtUtc > now),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(i => i.CreatedAtUtc).ThenBy(i => i.Id).Skip((p - 1) * size).Take(size)
            .Join(db.Partners, i => i.PartnerId, x => x.Id, (i, x) => new { i, x })
            .ToListAsync(ct);
        return new Paged<InvitationDto>(rows.Select(r => ToDto(r.i, r.x, now)).ToList(), p, size, total);
    }

    public async Task<InvitationDto> GetInvitationAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOnboarder(db.Tenant);
        var row = await db.PartnerInvitations.AsNoTracking().Where(i => i.Id == id)
                      .Join(db.Partners, i => i.PartnerId, x => x.Id, (i, x) => new { i, x }).SingleOrDefaultAsync(ct)
                  ?? throw RequestRejectedException.NotFound("The invitation");
        return ToDto(row.i, row.x, Now);
    }

    // ---------------------------------------------------------------- decisions

    public async Task<PartnerDecisionDto> ApproveAsync(Guid partnerId, string linkBase, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await DecidableAsync(db, partnerId, operatorOnly: false, ct);
        var now = Now;
        partner.Approve(now);
        Audit.Audit.Record(db, db.Tenant, now, "partner.approved", $"{partner.Kind} {partner.Name}", partner.Id);
        var signIn = $"{linkBase.TrimEnd('/')}/Account/Login";
        Mailer.Enqueue(db, partner.Email, "Your partner account is active / Ihr Partnerkonto ist freigeschaltet",
            $"<p>{Mailer.Encode(partner.Name)} is now an active partner. <a href='{signIn}'>Sign in</a>.</p>" +
            $"<p>{Mailer.Encode(partner.Name)} ist jetzt freigeschalteter Partner. <a href='{signIn}'>Anmelden</a>.</p>", now);
        await SaveOrConflictAsync(db, ct);
        return Decision(partner);
    }

    public async Task<PartnerDecisionDto> RejectAsync(Guid partnerId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw RequestRejectedException.Invalid("reason", "A rejection needs a reason; the invitee is told.");
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await DecidableAsync(db, partnerId, operatorOnly: false, ct);
        var now = Now;
        partner.Reject(reason, now);
        foreach (var invitation in await db.PartnerInvitations.Where(i => i.PartnerId == partner.Id).ToListAsync(ct))
            invitation.Close(now);
        Audit.Audit.Record(db, db.Tenant, now, "partner.rejected", $"{partner.Kind} {partner.Name}", partner.Id, partner.StatusReason);
        Mailer.Enqueue(db, partner.Email, "Your partner registration / Ihre Partnerregistrierung",
            $"<p>We are sorry: the registration of {Mailer.Encode(partner.Name)} was not approved. Reason: {Mailer.Encode(partner.StatusReason!)}</p>" +
            $"<p>Leider wurde die Registrierung von {Mailer.Encode(partner.Name)} nicht freigegeben. Begründung: {Mailer.Encode(partner.StatusReason!)}</p>", now);
        await SaveOrConflictAsync(db, ct);
        return Decision(partner);
    }

    public async Task<PartnerDecisionDto> SuspendAsync(Guid partnerId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw RequestRejectedException.Invalid("reason", "A suspension needs a reason.");
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await DecidableAsync(db, partnerId, operatorOnly: true, ct);
        var now = Now;
        partner.Suspend(reason, now);
        // Ends the partner's open sessions: sign-in cookies are checked against the security stamp on every request and
        // interactive circuits every minute (Program.cs), so a new stamp signs its users out; the API keys stop at once.
        foreach (var user in await db.Users.Where(u => u.PartnerId == partner.Id).ToListAsync(ct))
            user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        Audit.Audit.Record(db, db.Tenant, now, "partner.suspended", $"{partner.Kind} {partner.Name}", partner.Id, partner.StatusReason);
        await SaveOrConflictAsync(db, ct);
        return Decision(partner);
    }

    public async Task<PartnerDecisionDto> ReactivateAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var partner = await DecidableAsync(db, partnerId, operatorOnly: true, ct);
        var now = Now;
        partner.Reactivate(now);
        Audit.Audit.Record(db, db.Tenant, now, "partner.reactivated", $"{partner.Kind} {partner.Name}", partner.Id);
        await SaveOrConflictAsync(db, ct);
        return Decision(partner);
    }

    /// <summary>The onboarding queue: invited and registered partners the caller may see, newest first, one query.</summary>
    public async Task<Paged<QueueItemDto>> ListQueueAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOnboarder(db.Tenant);
        var tenant = db.Tenant;
        var tenantPartnerId = tenant.PartnerId ?? Guid.Empty;
        var query = db.Partners.AsNoTracking().Where(x => x.Status == PartnerStatus.Invited || x.Status == PartnerStatus.PendingApproval);
        var total = await query.CountAsync(ct);
        var now = Now;
        var rows = await query
            .OrderBy(x => x.Status == PartnerStatus.PendingApproval ? 0 : 1).ThenByDescending(x => x.CreatedAtUtc).ThenBy(x => x.Id)
            .Skip((p - 1) * size).Take(size)
            .Select(x => new
            {
                x.Id, x.Name, x.Kind, x.Email, x.Status, x.ParentPartnerId, x.CreatedAtUtc, x.RegisteredAtUtc,
                ParentName = db.Partners.Where(y => y.Id == x.ParentPartnerId).Select(y => y.Name).FirstOrDefault(),
                Invitation = db.PartnerInvitations.Where(i => i.PartnerId == x.Id).OrderByDescending(i => i.CreatedAtUtc)
                    .Select(i => new { i.ExpiresAtUtc, i.UsedAtUtc, i.WithdrawnAtUtc }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new QueueItemDto(
            r.Id, r.Name, r.Kind.ToString(), r.Email, r.Status.ToString(), r.ParentPartnerId, r.ParentName, r.CreatedAtUtc, r.RegisteredAtUtc,
            r.Invitation?.ExpiresAtUtc,
            r.Invitation is null ? null
                : (r.Invitation.WithdrawnAtUtc != null ? InvitationState.Withdrawn
                    : r.Invitation.UsedAtUtc != null ? InvitationState.Used
                    : now >= r.Invitation.ExpiresAtUtc ? InvitationState.Expired : InvitationState.Open).ToString(),
            r.Status == PartnerStatus.PendingApproval && (tenant.SeesAll || r.ParentPartnerId == tenantPartnerId)))
            .ToList();
        return new Paged<QueueItemDto>(items, p, size, total);
    }

    // ---------------------------------------------------------------- CSV import

    /// <summary>Reads the file and marks the rows that would invite nobody new; changes nothing.</summary>
    public async Task<ImportPreview> PreviewImportAsync(byte[] content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireDistributor(db.Tenant);
        return await PreviewAsync(db, content, ct);
    }

    /// <summary>
    /// Invites the valid rows of the file, all in one SaveChanges. The file's SHA-256 is recorded per distributor
    /// under a unique index, so the same file a second time (a double click, a second upload) invites nobody; rows
    /// whose e-mail is already invited are skipped (and the unique index on open e-mails backs that up).
    /// </summary>
    public async Task<ImportOutcome> ConfirmImportAsync(byte[] content, string fileName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        RequireDistributor(tenant);
        var preview = await PreviewAsync(db, content, ct);
        if (preview.Parse.FileError is not null)
            throw RequestRejectedException.Invalid("file", "The file cannot be read; nobody was invited.");
        if (preview.ImportId is { } done)
            return await FirstImportAsync(db, done, ct);

        var now = Now;
        var import = PartnerImport.Create(tenant.PartnerId!.Value, Hash(content), fileName, preview.ToInvite.Count, preview.Parse.DataRows - preview.ToInvite.Count, tenant.UserId, now);
        db.PartnerImports.Add(import);
        var parent = await db.Partners.SingleAsync(p => p.Id == tenant.PartnerId, ct);
        foreach (var row in preview.ToInvite)
        {
            var partner = Partner.Create(row.Kind, row.Name, row.Country, row.Email, now, PartnerStatus.Invited, row.VatId, parent);
            AddInvitation(db, partner, tenant, now, import.Id);
        }
        Audit.Audit.Record(db, tenant, now, "partner.import", fileName, parent.Id, $"{preview.ToInvite.Count} invited, {import.Skipped} skipped");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (UniqueKeyViolationException ex) when (ex.Fields.Contains("file"))
        {
            // Another upload of the same file committed first (a double click, a retry): its result is the answer.
            await using var again = await dbFactory.CreateAsync(ct);
            var first = await again.PartnerImports.Where(i => i.DistributorPartnerId == import.DistributorPartnerId && i.ContentSha256 == import.ContentSha256)
                .Select(i => i.Id).SingleAsync(ct);
            return await FirstImportAsync(again, first, ct);
        }
        catch (UniqueKeyViolationException)
        {
            // An address of the file got an open invitation after the check (invited meanwhile, or another distributor's,
            // which this distributor cannot see): the whole file waits, nobody is invited.
            throw RequestRejectedException.Conflict(
                "An e-mail address of the file has an open invitation already (invited meanwhile or by another distributor); nobody was invited.", "email");
        }
        return new ImportOutcome(import.Id, preview.ToInvite.Count, import.Skipped, AlreadyImported: false);
    }

    /// <summary>An import of the caller's (the operator sees all): the file's record and the invitations it made; 404 for anybody else's.</summary>
    public async Task<(PartnerImport Import, IReadOnlyList<InvitationDto> Invitations)> GetImportAsync(Guid importId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOnboarder(db.Tenant);
        var import = await db.PartnerImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId, ct) ?? throw RequestRejectedException.NotFound("The import");
        var now = Now;
        var rows = await db.PartnerInvitations.AsNoTracking().Where(i => i.ImportId == importId)
            .Join(db.Partners, i => i.PartnerId, x => x.Id, (i, x) => new { i, x }).ToListAsync(ct);
        return (import, rows.Select(r => ToDto(r.i, r.x, now)).OrderBy(i => i.Email, StringComparer.Ordinal).ToList());
    }

    /// <summary>The imports the caller may see (a distributor: its own; the operator: all), newest first.</summary>
    public async Task<Paged<PartnerImport>> ListImportsAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (p, size) = Paging.Normalise(page, pageSize);
        await using var db = await dbFactory.CreateAsync(ct);
        RequireOnboarder(db.Tenant);
        var query = db.PartnerImports.AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.CreatedAtUtc).ThenBy(i => i.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<PartnerImport>(items, p, size, total);
    }

    private static async Task<ImportOutcome> FirstImportAsync(PortalDbContext db, Guid importId, CancellationToken ct)
    {
        var first = await db.PartnerImports.AsNoTracking().SingleAsync(i => i.Id == importId, ct);
        return new ImportOutcome(first.Id, first.Invited, first.Skipped, AlreadyImported: true);
    }

    private async Task<ImportPreview> PreviewAsync(PortalDbContext db, byte[] content, CancellationToken ct)
    {
        var parse = PartnerCsvParser.Parse(content);
        var hash = Hash(content);
        if (parse.FileError is not null) return new ImportPreview(parse, [], [], null, hash);
        var distributorId = db.Tenant.PartnerId!.Value;
        var imported = await db.PartnerImports.Where(i => i.DistributorPartnerId == distributorId && i.ContentSha256 == hash)
            .Select(i => new { i.Id, i.CreatedAtUtc }).FirstOrDefaultAsync(ct);
        var keys = parse.ValidRows.Select(r => PartnerInvitation.EmailKey(r.Email)).ToList();
        // Invitations of other distributors are invisible here by design; the unique index still refuses them at save.
        var taken = (await db.PartnerInvitations.Where(i => i.OpenEmailKey != null && keys.Contains(i.OpenEmailKey)).Select(i => i.OpenEmailKey!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var problems = parse.Problems.ToList();
        var toInvite = new List<CsvPartnerRow>();
        foreach (var row in parse.ValidRows)
        {
            if (taken.Contains(PartnerInvitation.EmailKey(row.Email))) problems.Add(new(row.Row, "email", PartnerCsvParser.AlreadyInvited, row.Email));
            else toInvite.Add(row);
        }
        return new ImportPreview(parse, problems.OrderBy(p => p.Row).ToList(), toInvite, imported?.CreatedAtUtc, hash, imported?.Id);
    }

    // ---------------------------------------------------------------- helpers

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static bool TryKind(string? text, out PartnerKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    private static void RequireOnboarder(Tenant tenant)
    {
        if (!tenant.SeesAll && !tenant.IsDistributor)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only the operator and distributors onboard partners.");
    }

    private static void RequireDistributor(Tenant tenant)
    {
        if (!tenant.IsDistributor)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only distributors import partner lists.");
    }

    /// <summary>The partner, when the caller may decide on it: the operator always, a distributor for its own downline.</summary>
    private static async Task<Partner> DecidableAsync(PortalDbContext db, Guid partnerId, bool operatorOnly, CancellationToken ct)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw RequestRejectedException.NotFound("The partner");
        var tenant = db.Tenant;
        var allowed = tenant.SeesAll || (!operatorOnly && tenant.IsDistributor && partner.ParentPartnerId == tenant.PartnerId);
        if (!allowed)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden,
                operatorOnly ? "Only the operator suspends and reactivates partners." : "Only the operator or the partner's own distributor decides on it.");
        return partner;
    }

    private static PartnerInvitation AddInvitation(PortalDbContext db, Partner partner, Tenant tenant, DateTime now, Guid? importId)
    {
        var (invitation, _) = PartnerInvitation.Create(partner.Id, partner.Email, tenant.IsDistributor ? tenant.PartnerId : null, now, PartnerInvitation.DefaultLifetime, importId);
        db.Partners.Add(partner);
        db.PartnerInvitations.Add(invitation);
        // The link's token is issued when the mail is delivered (MailLinks): the stored mail holds none.
        const string link = Mailer.LinkPlaceholder;
        var inviter = Mailer.Encode(tenant.IsDistributor ? tenant.Name ?? "Your distributor" : "PartnerPortal");
        var expires = invitation.ExpiresAtUtc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Mailer.Enqueue(db, partner.Email, "Invitation to PartnerPortal / Einladung ins PartnerPortal",
            $"<p>{inviter} invites {Mailer.Encode(partner.Name)} to become a partner. <a href='{link}'>Register</a> (the link works once, until {expires}).</p>" +
            $"<p>{inviter} lädt {Mailer.Encode(partner.Name)} ein, Partner zu werden. <a href='{link}'>Jetzt registrieren</a> (der Link gilt einmal, bis {expires}).</p>", now,
            MailLink.Invitation(invitation.Id));
        Audit.Audit.Record(db, tenant, now, "partner.invited", $"{partner.Kind} {partner.Name} <{partner.Email}>", partner.Id);
        return invitation;
    }

    private static async Task SaveOrConflictAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RequestRejectedException.Conflict("The partner's status changed meanwhile; nothing was saved.");
        }
        catch (DbUpdateException)
        {
            throw RequestRejectedException.Conflict("This e-mail address has an open invitation already.", "email");
        }
    }

    private static InvitationDto ToDto(PartnerInvitation i, Partner p, DateTime now) =>
        new(i.Id, i.PartnerId, p.Name, p.Kind.ToString(), i.Email, p.Status.ToString(), i.StateAt(now).ToString(), i.InvitedByPartnerId, i.CreatedAtUtc, i.ExpiresAtUtc, i.UsedAtUtc);

    private static PartnerDecisionDto Decision(Partner p) => new(p.Id, p.Name, p.Status.ToString(), p.StatusReason, p.DecidedAtUtc);
}

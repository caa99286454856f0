using System.Security.Cryptography;
using System.Text;
using PartnerPortal.Domain.Common;

namespace PartnerPortal.Domain.Partners;

/// <summary>Where an invitation link stands at a moment.</summary>
public enum InvitationState
{
    Open,
    Used,
    Expired,
    Withdrawn,
}

/// <summary>
/// A single-use, expiring link that lets an invited partner register. Only the SHA-256 hash of the token is stored,
/// so a copy of the database does not let anyone register. <see cref="Redeem"/> uses it up.
/// </summary>
/// <example>
/// <code>
/// var (invitation, token) = PartnerInvitation.Create(partner.Id, "chef@harz-netz.example", invitedByPartnerId: nordlicht.Id, now, TimeSpan.FromDays(14));
/// invitation.StateAt(now.AddDays(15));   // Expired
/// </code>
/// </example>
public sealed class PartnerInvitation
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    private PartnerInvitation()
    {
        Email = TokenHash = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Email { get; private set; }
    /// <summary>
    /// The lower-cased e-mail while the invitation counts (open or used by a partner that was not turned down); null
    /// afterwards. A unique index on it makes a double submit or a second upload invite nobody twice.
    /// </summary>
    public string? OpenEmailKey { get; private set; }
    /// <summary>Hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; private set; }
    /// <summary>The distributor that invited; null when the operator did.</summary>
    public Guid? InvitedByPartnerId { get; private set; }
    /// <summary>The CSV import that created the invitation, if any.</summary>
    public Guid? ImportId { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    /// <summary>The link works before this instant (exclusive).</summary>
    public DateTime ExpiresAtUtc { get; private set; }
    public DateTime? UsedAtUtc { get; private set; }
    public DateTime? WithdrawnAtUtc { get; private set; }

    /// <summary>Creates an invitation and the token for its link (shown once, in the e-mail; only its hash is kept).</summary>
    public static (PartnerInvitation Invitation, string Token) Create(
        Guid partnerId, string email, Guid? invitedByPartnerId, DateTime nowUtc, TimeSpan lifetime, Guid? importId = null)
    {
        if (lifetime <= TimeSpan.Zero) throw new DomainException("An invitation must live for some time.", "lifetime");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@')) throw new DomainException("An invitation needs an e-mail address.", "email");
        var token = NewToken();
        var invitation = new PartnerInvitation
        {
            Id = Guid.NewGuid(),
            PartnerId = partnerId,
            Email = email.Trim(),
            OpenEmailKey = EmailKey(email),
            TokenHash = HashToken(token),
            InvitedByPartnerId = invitedByPartnerId,
            ImportId = importId,
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = nowUtc + lifetime,
        };
        return (invitation, token);
    }

    /// <summary>
    /// A new token for the link, replacing the old one (which stops working): the mail is written without it and
    /// gets a fresh one when it is delivered, so no stored mail holds a usable link. Refused unless the invitation is open.
    /// </summary>
    public string RenewToken(DateTime nowUtc)
    {
        if (StateAt(nowUtc) != InvitationState.Open) throw new DomainException("Only an open invitation gets a new link.", "token");
        var token = NewToken();
        TokenHash = HashToken(token);
        return token;
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));

    public InvitationState StateAt(DateTime nowUtc) =>
        WithdrawnAtUtc is not null ? InvitationState.Withdrawn
        : UsedAtUtc is not null ? InvitationState.Used
        : nowUtc >= ExpiresAtUtc ? InvitationState.Expired
        : InvitationState.Open;

    /// <summary>Uses the link up. Refused when it was used, withdrawn or has expired.</summary>
    public void Redeem(DateTime nowUtc)
    {
        switch (StateAt(nowUtc))
        {
            case InvitationState.Used: throw new DomainException("This invitation link has already been used.", "token");
            case InvitationState.Expired: throw new DomainException("This invitation link has expired.", "token");
            case InvitationState.Withdrawn: throw new DomainException("This invitation was withdrawn.", "token");
        }
        UsedAtUtc = nowUtc;
    }

    /// <summary>The partner was turned down (or the invitation withdrawn): the e-mail may be invited again later.</summary>
    public void Close(DateTime nowUtc)
    {
        if (UsedAtUtc is null) WithdrawnAtUtc ??= nowUtc;
        OpenEmailKey = null;
    }
}

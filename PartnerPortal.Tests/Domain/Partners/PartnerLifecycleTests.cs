using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;

namespace PartnerPortal.Tests.Domain.Partners;

public class PartnerLifecycleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    public static readonly PartnerRegistration GoodRegistration = new(
        "Harz Netzwerke UG", "Markt 1", "38640", "Goslar", "DE", "DE 136 695 976", "de89 3704 0044 0532 0130 00", "Jana Harz", "+49 5321 0", AcceptTerms: true);

    /// <summary>A partner brought into <paramref name="status"/> along the allowed path.</summary>
    private static Partner InStatus(PartnerStatus status)
    {
        var partner = Partner.Create(PartnerKind.Reseller, "Harz Netzwerke UG", "DE", "chef@harz-netz.example", Now);
        if (status == PartnerStatus.Invited) return partner;
        partner.Register(GoodRegistration, "user-1", Now);
        if (status == PartnerStatus.PendingApproval) return partner;
        if (status == PartnerStatus.Terminated) { partner.Reject("no", Now); return partner; }
        partner.Approve(Now);
        if (status == PartnerStatus.Active) return partner;
        partner.Suspend("unpaid", Now);
        return partner;
    }

    private static readonly Dictionary<string, Action<Partner>> Actions = new()
    {
        ["register"] = p => p.Register(GoodRegistration, "user-1", Now),
        ["approve"] = p => p.Approve(Now),
        ["reject"] = p => p.Reject("Not a reseller", Now),
        ["suspend"] = p => p.Suspend("Unpaid invoices", Now),
        ["reactivate"] = p => p.Reactivate(Now),
        ["terminate"] = p => p.Terminate("Contract ended"),
    };

    // Every action from every status: the status it leads to, or null when it is refused.
    [Theory]
    [InlineData(PartnerStatus.Invited, "register", PartnerStatus.PendingApproval)]
    [InlineData(PartnerStatus.Invited, "approve", null)]
    [InlineData(PartnerStatus.Invited, "reject", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.Invited, "suspend", null)]
    [InlineData(PartnerStatus.Invited, "reactivate", null)]
    [InlineData(PartnerStatus.Invited, "terminate", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.PendingApproval, "register", null)]
    [InlineData(PartnerStatus.PendingApproval, "approve", PartnerStatus.Active)]
    [InlineData(PartnerStatus.PendingApproval, "reject", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.PendingApproval, "suspend", null)]
    [InlineData(PartnerStatus.PendingApproval, "reactivate", null)]
    [InlineData(PartnerStatus.PendingApproval, "terminate", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.Active, "register", null)]
    [InlineData(PartnerStatus.Active, "approve", null)]
    [InlineData(PartnerStatus.Active, "reject", null)]
    [InlineData(PartnerStatus.Active, "suspend", PartnerStatus.Suspended)]
    [InlineData(PartnerStatus.Active, "reactivate", null)]
    [InlineData(PartnerStatus.Active, "terminate", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.Suspended, "register", null)]
    [InlineData(PartnerStatus.Suspended, "approve", null)]
    [InlineData(PartnerStatus.Suspended, "reject", null)]
    [InlineData(PartnerStatus.Suspended, "suspend", null)]
    [InlineData(PartnerStatus.Suspended, "reactivate", PartnerStatus.Active)]
    [InlineData(PartnerStatus.Suspended, "terminate", PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.Terminated, "register", null)]
    [InlineData(PartnerStatus.Terminated, "approve", null)]
    [InlineData(PartnerStatus.Terminated, "reject", null)]
    [InlineData(PartnerStatus.Terminated, "suspend", null)]
    [InlineData(PartnerStatus.Terminated, "reactivate", null)]
    [InlineData(PartnerStatus.Terminated, "terminate", null)]
    public void Transition_IsAllowedOrRefused(PartnerStatus from, string action, PartnerStatus? to)
    {
        var partner = InStatus(from);
        Assert.Equal(from, partner.Status);

        if (to is null)
        {
            var ex = Assert.Throws<DomainException>(() => Actions[action](partner));
            Assert.Equal("status", ex.Field);
            Assert.Equal(from, partner.Status);
        }
        else
        {
            Actions[action](partner);
            Assert.Equal(to, partner.Status);
        }
    }

    [Fact]
    public void Register_RecordsTheData_AndTheTermsAcceptance()
    {
        var partner = InStatus(PartnerStatus.Invited);
        partner.Register(GoodRegistration, "user-42", Now.AddHours(1));

        Assert.Equal("DE136695976", partner.VatId);
        Assert.Equal("DE89370400440532013000", partner.Iban);
        Assert.Equal("Goslar", partner.City);
        Assert.Equal("Jana Harz", partner.ContactName);
        Assert.Equal(Now.AddHours(1), partner.TermsAcceptedAtUtc);
        Assert.Equal("user-42", partner.TermsAcceptedByUserId);
    }

    [Theory]
    [InlineData("reject")]
    [InlineData("suspend")]
    public void ReasonedActions_RefuseAnEmptyReason(string action)
    {
        var partner = InStatus(action == "reject" ? PartnerStatus.PendingApproval : PartnerStatus.Active);
        var ex = Assert.Throws<DomainException>(() =>
        {
            if (action == "reject") partner.Reject("  ", Now); else partner.Suspend("", Now);
        });
        Assert.Equal("reason", ex.Field);
    }

    [Fact]
    public void Reject_KeepsTheReason_ForTheInvitee()
    {
        var partner = InStatus(PartnerStatus.PendingApproval);
        partner.Reject("  No trade licence.  ", Now);
        Assert.Equal("No trade licence.", partner.StatusReason);
        Assert.Equal(Now, partner.DecidedAtUtc);
    }

    [Fact]
    public void Register_WithAnInvalidRegistration_ChangesNothing()
    {
        var partner = InStatus(PartnerStatus.Invited);
        var ex = Assert.Throws<DomainException>(() => partner.Register(GoodRegistration with { Iban = "DE89370400440532013001" }, "u", Now));
        Assert.Equal("iban", ex.Field);
        Assert.Equal(PartnerStatus.Invited, partner.Status);
        Assert.Null(partner.Iban);
        Assert.Null(partner.TermsAcceptedAtUtc);
    }
}

public class PartnerRegistrationTests
{
    private static readonly PartnerRegistration Good = PartnerLifecycleTests.GoodRegistration;

    public static TheoryData<PartnerRegistration, string> Bad => new()
    {
        { Good with { CompanyName = " " }, "companyName" },
        { Good with { Street = "" }, "street" },
        { Good with { Postcode = "" }, "postcode" },
        { Good with { City = "" }, "city" },
        { Good with { Country = "Deutschland" }, "country" },
        // German VAT IDs are required and carry a check digit (DE136695976 is valid, …977 is not).
        { Good with { VatId = null }, "vatId" },
        { Good with { VatId = "DE136695977" }, "vatId" },
        // The VAT ID's country must be the partner's.
        { Good with { VatId = "ATU12345678" }, "vatId" },
        // IBAN mod 97: DE89 3704 0044 0532 0130 00 is valid; changing the last digit breaks the check.
        { Good with { Iban = "DE89 3704 0044 0532 0130 01" }, "iban" },
        { Good with { Iban = "" }, "iban" },
        { Good with { ContactName = "" }, "contactName" },
        { Good with { AcceptTerms = false }, "acceptTerms" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_NamesTheFieldAtFault(PartnerRegistration registration, string field)
    {
        var problems = registration.Validate(PartnerKind.Reseller);
        Assert.Equal([field], problems.Select(p => p.Field).ToArray());
    }

    [Fact]
    public void Validate_AcceptsAGoodRegistration_AndAnAustrianWithoutVatId()
    {
        Assert.Empty(Good.Validate(PartnerKind.Reseller));
        Assert.Empty((Good with { Country = "AT", VatId = null, Iban = "AT61 1904 3002 3457 3201" }).Validate(PartnerKind.SystemIntegrator));
    }

    [Fact]
    public void Validate_ListsEveryProblemAtOnce()
    {
        var problems = (Good with { CompanyName = "", Iban = "XX", AcceptTerms = false }).Validate(PartnerKind.Reseller);
        Assert.Equal(["companyName", "iban", "acceptTerms"], problems.Select(p => p.Field).ToArray());
    }
}

public class PartnerInvitationTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Create_StoresOnlyTheTokensHash()
    {
        var (invitation, token) = PartnerInvitation.Create(Guid.NewGuid(), "Chef@Harz-Netz.example", null, Now, TimeSpan.FromDays(14));

        Assert.True(token.Length >= 40);
        Assert.DoesNotContain(token, invitation.TokenHash, StringComparison.Ordinal);
        Assert.Equal(PartnerInvitation.HashToken(token), invitation.TokenHash);
        Assert.Equal(64, invitation.TokenHash.Length);
        Assert.Equal("chef@harz-netz.example", invitation.OpenEmailKey);
        Assert.Equal(Now.AddDays(14), invitation.ExpiresAtUtc);
    }

    [Fact]
    public void HashToken_IsSha256InHex()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PartnerInvitation.HashToken("abc"));
    }

    [Fact]
    public void RenewToken_ReplacesTheLink_AndOnlyAnOpenInvitationGetsOne()
    {
        var (invitation, first) = PartnerInvitation.Create(Guid.NewGuid(), "a@b.de", null, Now, TimeSpan.FromDays(14));
        var second = invitation.RenewToken(Now.AddDays(1));
        Assert.NotEqual(first, second);
        Assert.Equal(PartnerInvitation.HashToken(second), invitation.TokenHash);
        Assert.Equal(Now.AddDays(14), invitation.ExpiresAtUtc); // a new link does not extend the invitation
        Assert.Throws<DomainException>(() => invitation.RenewToken(Now.AddDays(14)));
        invitation.Redeem(Now.AddDays(2));
        Assert.Throws<DomainException>(() => invitation.RenewToken(Now.AddDays(2)));
    }

    [Theory]
    [InlineData(0, InvitationState.Open)]
    [InlineData(14 * 24 - 1, InvitationState.Open)]
    [InlineData(14 * 24, InvitationState.Expired)] // the expiry instant is excluded
    [InlineData(15 * 24, InvitationState.Expired)]
    public void StateAt_ExpiresAfterItsLifetime(int hoursLater, InvitationState expected)
    {
        var (invitation, _) = PartnerInvitation.Create(Guid.NewGuid(), "a@b.de", null, Now, TimeSpan.FromDays(14));
        Assert.Equal(expected, invitation.StateAt(Now.AddHours(hoursLater)));
    }

    [Fact]
    public void Redeem_WorksOnce()
    {
        var (invitation, _) = PartnerInvitation.Create(Guid.NewGuid(), "a@b.de", null, Now, TimeSpan.FromDays(14));
        invitation.Redeem(Now.AddDays(1));
        Assert.Equal(InvitationState.Used, invitation.StateAt(Now.AddDays(1)));
        var ex = Assert.Throws<DomainException>(() => invitation.Redeem(Now.AddDays(2)));
        Assert.Equal("token", ex.Field);
        Assert.Equal(Now.AddDays(1), invitation.UsedAtUtc);
    }

    [Fact]
    public void Redeem_IsRefused_WhenExpired_OrWithdrawn()
    {
        var (expired, _) = PartnerInvitation.Create(Guid.NewGuid(), "a@b.de", null, Now, TimeSpan.FromDays(14));
        Assert.Throws<DomainException>(() => expired.Redeem(Now.AddDays(14)));
        Assert.Null(expired.UsedAtUtc);

        var (withdrawn, _) = PartnerInvitation.Create(Guid.NewGuid(), "a@b.de", null, Now, TimeSpan.FromDays(14));
        withdrawn.Close(Now);
        Assert.Equal(InvitationState.Withdrawn, withdrawn.StateAt(Now));
        Assert.Null(withdrawn.OpenEmailKey);
        Assert.Throws<DomainException>(() => withdrawn.Redeem(Now));
    }
}

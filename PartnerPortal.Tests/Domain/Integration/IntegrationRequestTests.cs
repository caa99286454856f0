using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Integration;
using S = PartnerPortal.Domain.Integration.IntegrationRequestStatus;

namespace PartnerPortal.Tests.Domain.Integration;

public sealed class IntegrationRequestTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static IntegrationRequest Open() =>
        IntegrationRequest.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "DATEV anbinden", Today.AddDays(7), "Frau Meyer", Today, Now, "reseller");

    /// <summary>The whole table of moves: forward one step, Scheduled again (a new date), Declined from any open state; closed is final.</summary>
    [Theory]
    [InlineData(S.Open, S.Scheduled, true)]
    [InlineData(S.Open, S.InProgress, false)]
    [InlineData(S.Open, S.Done, false)]
    [InlineData(S.Open, S.Declined, true)]
    [InlineData(S.Open, S.Open, false)]
    [InlineData(S.Scheduled, S.Scheduled, true)]
    [InlineData(S.Scheduled, S.InProgress, true)]
    [InlineData(S.Scheduled, S.Done, false)]
    [InlineData(S.Scheduled, S.Declined, true)]
    [InlineData(S.Scheduled, S.Open, false)]
    [InlineData(S.InProgress, S.Done, true)]
    [InlineData(S.InProgress, S.Declined, true)]
    [InlineData(S.InProgress, S.Scheduled, false)]
    [InlineData(S.InProgress, S.InProgress, false)]
    [InlineData(S.Done, S.Declined, false)]
    [InlineData(S.Done, S.Scheduled, false)]
    [InlineData(S.Declined, S.Scheduled, false)]
    [InlineData(S.Declined, S.Declined, false)]
    public void CanMove_FollowsTheTable(S from, S to, bool allowed) => Assert.Equal(allowed, IntegrationRequest.CanMove(from, to));

    [Fact]
    public void TheWholeWay_KeepsEveryChangeInTheHistory_AndTheChargeOnlyOnDone()
    {
        var r = Open();
        r.ChangeStatus(S.Scheduled, null, Today.AddDays(3), null, Today, Now, "op");
        r.ChangeStatus(S.Scheduled, "moved", Today.AddDays(5), null, Today, Now.AddHours(1), "op");
        r.Assign("u1", "Olga Operator", Now.AddHours(2), "op");
        r.Comment("VPN needed", Now.AddHours(3), "op");
        r.ChangeStatus(S.InProgress, null, null, null, Today, Now.AddHours(4), "op");
        r.ChangeStatus(S.Done, "live", null, 45_000, Today, Now.AddHours(5), "op");

        Assert.Equal(S.Done, r.Status);
        Assert.Equal(Today.AddDays(5), r.ScheduledFor);
        Assert.Equal(45_000, r.ChargeCents);
        Assert.Equal(Now.AddHours(5), r.ClosedAtUtc);
        Assert.Equal(["Created", "StatusChanged", "StatusChanged", "Assigned", "Comment", "StatusChanged", "StatusChanged"], r.History.Select(e => e.Kind.ToString()));
        Assert.Equal(45_000, r.History[^1].ChargeCents);
        Assert.Null(r.History[^2].ChargeCents);
        Assert.Equal(Today.AddDays(5), r.History[2].ScheduledFor);
        Assert.Empty(r.NextStates());
        Assert.Throws<DomainException>(() => r.Assign("u2", "x", Now, "op"));
        r.Comment("thanks", Now.AddDays(1), "op"); // a closed request still takes comments
    }

    [Theory]
    [InlineData(S.Declined, null, null, null, "note")]
    [InlineData(S.Scheduled, null, null, null, "scheduledFor")]
    [InlineData(S.Scheduled, null, -1, null, "scheduledFor")]     // yesterday
    [InlineData(S.Scheduled, null, 366, null, "scheduledFor")]    // more than a year ahead
    [InlineData(S.Scheduled, null, 1, 100L, "charge")]            // a charge only on Done
    [InlineData(S.Declined, "no", 1, null, "scheduledFor")]
    [InlineData(S.InProgress, null, null, null, "status")]        // Open → InProgress skips a step
    public void AMoveOutsideTheRules_IsRefused_NamingTheField_AndChangesNothing(S to, string? note, int? inDays, long? charge, string field)
    {
        var r = Open();
        var ex = Assert.Throws<DomainException>(() => r.ChangeStatus(to, note, inDays is { } d ? Today.AddDays(d) : null, charge, Today, Now, "op"));
        Assert.Equal(field, ex.Field);
        Assert.Equal(S.Open, r.Status);
        Assert.Single(r.History);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(IntegrationRequest.MaxChargeCents + 1)]
    public void ACharge_OutsideItsBounds_IsRefused(long cents)
    {
        var r = Open();
        r.ChangeStatus(S.Scheduled, null, Today, null, Today, Now, "op");
        r.ChangeStatus(S.InProgress, null, null, null, Today, Now, "op");
        Assert.Equal("charge", Assert.Throws<DomainException>(() => r.ChangeStatus(S.Done, null, null, cents, Today, Now, "op")).Field);
    }

    [Fact]
    public void DoneWithAZeroCharge_ChargesNothing()
    {
        var r = Open();
        r.ChangeStatus(S.Scheduled, null, Today, null, Today, Now, "op");
        r.ChangeStatus(S.InProgress, null, null, null, Today, Now, "op");
        r.ChangeStatus(S.Done, null, null, 0, Today, Now, "op");
        Assert.Null(r.ChargeCents);
    }

    [Theory]
    [InlineData("", "c", null, "description")]
    [InlineData("d", " ", null, "contact")]
    [InlineData("d", "c", -1, "desiredDate")]
    [InlineData("d", "c", 367, "desiredDate")]
    public void Create_RefusesBadFields(string description, string contact, int? desiredInDays, string field)
    {
        var ex = Assert.Throws<DomainException>(() => IntegrationRequest.Create(Guid.NewGuid(), Guid.NewGuid(), null, description,
            desiredInDays is { } d ? Today.AddDays(d) : null, contact, Today, Now, "op"));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Create_TakesTodayAsDesiredDate_AndNumbersTheRequest()
    {
        var id = Guid.Parse("0a1b2c3d-0000-0000-0000-000000000000");
        var r = IntegrationRequest.Create(Guid.NewGuid(), Guid.NewGuid(), null, " d ", Today, " c ", Today, Now, "op", id: id);
        Assert.Equal(("d", "c", S.Open), (r.Description, r.Contact, r.Status));
        Assert.Equal("IR-0A1B2C3D", IntegrationRequest.NumberOf(r.Id));
    }
}

using System.Globalization;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Domain.Commissions;

/// <summary>Commission plans (Draft → Pilot → Published → Retired), their versions, and assignments over half-open day ranges.</summary>
public class CommissionPlanTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CommissionPlan PlanIn(CommissionPlanStatus status, bool withVersion = true)
    {
        var plan = CommissionPlan.Create("Reseller Standard", status == CommissionPlanStatus.Retired ? CommissionPlanStatus.Published : status, Now);
        if (withVersion) plan.AddVersion(new CommissionTerms { BaseRate = 0.1m }, Now);
        if (status == CommissionPlanStatus.Retired) plan.MoveTo(CommissionPlanStatus.Retired);
        return plan;
    }

    [Theory]
    [InlineData(CommissionPlanStatus.Draft, CommissionPlanStatus.Pilot, true)]
    [InlineData(CommissionPlanStatus.Draft, CommissionPlanStatus.Published, true)]   // a draft may be published directly
    [InlineData(CommissionPlanStatus.Pilot, CommissionPlanStatus.Published, true)]
    [InlineData(CommissionPlanStatus.Published, CommissionPlanStatus.Retired, true)]
    [InlineData(CommissionPlanStatus.Draft, CommissionPlanStatus.Draft, false)]
    [InlineData(CommissionPlanStatus.Draft, CommissionPlanStatus.Retired, false)]
    [InlineData(CommissionPlanStatus.Pilot, CommissionPlanStatus.Draft, false)]       // never back
    [InlineData(CommissionPlanStatus.Pilot, CommissionPlanStatus.Pilot, false)]
    [InlineData(CommissionPlanStatus.Pilot, CommissionPlanStatus.Retired, false)]
    [InlineData(CommissionPlanStatus.Published, CommissionPlanStatus.Draft, false)]
    [InlineData(CommissionPlanStatus.Published, CommissionPlanStatus.Pilot, false)]
    [InlineData(CommissionPlanStatus.Published, CommissionPlanStatus.Published, false)]
    [InlineData(CommissionPlanStatus.Retired, CommissionPlanStatus.Draft, false)]
    [InlineData(CommissionPlanStatus.Retired, CommissionPlanStatus.Pilot, false)]
    [InlineData(CommissionPlanStatus.Retired, CommissionPlanStatus.Published, false)]
    [InlineData(CommissionPlanStatus.Retired, CommissionPlanStatus.Retired, false)]
    public void CommissionPlan_MoveTo_OnlyForward(CommissionPlanStatus from, CommissionPlanStatus to, bool allowed)
    {
        var plan = PlanIn(from);

        if (allowed)
        {
            plan.MoveTo(to);
            Assert.Equal(to, plan.Status);
        }
        else
        {
            var error = Assert.Throws<DomainException>(() => plan.MoveTo(to));
            Assert.Equal("status", error.Field);
            Assert.Equal(from, plan.Status);
        }
    }

    [Theory]
    [InlineData(CommissionPlanStatus.Draft, true)]
    [InlineData(CommissionPlanStatus.Pilot, true)]
    [InlineData(CommissionPlanStatus.Published, true)]
    [InlineData(CommissionPlanStatus.Retired, false)]
    [InlineData((CommissionPlanStatus)42, false)]
    public void CommissionPlan_Create_StartsDraftPilotOrPublished(CommissionPlanStatus status, bool allowed)
    {
        if (allowed) Assert.Equal(status, CommissionPlan.Create(" Plan ", status, Now).Status);
        else Assert.Equal("status", Assert.Throws<DomainException>(() => CommissionPlan.Create("Plan", status, Now)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void CommissionPlan_Create_NeedsAName(string name) =>
        Assert.Equal("name", Assert.Throws<DomainException>(() => CommissionPlan.Create(name, CommissionPlanStatus.Draft, Now)).Field);

    [Fact]
    public void CommissionPlan_AddVersion_NumbersVersionsAndMakesTheLastCurrent()
    {
        var plan = CommissionPlan.Create("Plan", CommissionPlanStatus.Draft, Now);
        Assert.Null(plan.CurrentVersionId);

        var v1 = plan.AddVersion(new CommissionTerms { BaseRate = 0.1m }, Now);
        var v2 = plan.AddVersion(new CommissionTerms { BaseRate = 0.12m }, Now.AddDays(1));

        Assert.Equal((1, 2), (v1.Number, v2.Number));
        Assert.Equal(2, plan.VersionCount);
        Assert.Equal(v2.Id, plan.CurrentVersionId);
        Assert.NotEqual(v1.Id, v2.Id);
        Assert.All(new[] { v1, v2 }, v => Assert.Equal(plan.Id, v.PlanId));
        Assert.Equal(0.1m, v1.Terms.BaseRate); // an older version keeps its terms
    }

    [Fact]
    public void CommissionPlan_AddVersion_RefusesInvalidTermsWithTheirField_AndChangesNothing()
    {
        var plan = PlanIn(CommissionPlanStatus.Draft);
        var current = plan.CurrentVersionId;

        var error = Assert.Throws<PricingValidationException>(() => plan.AddVersion(new CommissionTerms { BaseRate = 0.1m, DurationMonths = 0 }, Now));

        Assert.Equal("durationMonths", Assert.Single(error.Errors).Field);
        Assert.Equal((1, current), (plan.VersionCount, plan.CurrentVersionId));
    }

    [Fact]
    public void CommissionPlan_AddVersion_RetiredPlanTakesNone()
    {
        var plan = PlanIn(CommissionPlanStatus.Retired);

        Assert.Equal("status", Assert.Throws<DomainException>(() => plan.AddVersion(new CommissionTerms(), Now)).Field);
        Assert.Equal(1, plan.VersionCount);
    }

    [Fact]
    public void CommissionAssignment_Assign_First_IsOpenFromItsDay()
    {
        var plan = PlanIn(CommissionPlanStatus.Published);
        var partner = Guid.NewGuid();

        var (added, replaced) = CommissionAssignment.Assign(partner, plan, Day("2026-03-15"), [], "op", Now);

        Assert.Null(replaced);
        Assert.Equal((partner, plan.Id, plan.CurrentVersionId!.Value), (added.PartnerId, added.CommissionPlanId, added.CommissionPlanVersionId));
        Assert.Equal((Day("2026-03-15"), (DateOnly?)null), (added.From, added.ToExclusive));
        Assert.False(added.Covers(Day("2026-03-14")));
        Assert.True(added.Covers(Day("2026-03-15")));
        Assert.True(added.Covers(Day("2099-12-31")));
    }

    [Fact]
    public void CommissionAssignment_Assign_EndsTheOpenOneOnTheNewStart_HalfOpen()
    {
        var first = PlanIn(CommissionPlanStatus.Published);
        var second = PlanIn(CommissionPlanStatus.Published);
        var partner = Guid.NewGuid();
        var (open, _) = CommissionAssignment.Assign(partner, first, Day("2026-01-01"), [], "op", Now);

        var (added, replaced) = CommissionAssignment.Assign(partner, second, Day("2026-06-01"), [open], "op", Now);

        Assert.Null(replaced);
        Assert.Equal(Day("2026-06-01"), open.ToExclusive);
        Assert.True(open.Covers(Day("2026-05-31")));   // [2026-01-01, 2026-06-01): the 31st of May is the old plan's last day
        Assert.False(open.Covers(Day("2026-06-01")));
        Assert.True(added.Covers(Day("2026-06-01")));
        Assert.Equal(second.CurrentVersionId, added.CommissionPlanVersionId);
    }

    [Fact]
    public void CommissionAssignment_Assign_SameDay_ReplacesTheOpenOne()
    {
        var first = PlanIn(CommissionPlanStatus.Published);
        var second = PlanIn(CommissionPlanStatus.Published);
        var partner = Guid.NewGuid();
        var (closed, _) = CommissionAssignment.Assign(partner, first, Day("2026-01-01"), [], "op", Now);
        var (open, _) = CommissionAssignment.Assign(partner, first, Day("2026-06-01"), [closed], "op", Now);

        var (added, replaced) = CommissionAssignment.Assign(partner, second, Day("2026-06-01"), [closed, open], "op", Now);

        Assert.Same(open, replaced);
        Assert.Equal(Day("2026-06-01"), added.From);
        Assert.Null(added.ToExclusive);
        Assert.Equal(Day("2026-06-01"), closed.ToExclusive); // the earlier one is untouched
    }

    [Theory]
    [InlineData("2026-05-31")]
    [InlineData("2026-01-01")]
    public void CommissionAssignment_Assign_RefusesAStartBeforeAnExistingLaterStart(string from)
    {
        var plan = PlanIn(CommissionPlanStatus.Published);
        var partner = Guid.NewGuid();
        var (open, _) = CommissionAssignment.Assign(partner, plan, Day("2026-06-01"), [], "op", Now);

        var error = Assert.Throws<DomainException>(() => CommissionAssignment.Assign(partner, plan, Day(from), [open], "op", Now));

        Assert.Equal("effectiveFrom", error.Field);
        Assert.Null(open.ToExclusive);
    }

    [Theory]
    [InlineData(CommissionPlanStatus.Draft)]
    [InlineData(CommissionPlanStatus.Pilot)]
    [InlineData(CommissionPlanStatus.Retired)]
    public void CommissionAssignment_Assign_RefusesAPlanThatIsNotPublished(CommissionPlanStatus status)
    {
        var published = PlanIn(CommissionPlanStatus.Published);
        var partner = Guid.NewGuid();
        var (open, _) = CommissionAssignment.Assign(partner, published, Day("2026-01-01"), [], "op", Now);

        var error = Assert.Throws<DomainException>(() => CommissionAssignment.Assign(partner, PlanIn(status), Day("2026-06-01"), [open], "op", Now));

        Assert.Equal("commissionPlanId", error.Field);
        Assert.Null(open.ToExclusive); // a refused assignment ends nothing
    }

    [Fact]
    public void CommissionAssignment_Assign_RefusesAPlanWithoutTerms()
    {
        var partner = Guid.NewGuid();
        var (open, _) = CommissionAssignment.Assign(partner, PlanIn(CommissionPlanStatus.Published), Day("2026-01-01"), [], "op", Now);
        var plan = PlanIn(CommissionPlanStatus.Published, withVersion: false);

        var error = Assert.Throws<DomainException>(() => CommissionAssignment.Assign(partner, plan, Day("2026-06-01"), [open], "op", Now));

        Assert.Equal("commissionPlanId", error.Field);
        Assert.Null(open.ToExclusive); // a refused assignment ends nothing
    }
}

using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Features.Catalog;

namespace PartnerPortal.Tests.Domain.Catalog;

public sealed class AppTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    private static App NewApp() =>
        App.Create(Guid.NewGuid(), "Telefonie", null, "Collaboration", 0.2m, [new AppMetric("minutes", "min", MetricAggregation.Sum, MetricRounding.CeilPerEvent, null)], Monday);

    [Fact]
    public void Review_SubmitThenApprove_KeepsTheTimeFromSubmissionToLive()
    {
        var app = NewApp();
        Assert.Null(app.TimeToLive);
        app.Submit(Monday.AddHours(1));
        app.Approve(0.15m, Monday.AddHours(3).AddMinutes(15));
        Assert.Equal(AppStatus.Live, app.Status);
        Assert.Equal(0.15m, app.PlatformFeeRate);
        Assert.Equal(TimeSpan.FromMinutes(135), app.TimeToLive);
    }

    [Fact]
    public void Reject_ReturnsToDraft_WithTheReason_AndAResubmissionCountsFromItsOwnTime()
    {
        var app = NewApp();
        app.Submit(Monday);
        app.Reject("  Beschreibung fehlt ");
        Assert.Equal(AppStatus.Draft, app.Status);
        Assert.Equal("Beschreibung fehlt", app.ReviewNote);
        app.Submit(Monday.AddDays(1));
        Assert.Null(app.ReviewNote);
        app.Approve(0.2m, Monday.AddDays(1).AddMinutes(40));
        Assert.Equal(TimeSpan.FromMinutes(40), app.TimeToLive);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(0.12345678901)]
    public void Approve_RefusesARateOutside0To1_OrWithMoreThan10Decimals(double rate)
    {
        var app = NewApp();
        app.Submit(Monday);
        var ex = Assert.Throws<DomainException>(() => app.Approve((decimal)rate, Monday));
        Assert.Equal("platformFeeRate", ex.Field);
        Assert.Equal(AppStatus.Submitted, app.Status);
    }

    [Fact]
    public void OnlyASubmittedApp_IsReviewed_AndOnlyADraftIsSubmitted()
    {
        var app = NewApp();
        Assert.Equal("status", Assert.Throws<DomainException>(() => app.Approve(0.2m, Monday)).Field);
        Assert.Equal("status", Assert.Throws<DomainException>(() => app.Reject("x")).Field);
        app.Submit(Monday);
        Assert.Equal("status", Assert.Throws<DomainException>(() => app.Submit(Monday)).Field);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => app.Reject(" ")).Field);
    }

    [Theory]
    [InlineData(0, "0 min")]
    [InlineData(45, "45 min")]
    [InlineData(60, "1 h")]
    [InlineData(135, "2 h 15 min")]
    [InlineData(47 * 60 + 59, "47 h 59 min")]
    [InlineData(48 * 60, "2 d")]
    [InlineData(3 * 24 * 60 + 4 * 60 + 30, "3 d 4 h")]
    public void TimeToLive_ReadsAsTheStoreTalks(long minutes, string expected) => Assert.Equal(expected, CatalogText.Duration(minutes));

    [Theory]
    [InlineData("sum", "none", null, null)]
    [InlineData("uniqueCount", "none", "userId", null)]
    [InlineData("average", "none", null, "aggregation")]
    [InlineData("Sum", "none", null, "aggregation")]
    [InlineData("sum", "ceil", null, "rounding")]
    [InlineData("uniqueCount", "none", null, "property")]
    [InlineData("sum", "none", "userId", "property")]
    public void MetricsFromTheApi_UseTheCamelCaseNames_AndNameTheFieldAtFault(string aggregation, string rounding, string? property, string? field)
    {
        var dto = new MetricDto("m", "u", aggregation, rounding, property);
        if (field is null)
        {
            var metric = dto.ToDomain();
            Assert.Equal(dto, MetricDto.From(metric));
        }
        else
        {
            Assert.Equal(field, Assert.Throws<DomainException>(() => dto.ToDomain()).Field);
        }
    }
}

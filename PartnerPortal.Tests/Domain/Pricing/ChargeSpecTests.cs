using System.Text.Json;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Domain.Pricing;

public class ChargeSpecTests
{
    [Fact]
    public void Json_BindsEveryFieldByItsDesignName()
    {
        var charge = PricingJson.Charge("""
            {
              "type": "usage", "name": "Calls", "amount": 1, "unitPrice": 0.0000166667, "metric": "minutes",
              "model": "percentage", "freeUnits": 3, "tiers": [ { "upTo": 10, "unitPrice": 2, "flatFee": 1 }, { "upTo": null, "unitPrice": 1 } ],
              "packageSize": 100, "packagePrice": 5, "rate": 0.013, "fixedFeePerEvent": 0.25, "freeEvents": 2,
              "freeAmount": 15, "minPerEvent": 0.1, "maxPerEvent": 12
            }
            """);

        Assert.Equal("usage", charge.Type);
        Assert.Equal("Calls", charge.Name);
        Assert.Equal(1m, charge.Amount);
        Assert.Equal(0.0000166667m, charge.UnitPrice);
        Assert.Equal("minutes", charge.Metric);
        Assert.Equal("percentage", charge.Model);
        Assert.Equal(3m, charge.FreeUnits);
        Assert.Equal(2, charge.Tiers!.Count);
        Assert.Equal(new TierSpec { UpTo = 10m, UnitPrice = 2m, FlatFee = 1m }, charge.Tiers[0]);
        Assert.Equal(new TierSpec { UpTo = null, UnitPrice = 1m, FlatFee = null }, charge.Tiers[1]);
        Assert.Equal(100m, charge.PackageSize);
        Assert.Equal(5m, charge.PackagePrice);
        Assert.Equal(0.013m, charge.Rate);
        Assert.Equal(0.25m, charge.FixedFeePerEvent);
        Assert.Equal(2, charge.FreeEvents);
        Assert.Equal(15m, charge.FreeAmount);
        Assert.Equal(0.1m, charge.MinPerEvent);
        Assert.Equal(12m, charge.MaxPerEvent);
    }

    [Fact]
    public void Json_KeepsAnUnknownTypeAndModelAsText_ForTheValidatorToReport()
    {
        var charge = PricingJson.Charge("""{ "type": "monthly", "model": "tiered" }""");

        Assert.Equal("monthly", charge.Type);
        Assert.Equal("tiered", charge.Model);
        Assert.Throws<InvalidOperationException>(() => charge.GetChargeType());
    }

    [Fact]
    public void Json_RequiresType()
    {
        Assert.Throws<JsonException>(() => PricingJson.Charge("""{ "amount": 5 }"""));
    }

    [Theory]
    [InlineData("flat", ChargeType.Flat)]
    [InlineData("perSeat", ChargeType.PerSeat)]
    [InlineData("oneTime", ChargeType.OneTime)]
    [InlineData("usage", ChargeType.Usage)]
    public void GetChargeType_ParsesTheApiName(string type, ChargeType expected)
    {
        Assert.Equal(expected, new ChargeSpec { Type = type }.GetChargeType());
        Assert.Equal(type, ApiNames.Of(expected));
    }

    [Theory]
    [InlineData("perUnit", ChargeModel.PerUnit)]
    [InlineData("graduated", ChargeModel.Graduated)]
    [InlineData("volume", ChargeModel.Volume)]
    [InlineData("package", ChargeModel.Package)]
    [InlineData("percentage", ChargeModel.Percentage)]
    public void GetModel_ParsesTheApiName(string model, ChargeModel expected)
    {
        Assert.Equal(expected, new ChargeSpec { Type = "usage", Model = model }.GetModel());
        Assert.Equal(model, ApiNames.Of(expected));
    }

    [Fact]
    public void GetModel_IsNull_ForChargesThatAreNotUsage()
    {
        Assert.Null(new ChargeSpec { Type = "flat", Model = "graduated" }.GetModel());
    }

    [Theory]
    [InlineData("Flat")]
    [InlineData("FLAT")]
    [InlineData("per_seat")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void ApiNames_AreExactAndCaseSensitive(string? text)
    {
        Assert.False(ApiNames.TryParse(text, out ChargeType _));
    }

    [Fact]
    public void ApiNames_ListsEveryName()
    {
        Assert.Equal(["flat", "perSeat", "oneTime", "usage"], ApiNames.All<ChargeType>());
        Assert.Equal(["sum", "count", "max", "uniqueCount"], ApiNames.All<MetricAggregation>());
        Assert.Equal(["none", "ceilPerEvent"], ApiNames.All<MetricRounding>());
    }
}

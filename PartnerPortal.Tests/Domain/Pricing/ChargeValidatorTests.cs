using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Tests.Domain.Pricing;

public class ChargeValidatorTests
{
    private const string Tiers3 = """[{"upTo":10,"unitPrice":10,"flatFee":2},{"upTo":20,"unitPrice":5,"flatFee":3},{"upTo":null,"unitPrice":5,"flatFee":3}]""";

    [Theory]
    // DESIGN §4 examples and one charge of every type and model.
    [InlineData("""{"type":"flat","amount":49}""")]
    [InlineData("""{"type":"flat","amount":0,"name":"Free tier"}""")]
    [InlineData("""{"type":"perSeat","unitPrice":9.90}""")]
    [InlineData("""{"type":"oneTime","amount":250}""")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"perUnit","unitPrice":0.0000166667,"freeUnits":100}""")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"graduated","tiers":""" + Tiers3 + "}")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"volume","tiers":[{"upTo":100,"unitPrice":2,"flatFee":10},{"upTo":200,"unitPrice":1,"flatFee":0},{"upTo":null,"unitPrice":0.5,"flatFee":50}]}""")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":null,"unitPrice":1}]}""")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"graduated","tiers":[{"upTo":0.1,"unitPrice":10},{"upTo":1,"unitPrice":5},{"upTo":null,"unitPrice":2}]}""")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"package","packageSize":100,"packagePrice":5,"freeUnits":100}""")]
    [InlineData("""{"type":"usage","metric":"payments","model":"percentage","rate":0.01,"fixedFeePerEvent":5,"freeAmount":15}""")]
    [InlineData("""{"type":"usage","metric":"payments","model":"percentage","rate":0,"freeEvents":0,"minPerEvent":1.75,"maxPerEvent":1.75}""")]
    [InlineData("""{"type":"usage","metric":"payments","model":"percentage","rate":1}""")]
    [InlineData("""{"type":"usage","metric":"payments","model":"percentage","rate":0.0000000001}""")]
    [InlineData("""[{"type":"flat","amount":10},{"type":"perSeat","unitPrice":1},{"type":"oneTime","amount":1}]""")]
    // issue 12, item 7: the upper bounds themselves are accepted
    [InlineData("""[{"type":"flat","amount":1000000000},{"type":"perSeat","unitPrice":1000000}]""")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":1000000000000,"unitPrice":1000000,"flatFee":1000000000},{"upTo":null,"unitPrice":1}]}""")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":1000000000000,"packagePrice":1000000000,"freeUnits":1000000000000}""")]
    public void Validate_AcceptsValidCharges(string json)
    {
        Assert.Empty(ChargeValidator.Validate(PricingJson.Charges(json), null, null));
    }

    [Theory]
    [InlineData("[]", "charges")]
    // issue 12, item 7: upper bounds, so that no quote (also prorated) leaves decimal's range
    [InlineData("""{"type":"flat","amount":1000000000.01}""", "charges[0].amount")]
    [InlineData("""{"type":"oneTime","amount":7.9e28}""", "charges[0].amount")]
    [InlineData("""{"type":"perSeat","unitPrice":1000000.01}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":1000001}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":1,"freeUnits":1000000000001}""", "charges[0].freeUnits")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":1000000000001,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":null,"unitPrice":1,"flatFee":1000000001}]}""", "charges[0].tiers[0].flatFee")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":1000000000001,"packagePrice":1}""", "charges[0].packageSize")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":1,"packagePrice":1000000001}""", "charges[0].packagePrice")]
    [InlineData("""{"type":"usage","metric":"p","model":"percentage","rate":0,"fixedFeePerEvent":1000000001}""", "charges[0].fixedFeePerEvent")]
    [InlineData("[null]", "charges[0]")]
    // type
    [InlineData("""{"type":"monthly"}""", "charges[0].type")]
    [InlineData("""{"type":"Flat","amount":1}""", "charges[0].type")]
    [InlineData("""{"type":""}""", "charges[0].type")]
    [InlineData("""{"type":null,"amount":1}""", "charges[0].type")]
    // flat / perSeat / oneTime
    [InlineData("""{"type":"flat"}""", "charges[0].amount")]
    [InlineData("""{"type":"flat","amount":-0.01}""", "charges[0].amount")]
    [InlineData("""{"type":"flat","amount":1.00000000001}""", "charges[0].amount")]
    [InlineData("""{"type":"flat","amount":1,"unitPrice":2}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"flat","amount":1,"metric":"minutes","model":"perUnit"}""", "charges[0].metric", "charges[0].model")]
    [InlineData("""{"type":"perSeat"}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"perSeat","unitPrice":-1}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"perSeat","unitPrice":0.00000000001}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"perSeat","unitPrice":1,"amount":1}""", "charges[0].amount")]
    [InlineData("""{"type":"oneTime"}""", "charges[0].amount")]
    [InlineData("""{"type":"oneTime","amount":-5}""", "charges[0].amount")]
    // usage: metric and model
    [InlineData("""{"type":"usage","model":"perUnit","unitPrice":1}""", "charges[0].metric")]
    [InlineData("""{"type":"usage","metric":" ","model":"perUnit","unitPrice":1}""", "charges[0].metric")]
    [InlineData("""{"type":"usage","metric":"minutes"}""", "charges[0].model")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"tiered"}""", "charges[0].model")]
    [InlineData("""{"type":"usage","metric":"minutes","model":"PerUnit","unitPrice":1}""", "charges[0].model")]
    [InlineData("""{"type":"usage"}""", "charges[0].metric", "charges[0].model")]
    // perUnit
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit"}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":-0.5}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":0.00000000005}""", "charges[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":1,"freeUnits":-1}""", "charges[0].freeUnits")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":1,"tiers":[]}""", "charges[0].tiers")]
    [InlineData("""{"type":"usage","metric":"m","model":"perUnit","unitPrice":1,"amount":3}""", "charges[0].amount")]
    // graduated / volume tiers
    [InlineData("""{"type":"usage","metric":"m","model":"graduated"}""", "charges[0].tiers")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[]}""", "charges[0].tiers")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[null,{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0]")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1},{"upTo":5,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[1].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":10,"unitPrice":1},{"upTo":10,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[1].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":null,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":10,"unitPrice":1},{"upTo":20,"unitPrice":1},{"upTo":30,"unitPrice":1}]}""", "charges[0].tiers[2].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":0,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":-5,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].upTo")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"flatFee":1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":-1},{"upTo":null,"unitPrice":1}]}""", "charges[0].tiers[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1},{"upTo":null,"unitPrice":1,"flatFee":-3}]}""", "charges[0].tiers[1].flatFee")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":null,"unitPrice":0.12345678901}]}""", "charges[0].tiers[0].unitPrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":null,"unitPrice":1}],"freeUnits":10}""", "charges[0].freeUnits")]
    // package
    [InlineData("""{"type":"usage","metric":"m","model":"package","packagePrice":5}""", "charges[0].packageSize")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":0,"packagePrice":5}""", "charges[0].packageSize")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":-100,"packagePrice":5}""", "charges[0].packageSize")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":100}""", "charges[0].packagePrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":100,"packagePrice":-5}""", "charges[0].packagePrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":100,"packagePrice":5,"freeUnits":-1}""", "charges[0].freeUnits")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":0,"packagePrice":-1}""", "charges[0].packageSize", "charges[0].packagePrice")]
    [InlineData("""{"type":"usage","metric":"m","model":"package","packageSize":100,"packagePrice":5,"unitPrice":0.05}""", "charges[0].unitPrice")]
    // percentage
    [InlineData("""{"type":"usage","metric":"m","model":"percentage"}""", "charges[0].rate")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":1.3}""", "charges[0].rate")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":-0.01}""", "charges[0].rate")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.00000000001}""", "charges[0].rate")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"fixedFeePerEvent":-1}""", "charges[0].fixedFeePerEvent")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"freeEvents":-1}""", "charges[0].freeEvents")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"freeAmount":-15}""", "charges[0].freeAmount")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"minPerEvent":-1}""", "charges[0].minPerEvent")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"maxPerEvent":-1}""", "charges[0].maxPerEvent")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"minPerEvent":5,"maxPerEvent":1}""", "charges[0].minPerEvent")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"packageSize":10}""", "charges[0].packageSize")]
    // name, and paths into later charges
    [InlineData("""{"type":"flat","amount":1,"name":"12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"}""", "charges[0].name")]
    [InlineData("""[{"type":"flat","amount":1},{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1},{"upTo":20,"unitPrice":1},{"upTo":30,"unitPrice":1}]}]""", "charges[1].tiers[2].upTo")]
    [InlineData("""[{"type":"flat"},{"type":"usage","metric":"m","model":"volume"},{"type":"oneTime","amount":-1}]""", "charges[0].amount", "charges[1].tiers", "charges[2].amount")]
    public void Validate_ReportsEachErrorWithItsFieldPath(string json, params string[] expectedFields)
    {
        var errors = ChargeValidator.Validate(PricingJson.Charges(json), null, null);

        Assert.Equal(expectedFields, errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Matches(@"^\S.*\.$", e.Message));
    }

    [Fact]
    public void Validate_ReportsBothTierErrors_WhenTheLastTierIsBoundedAndNotAscending()
    {
        var errors = ChargeValidator.Validate(
            PricingJson.Charges("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1},{"upTo":5,"unitPrice":1}]}"""),
            null, null);

        Assert.Equal(["charges[0].tiers[1].upTo", "charges[0].tiers[1].upTo"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"type":"flat"}""", "amount is required for a flat charge.")]
    [InlineData("""{"type":"monthly"}""", "'monthly' is not a charge type: use one of flat, perSeat, oneTime, usage.")]
    [InlineData("""{"type":"usage","metric":"m","model":"tiered"}""", "'tiered' is not a usage model: use one of perUnit, graduated, volume, package, percentage.")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":1.3}""", "rate must be between 0 and 1, a fraction: 0.013 is 1.3 %.")]
    [InlineData("""{"type":"usage","metric":"m","model":"percentage","rate":0.01,"minPerEvent":5,"maxPerEvent":1}""", "minPerEvent (5) must not be greater than maxPerEvent (1).")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":10,"unitPrice":1}]}""", "The last tier must be open: set upTo to null so that every unit has a price.")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":null,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "Only the last tier may be open (upTo null); give this tier an upper bound.")]
    [InlineData("""{"type":"usage","metric":"m","model":"volume","tiers":[{"upTo":10,"unitPrice":1},{"upTo":10,"unitPrice":1},{"upTo":null,"unitPrice":1}]}""", "Tiers must be strictly ascending: upTo must be greater than the previous tier's upTo (10).")]
    [InlineData("""{"type":"perSeat","unitPrice":0.00000000001}""", "unitPrice may have at most 10 decimal places.")]
    [InlineData("""{"type":"flat","amount":1,"rate":0.1}""", "rate does not apply to a flat charge; leave it out.")]
    [InlineData("""{"type":"usage","metric":"m","model":"graduated","tiers":[{"upTo":null,"unitPrice":1}],"freeUnits":10}""", "freeUnits does not apply to the graduated model; leave it out.")]
    public void Validate_ExplainsTheProblemInPlainEnglish(string json, string expectedMessage)
    {
        var error = Assert.Single(ChargeValidator.Validate(PricingJson.Charges(json), null, null));

        Assert.Equal(expectedMessage, error.Message);
    }

    [Theory]
    [InlineData("minutes", new[] { "minutes", "gb_seconds" }, null)]
    [InlineData("calls", new[] { "minutes", "gb_seconds" }, "'calls' is not a metric of this app: use one of gb_seconds, minutes.")]
    [InlineData("Minutes", new[] { "minutes" }, "'Minutes' is not a metric of this app: use one of minutes.")]
    [InlineData("minutes", new string[0], "'minutes' is not a metric of this app; the app defines no metrics.")]
    public void Validate_ChecksTheMetricAgainstTheAppsMetrics_WhenKnown(string metric, string[] known, string? expectedMessage)
    {
        var charges = new[] { new ChargeSpec { Type = "usage", Metric = metric, Model = "perUnit", UnitPrice = 1m } };

        var errors = ChargeValidator.Validate(charges, new HashSet<string>(known, StringComparer.Ordinal), null);
        var withoutKnownMetrics = ChargeValidator.Validate(charges, null, null);

        Assert.Empty(withoutKnownMetrics);
        if (expectedMessage is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal("charges[0].metric", error.Field);
            Assert.Equal(expectedMessage, error.Message);
        }
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("100", false)]
    [InlineData("0.0000000001", false)]
    [InlineData("-0.01", true)]
    [InlineData("0.00000000001", true)]
    [InlineData("1000000000", false)]
    [InlineData("1000000000.01", true)]
    [InlineData("79000000000000000000000000000", true)]
    public void Validate_ChecksTheMinimumCommitment(string minimum, bool invalid)
    {
        var errors = ChargeValidator.Validate(PricingJson.Charges("""{"type":"flat","amount":1}"""), null, PricingJson.D(minimum));

        Assert.Equal(invalid ? ["minimumCommitment"] : Array.Empty<string>(), errors.Select(e => e.Field));
    }
}

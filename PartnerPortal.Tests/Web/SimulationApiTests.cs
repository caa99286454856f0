using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Simulations through the real pipeline on a portal of its own (clock 2026-11-26), two settled periods, amounts by hand.
/// Reseller R (under distributor D) has customer A since 2026-09-01 with an app subscription (category Communication,
/// platform fee 20 %): flat 100.00 + 0.05 per started minute, one minute used each month → revenue 100.05, platform fee
/// 20.01. R's plan pays 15 % on Communication → 15.0075 → 15.01; D's plan overrides 2 % → 2.001 → 2.00.
/// Platform net as settled: 20.01 − 15.01 − 2.00 = 3.00.
/// </summary>
public sealed class SimulationApiTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:DemoData"] = "false" });

    public void Dispose() => _app.Dispose();

    private sealed record World(SettlementWorld W, Guid Distributor, Guid Reseller, Guid ResellerPlan, Guid DistributorPlan);

    private async Task<World> SettledWorldAsync()
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var distributor = await w.PartnerAsync("Distributor", "Nord Distribution");
        var reseller = await w.PartnerAsync("Reseller", "Systemhaus R", distributor);
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m,
            [new { type = "flat", amount = 100m }, new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.05m }]);
        var customer = await w.CustomerAsync(reseller, "2026-09-01");
        var sub = await w.SubscribeAsync(customer, version, "2026-09-01");
        await w.UsageAsync(await w.KeyAsync(isv),
            new { id = "s-1", subscriptionId = sub, metric = "minutes", quantity = 1m, timestamp = "2026-09-10T09:00:00Z" },
            new { id = "o-1", subscriptionId = sub, metric = "minutes", quantity = 1m, timestamp = "2026-10-10T09:00:00Z" });
        var resellerPlan = await w.CommissionPlanAsync(new
        {
            name = "Reseller Standard", baseRate = 0.10m, categoryRates = new Dictionary<string, decimal> { ["communication"] = 0.15m }, status = "Published",
        });
        var distributorPlan = await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" });
        await w.AssignAsync(reseller, resellerPlan, "2026-01-01");
        await w.AssignAsync(distributor, distributorPlan, "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-09"));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        return new World(w, distributor, reseller, resellerPlan, distributorPlan);
    }

    private static async Task<List<JsonElement>> RowsAsync(SettlementWorld w, object body) =>
        (await w.PostAsync("/api/v1/simulations", body, HttpStatusCode.OK)).GetProperty("rows").EnumerateArray().ToList();

    private static JsonElement Row(List<JsonElement> rows, Guid partner, string period) =>
        rows.Single(r => r.GetProperty("partnerId").GetGuid() == partner && r.GetProperty("period").GetString() == period);

    private static decimal D(JsonElement row, string field) => row.GetProperty(field).GetDecimal();

    [Fact]
    public async Task Simulate_Candidate_HandComputedRows_ForResellerAndDistributor()
    {
        var x = await SettledWorldAsync();
        // 18 % on Communication: 100.05 × 0.18 = 18.009 → 18.01; no override rate of its own.
        var candidate = await x.W.CommissionPlanAsync(new
        {
            name = "Provision 2027", baseRate = 0.12m, categoryRates = new Dictionary<string, decimal> { ["Communication"] = 0.18m }, status = "Pilot",
        });

        var rows = await RowsAsync(x.W, new { commissionPlanId = candidate, partnerIds = new[] { x.Reseller, x.Distributor }, fromPeriod = "2026-09", toPeriod = "2026-10" });

        Assert.Equal(4, rows.Count);
        foreach (var period in new[] { "2026-09", "2026-10" })
        {
            // The reseller under the candidate: commission 15.01 → 18.01; the distributor's override (its own plan) stays 2.00.
            var r = Row(rows, x.Reseller, period);
            Assert.Equal((15.01m, 18.01m, 3.00m, 0.00m), (D(r, "current"), D(r, "simulated"), D(r, "platformMarginCurrent"), D(r, "platformMarginSimulated")));
            // The distributor under the candidate: override 2.00 → 0 (overrideRate 0); the reseller keeps its 15.01.
            var d = Row(rows, x.Distributor, period);
            Assert.Equal((2.00m, 0.00m, 3.00m, 5.00m), (D(d, "current"), D(d, "simulated"), D(d, "platformMarginCurrent"), D(d, "platformMarginSimulated")));
        }
    }

    [Fact]
    public async Task Simulate_TheAssignedTerms_GivesExactlyTheSettledCommissions()
    {
        var x = await SettledWorldAsync();
        // The candidates carry the assigned plans' terms (a published plan is no candidate: it is refused below).
        var sameAsReseller = await x.W.CommissionPlanAsync(new
        {
            name = "Same as reseller", baseRate = 0.10m, categoryRates = new Dictionary<string, decimal> { ["communication"] = 0.15m }, status = "Draft",
        });
        var sameAsDistributor = await x.W.CommissionPlanAsync(new { name = "Same as distributor", baseRate = 0m, overrideRate = 0.02m, status = "Pilot" });

        var resellerRows = await RowsAsync(x.W, new { commissionPlanId = sameAsReseller, partnerIds = new[] { x.Reseller }, fromPeriod = "2026-09", toPeriod = "2026-10" });
        var distributorRows = await RowsAsync(x.W, new { commissionPlanId = sameAsDistributor, partnerIds = new[] { x.Distributor }, fromPeriod = "2026-09", toPeriod = "2026-10" });

        foreach (var period in new[] { "2026-09", "2026-10" })
        {
            var statement = await x.W.GetAsync($"/api/v1/partners/{x.Reseller}/statements/{period}");
            var settled = statement.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "commission").Sum(l => l.GetProperty("amount").GetDecimal());
            var r = Row(resellerRows, x.Reseller, period);
            Assert.Equal(settled, D(r, "current"));
            Assert.Equal(settled, D(r, "simulated"));
            Assert.Equal(D(r, "platformMarginCurrent"), D(r, "platformMarginSimulated"));

            var dStatement = await x.W.GetAsync($"/api/v1/partners/{x.Distributor}/statements/{period}");
            var dRow = Row(distributorRows, x.Distributor, period);
            Assert.Equal(dStatement.GetProperty("total").GetDecimal(), D(dRow, "current"));
            Assert.Equal(D(dRow, "current"), D(dRow, "simulated"));
            Assert.Equal(D(dRow, "platformMarginCurrent"), D(dRow, "platformMarginSimulated"));
        }
    }

    [Fact]
    public async Task Simulate_AllPartners_AreThoseTheRangeConcerns_AndTheAssignedTermsReplayTiersAndDurationsExactly()
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var distributor = await w.PartnerAsync("Distributor", "Nord Distribution");
        var reseller = await w.PartnerAsync("Reseller", "Systemhaus R", distributor);
        var standalone = await w.PartnerAsync("Reseller", "Solo IT");
        var idle = await w.PartnerAsync("Reseller", "Ohne Kunden");
        var (_, version) = await w.AppAsync(isv, "Finance", 0.2m, [new { type = "flat", amount = 100m }]);
        // Reseller: September 100.00 + 53.33 (from the 15th: 16/30) = 153.33, above the first tier's 150 → 12 %;
        // October 100 + 100 + 100 = 300 → 12 %, but only the customer attributed in October earns (one month each).
        await w.SubscribeAsync(await w.CustomerAsync(reseller, "2026-09-01"), version, "2026-09-01");
        await w.SubscribeAsync(await w.CustomerAsync(reseller, "2026-09-15"), version, "2026-09-15");
        await w.SubscribeAsync(await w.CustomerAsync(reseller, "2026-10-01"), version, "2026-10-01");
        await w.SubscribeAsync(await w.CustomerAsync(standalone, "2026-09-01"), version, "2026-09-01");
        var terms = new { baseRate = 0.05m, durationMonths = 1, tiers = new object[] { new { upTo = 150m, rate = 0.10m }, new { upTo = (decimal?)null, rate = 0.12m } } };
        var resellerPlan = await w.CommissionPlanAsync(new { name = "Reseller", terms.baseRate, terms.durationMonths, terms.tiers, status = "Published" });
        await w.AssignAsync(reseller, resellerPlan, "2026-01-01");
        await w.AssignAsync(standalone, await w.CommissionPlanAsync(new { name = "Solo", baseRate = 0.05m, status = "Published" }), "2026-01-01");
        await w.AssignAsync(distributor, await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" }), "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-09"));
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        var same = await w.CommissionPlanAsync(new { name = "Same as reseller", terms.baseRate, terms.durationMonths, terms.tiers, status = "Pilot" });

        var all = await RowsAsync(w, new { commissionPlanId = same, fromPeriod = "2026-09", toPeriod = "2026-10" });

        // Every partner with attributed revenue, its distributor — not the ISV, not a partner without customers.
        Assert.Equal(new[] { distributor, reseller, standalone }.Order(), all.Select(r => r.GetProperty("partnerId").GetGuid()).Distinct().Order());
        Assert.DoesNotContain(all, r => r.GetProperty("partnerId").GetGuid() == idle);
        Assert.Equal(6, all.Count);
        // 153.33 × 12 % = 18.40 as 12.00 + 6.40; October: only the October customer, 100 × 12 % = 12.00.
        var expected = new Dictionary<string, decimal> { ["2026-09"] = 18.40m, ["2026-10"] = 12.00m };
        foreach (var (period, commission) in expected)
        {
            var statement = await w.GetAsync($"/api/v1/partners/{reseller}/statements/{period}");
            var settled = statement.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "commission")
                .Sum(l => l.GetProperty("amount").GetDecimal());
            Assert.Equal(commission, settled);
            var r = Row(all, reseller, period);
            Assert.Equal((settled, settled), (D(r, "current"), D(r, "simulated")));
            Assert.Equal(D(r, "platformMarginCurrent"), D(r, "platformMarginSimulated"));
        }
    }

    [Fact]
    public async Task Simulate_WritesNothing_EveryTableByteForByte()
    {
        var x = await SettledWorldAsync();
        var candidate = await x.W.CommissionPlanAsync(new { name = "Candidate", baseRate = 0.2m, overrideRate = 0.05m, serviceFeeRate = 0.1m, status = "Pilot" });
        var before = await SnapshotAsync();

        var all = await RowsAsync(x.W, new { commissionPlanId = candidate, fromPeriod = "2026-09", toPeriod = "2026-10" });
        Assert.Contains(all, r => r.GetProperty("partnerId").GetGuid() == x.Reseller);
        Assert.Contains(all, r => r.GetProperty("partnerId").GetGuid() == x.Distributor);
        await RowsAsync(x.W, new { commissionPlanId = candidate, partnerIds = new[] { x.Reseller }, fromPeriod = "2026-10", toPeriod = "2026-10" });

        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Every row of every table of the database, in rowid order, as text.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = await _app.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        Assert.Contains("RevenueLines", tables);
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            text.Append("## ").AppendLine(table);
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                text.AppendLine();
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task Simulate_BadInput_IsAProblemNamingTheField()
    {
        var x = await SettledWorldAsync();
        var candidate = await x.W.CommissionPlanAsync(new { name = "Candidate", baseRate = 0.2m, status = "Draft" });
        var retired = await x.W.CommissionPlanAsync(new { name = "Old", baseRate = 0.2m, status = "Published" });
        await x.W.PostAsync($"/api/v1/commission-plans/{retired}/status", new { status = "Retired" }, HttpStatusCode.OK);
        var unknown = Guid.NewGuid();

        async Task Bad(object body, string field)
        {
            var problem = await x.W.PostAsync("/api/v1/simulations", body, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} not in {problem}");
        }

        await Bad(new { commissionPlanId = x.ResellerPlan, fromPeriod = "2026-09", toPeriod = "2026-10" }, "commissionPlanId"); // Published
        await Bad(new { commissionPlanId = retired, fromPeriod = "2026-09", toPeriod = "2026-10" }, "commissionPlanId");
        await Bad(new { commissionPlanId = Guid.NewGuid(), fromPeriod = "2026-09", toPeriod = "2026-10" }, "commissionPlanId");
        await Bad(new { fromPeriod = "2026-09", toPeriod = "2026-10" }, "commissionPlanId");
        await Bad(new { commissionPlanId = candidate, fromPeriod = "2026-08", toPeriod = "2026-10" }, "fromPeriod"); // August is not settled
        await Bad(new { commissionPlanId = candidate, fromPeriod = "2026-09", toPeriod = "2026-11" }, "toPeriod"); // November has not ended
        await Bad(new { commissionPlanId = candidate, fromPeriod = "2023-10", toPeriod = "2026-10" }, "toPeriod"); // 37 periods
        await Bad(new { commissionPlanId = candidate, fromPeriod = "2026-10", toPeriod = "2026-09" }, "fromPeriod");
        await Bad(new { commissionPlanId = candidate, fromPeriod = "2026-9x", toPeriod = "2026-10" }, "fromPeriod");
        await Bad(new { commissionPlanId = candidate, partnerIds = new[] { x.Reseller, unknown }, fromPeriod = "2026-09", toPeriod = "2026-10" }, "partnerIds[1]");
        await Bad(new { commissionPlanId = candidate, partnerIds = Array.Empty<Guid>(), fromPeriod = "2026-09", toPeriod = "2026-10" }, "partnerIds");

        // 36 periods are fine as far as the range goes (the unsettled ones are what is refused then).
        var problem = await x.W.PostAsync("/api/v1/simulations", new { commissionPlanId = candidate, fromPeriod = "2023-11", toPeriod = "2026-10" }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("fromPeriod", out _));
    }

    [Fact]
    public async Task Simulate_IsTheOperators_PartnersGet403()
    {
        var x = await SettledWorldAsync();
        var candidate = await x.W.CommissionPlanAsync(new { name = "Candidate", baseRate = 0.2m, status = "Pilot" });
        using var reseller = _app.ApiClient(await x.W.KeyAsync(x.Reseller));
        var response = await reseller.PostAsJsonAsync("/api/v1/simulations", new { commissionPlanId = candidate, partnerIds = new[] { x.Reseller }, fromPeriod = "2026-09", toPeriod = "2026-10" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

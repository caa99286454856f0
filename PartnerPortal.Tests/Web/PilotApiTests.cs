using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Pilot programs through the real pipeline: the operator shares a candidate, a pilot partner sees it over its settled
/// October (revenue 100.00 flat, Communication: 15 % settled = 15.00; candidate 18 % = 18.00) and leaves feedback;
/// non-pilots see nothing; publishing assigns and mails in one step.
/// </summary>
public sealed class PilotApiTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:DemoData"] = "false" });

    public void Dispose() => _app.Dispose();

    private async Task<(SettlementWorld W, Guid Pilot, Guid Other, Guid Candidate)> WorldAsync()
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var pilot = (await w.PostAsync("/api/v1/partners", new { kind = "Reseller", name = "Pilot GmbH", country = "DE", email = "pilot@partner.example", pilot = true }))
            .GetProperty("id").GetGuid();
        var other = await w.PartnerAsync("Reseller", "Kein Pilot GmbH");
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m, [new { type = "flat", amount = 100m }]);
        await w.SubscribeAsync(await w.CustomerAsync(pilot, "2026-09-01"), version, "2026-09-01");
        await w.SubscribeAsync(await w.CustomerAsync(other, "2026-09-01"), version, "2026-09-01");
        var standard = await w.CommissionPlanAsync(new
        {
            name = "Standard", baseRate = 0.10m, categoryRates = new Dictionary<string, decimal> { ["Communication"] = 0.15m }, status = "Published",
        });
        await w.AssignAsync(pilot, standard, "2026-01-01");
        await w.AssignAsync(other, standard, "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        var candidate = await w.CommissionPlanAsync(new
        {
            name = "Provision 2027", baseRate = 0.12m, categoryRates = new Dictionary<string, decimal> { ["Communication"] = 0.18m }, status = "Draft",
        });
        return (w, pilot, other, candidate);
    }

    [Fact]
    public async Task SharedCandidate_PilotSeesItsHistory_AndLeavesFeedback_TheOperatorReadsIt()
    {
        var (w, pilot, other, candidate) = await WorldAsync();
        using var pilotClient = _app.ApiClient(await w.KeyAsync(pilot));
        using var otherClient = _app.ApiClient(await w.KeyAsync(other));

        // Not shared yet: the pilot is not shown it.
        Assert.Equal(HttpStatusCode.NotFound, (await pilotClient.GetAsync($"/api/v1/commission-plans/{candidate}/pilot-view")).StatusCode);
        await w.PostAsync($"/api/v1/commission-plans/{candidate}/feedback", new { rating = 4, comment = "x" }, HttpStatusCode.NotFound, pilotClient);

        var share = await w.PostAsync($"/api/v1/commission-plans/{candidate}/pilot-share", new { }, HttpStatusCode.OK);
        Assert.Equal("Pilot", share.GetProperty("status").GetString()); // a shared draft becomes Pilot

        var view = await w.GetAsync($"/api/v1/commission-plans/{candidate}/pilot-view", pilotClient);
        var october = Assert.Single(view.GetProperty("months").EnumerateArray());
        Assert.Equal("2026-10", october.GetProperty("period").GetString());
        Assert.Equal(15.00m, october.GetProperty("current").GetDecimal());
        Assert.Equal(18.00m, october.GetProperty("simulated").GetDecimal());
        Assert.Single((await w.GetAsync("/api/v1/pilot-candidates", pilotClient)).EnumerateArray());
        Assert.Contains("Provision 2027", (await pilotClient.GetStringAsync("/api/v1/commission-plans")));

        var feedback = await w.PostAsync($"/api/v1/commission-plans/{candidate}/feedback", new { rating = 5, comment = "Lohnt sich für uns." }, HttpStatusCode.Created, pilotClient);
        Assert.Equal(5, feedback.GetProperty("rating").GetInt32());
        var bad = await w.PostAsync($"/api/v1/commission-plans/{candidate}/feedback", new { rating = 6, comment = "" }, HttpStatusCode.BadRequest, pilotClient);
        Assert.True(bad.GetProperty("errors").TryGetProperty("rating", out _));

        // A partner that is no pilot never sees the candidate, and cannot give feedback.
        Assert.Empty((await w.GetAsync("/api/v1/pilot-candidates", otherClient)).EnumerateArray());
        Assert.DoesNotContain("Provision 2027", await otherClient.GetStringAsync("/api/v1/commission-plans"));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherClient.GetAsync($"/api/v1/commission-plans/{candidate}/pilot-view")).StatusCode);
        await w.PostAsync($"/api/v1/commission-plans/{candidate}/feedback", new { rating = 1, comment = "x" }, HttpStatusCode.Forbidden, otherClient);

        var list = await w.GetAsync($"/api/v1/commission-plans/{candidate}/feedback");
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Pilot GmbH", only.GetProperty("partnerName").GetString());
        Assert.Equal("Lohnt sich für uns.", only.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Publish_AssignsAndMails_InOneStep_AndRefusesBadInputChangingNothing()
    {
        var (w, pilot, other, candidate) = await WorldAsync();
        await w.PostAsync($"/api/v1/commission-plans/{candidate}/pilot-share", new { }, HttpStatusCode.OK);

        // One bad partner: nothing happens (the plan stays Pilot, nobody is assigned or mailed).
        var bad = await w.PostAsync($"/api/v1/commission-plans/{candidate}/publish", new { effectiveFrom = "2027-01-01", partnerIds = new[] { pilot, Guid.NewGuid() } },
            HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("partnerIds[1]", out _));
        Assert.Equal("Pilot", (await w.GetAsync($"/api/v1/commission-plans/{candidate}")).GetProperty("status").GetString());
        var noDate = await w.PostAsync($"/api/v1/commission-plans/{candidate}/publish", new { effectiveFrom = "2027-13-01", partnerIds = new[] { pilot } }, HttpStatusCode.BadRequest);
        Assert.True(noDate.GetProperty("errors").TryGetProperty("effectiveFrom", out _));
        // Before the partner's current assignment (open-date rules of assignments): refused, naming the partner.
        var before = await w.PostAsync($"/api/v1/commission-plans/{candidate}/publish", new { effectiveFrom = "2025-06-01", partnerIds = new[] { pilot } }, HttpStatusCode.BadRequest);
        Assert.True(before.GetProperty("errors").TryGetProperty("partnerIds[0]", out _));

        var published = await w.PostAsync($"/api/v1/commission-plans/{candidate}/publish", new { effectiveFrom = "2027-01-01", partnerIds = new[] { pilot, other } },
            HttpStatusCode.OK);
        Assert.Equal("Published", published.GetProperty("status").GetString());
        Assert.Equal(2, published.GetProperty("emails").GetInt32());
        foreach (var partner in new[] { pilot, other })
        {
            var plans = await w.GetAsync($"/api/v1/partners/{partner}/commission-plan");
            Assert.Contains(plans.GetProperty("history").EnumerateArray(), a => a.GetProperty("commissionPlanId").GetGuid() == candidate
                && a.GetProperty("effectiveFrom").GetString() == "2027-01-01");
        }

        await using var db = await _app.DbAsync();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.To == "pilot@partner.example").ToListAsync();
        var mail = Assert.Single(mails);
        Assert.Contains("01.01.2027", mail.Subject);
        Assert.Contains("18,00", mail.HtmlBody); // the Communication rate, in German
        Assert.Contains("12,00", mail.HtmlBody);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "commissionPlan.assigned" && a.PartnerId == pilot));

        // Published: no longer a candidate.
        await w.PostAsync($"/api/v1/commission-plans/{candidate}/publish", new { effectiveFrom = "2027-01-01", partnerIds = new[] { pilot } }, HttpStatusCode.BadRequest);
    }
}

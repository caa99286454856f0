using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The settlement on real Hangfire storage (the SQLite file of the embedded default) with a Hangfire server running:
/// the demo world's October is drafted at start; settling it again through the API fans out into batch jobs that the
/// server runs, and the new attempt's result equals the first one to the cent.
/// </summary>
public sealed class SettlementJobTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new() { ["Portal:Jobs:RunServer"] = "true" });

    [Fact]
    public void MonthlyJob_IsRegisteredOnce_On1stAt0300_InThePortalTimeZone()
    {
        _app.CreateClient().Dispose();
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == SettlementJobs.MonthlyId);
        Assert.Equal("0 3 1 * *", job.Cron);
        Assert.Equal("Europe/Berlin", job.TimeZoneId);
    }

    [Fact]
    public async Task SettleThroughTheApi_RunsOnHangfire_AndReplacesTheDraftWithTheSameResult()
    {
        var w = new SettlementWorld(_app);
        var first = await w.GetAsync("/api/v1/settlements/2026-10");
        Assert.Equal("Draft", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("attempt").GetInt32());
        Assert.True(first.GetProperty("totals").GetProperty("revenue").GetDecimal() > 0m);

        var started = await w.PostAsync("/api/v1/settlements", new { period = "2026-10" }, HttpStatusCode.Accepted);
        Assert.Equal(2, started.GetProperty("attempt").GetInt32());

        // Wait for the state, not for time: the run of attempt 2 leaves Running when its last batch job closed it.
        JsonElement run = default;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            run = await w.GetAsync("/api/v1/settlements/2026-10");
            if (run.GetProperty("status").GetString() != "Running") break;
            await Task.Delay(200);
        }

        Assert.Equal("Draft", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("attempt").GetInt32());
        Assert.Equal(first.GetProperty("totals").ToString(), run.GetProperty("totals").ToString());
        Assert.Equal(first.GetProperty("statements").GetInt32(), run.GetProperty("statements").GetInt32());
    }

    public void Dispose() => _app.Dispose();
}

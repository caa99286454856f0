using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// No export hangs (the rule is <see cref="ExportJobs"/>' class comment): on an app of its own with real Hangfire storage
/// and a Hangfire server, an export whose job Hangfire lost is queued again by the recovery job and finishes; one that no
/// worker starts within the queue timeout fails, and the next request starts anew; a build that stalled (its process
/// died) is restarted as a new attempt, and after the last allowed attempt stalled too it fails. The recovery job runs on
/// the Hangfire server (triggered); time is the test clock; the tests wait for states.
/// </summary>
public sealed class TakeBackRecoveryTests : IDisposable
{
    private readonly LosingPortalFactory _app = new();

    [Fact]
    public async Task AnExportWhoseJobWasLost_IsQueuedAgain_AndFinishes_OneNeverStartedFails_AndTheNextRequestStartsAnew()
    {
        var world = await new TakeBackWorld(_app).BuildAsync(eventsEach: 3, start: "2026-10-01", day: "2026-10-20");
        using var reseller = _app.ApiClient(world.ResellerKey);

        // Hangfire loses the job of the request: the export is queued, nothing runs it, and a second request answers it.
        _app.Jobs.LoseNextExport();
        var lost = await RequestAsync(world, world.Customer1, reseller);
        Assert.Equal(lost, await RequestAsync(world, world.Customer1, reseller));
        Assert.Empty((await RecoverHereAsync()).Requeued); // not yet: it is younger than RequeueAfter
        Assert.Equal("Queued", (await GetAsync(world, world.Customer1, lost, reseller)).GetProperty("status").GetString());

        // Past RequeueAfter the recovery job (on the Hangfire server) queues it again; the server builds it.
        _app.Clock.Advance(ExportJobs.RequeueAfter + TimeSpan.FromMinutes(1));
        TriggerRecovery();
        var ready = await world.WaitForExportAsync(world.Customer1, lost, reseller, "Queued", "Running");
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        var zip = await (await reseller.GetAsync(ready.GetProperty("downloadUrl").GetString())).Content.ReadAsByteArrayAsync();
        Assert.Contains("manifest.json", TakeBackWorld.Entries(zip).Keys);
        Assert.Equal(1, await AttemptOfAsync(lost));

        // Lost again and never started within the queue timeout: Failed, and the next request is a new export that finishes.
        _app.Jobs.LoseNextExport();
        var never = await RequestAsync(world, world.Customer2, reseller);
        _app.Clock.Advance(ExportJobs.QueueTimeout + TimeSpan.FromMinutes(1));
        TriggerRecovery();
        var failed = await world.WaitForExportAsync(world.Customer2, never, reseller, "Queued");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("not started", failed.GetProperty("error").GetString());
        var anew = await RequestAsync(world, world.Customer2, reseller);
        Assert.NotEqual(never, anew);
        Assert.Equal("Ready", (await world.WaitForExportAsync(world.Customer2, anew, reseller, "Queued", "Running")).GetProperty("status").GetString());
        Assert.Equal("Failed", (await GetAsync(world, world.Customer2, never, reseller)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AStalledBuild_IsRestartedAsANewAttempt_UntilTheLastAttemptStalls_ThenItFails()
    {
        var world = await new TakeBackWorld(_app).BuildAsync(eventsEach: 3, start: "2026-10-01", day: "2026-10-20");
        using var reseller = _app.ApiClient(world.ResellerKey);

        // A build that claimed the export, stored a chunk and died with its process (its job is gone).
        _app.Jobs.LoseNextExport();
        var died = await RequestAsync(world, world.Customer1, reseller);
        await DieWhileBuildingAsync(died, attempt: 1);
        Assert.Equal(died, await RequestAsync(world, world.Customer1, reseller)); // the running one is answered

        // Signs of life within StallTimeout keep it running: the recovery job leaves it alone.
        _app.Clock.Advance(ExportJobs.StallTimeout - TimeSpan.FromMinutes(1));
        var early = await RecoverHereAsync();
        Assert.DoesNotContain(died, early.Restarted.Concat(early.Failed).Concat(early.Requeued));

        // Past StallTimeout it is queued again and built from scratch as attempt 2: the dead build's chunk is gone.
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        TriggerRecovery();
        var ready = await world.WaitForExportAsync(world.Customer1, died, reseller, "Running", "Queued");
        Assert.Equal("Ready", ready.GetProperty("status").GetString());
        Assert.Equal(2, await AttemptOfAsync(died));
        var zip = await (await reseller.GetAsync(ready.GetProperty("downloadUrl").GetString())).Content.ReadAsByteArrayAsync();
        Assert.Equal(ready.GetProperty("sha256").GetString(), TakeBackWorld.Sha256(zip));
        Assert.Contains("manifest.json", TakeBackWorld.Entries(zip).Keys);

        // The last allowed attempt stalls as well: Failed, with nothing stored, and the next request starts a new export.
        _app.Jobs.LoseNextExport();
        var stalled = await RequestAsync(world, world.Customer2, reseller);
        await DieWhileBuildingAsync(stalled, attempt: ExportJobs.MaxAttempts);
        _app.Clock.Advance(ExportJobs.StallTimeout + TimeSpan.FromMinutes(1));
        TriggerRecovery();
        var failed = await world.WaitForExportAsync(world.Customer2, stalled, reseller, "Running");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains($"{ExportJobs.MaxAttempts} times", failed.GetProperty("error").GetString());
        await using (var db = await _app.DbAsync())
        {
            Assert.False(await db.CustomerExportChunks.AnyAsync(c => c.ExportId == stalled));
            Assert.Null((await db.CustomerExports.AsNoTracking().SingleAsync(x => x.Id == stalled)).ActiveCustomerId);
        }

        var anew = await RequestAsync(world, world.Customer2, reseller);
        Assert.NotEqual(stalled, anew);
        Assert.Equal("Ready", (await world.WaitForExportAsync(world.Customer2, anew, reseller, "Queued", "Running")).GetProperty("status").GetString());
    }

    private static async Task<Guid> RequestAsync(TakeBackWorld world, Guid customerId, HttpClient client) =>
        (await world.W.PostAsync($"/api/v1/customers/{customerId}/exports", new { }, HttpStatusCode.Accepted, client)).GetProperty("id").GetGuid();

    private static Task<JsonElement> GetAsync(TakeBackWorld world, Guid customerId, Guid exportId, HttpClient client) =>
        world.W.GetAsync($"/api/v1/customers/{customerId}/exports/{exportId}", client);

    /// <summary>What a build leaves when its process dies: the export Running in <paramref name="attempt"/>, a heartbeat now, a chunk.</summary>
    private async Task DieWhileBuildingAsync(Guid exportId, int attempt)
    {
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await using var db = await _app.DbAsync();
        Assert.Equal(1, await db.CustomerExports.Where(x => x.Id == exportId && x.Status == ExportStatus.Queued).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.Status, ExportStatus.Running).SetProperty(x => x.Attempt, attempt).SetProperty(x => x.StartedAtUtc, now)
            .SetProperty(x => x.HeartbeatAtUtc, now).SetProperty(x => x.Progress, 40)));
        db.CustomerExportChunks.Add(new CustomerExportChunkRecord { ExportId = exportId, Index = 0, Data = [0x50, 0x4b, 0x03] });
        await db.SaveChangesAsync();
    }

    private async Task<int> AttemptOfAsync(Guid exportId)
    {
        await using var db = await _app.DbAsync();
        return await db.CustomerExports.Where(x => x.Id == exportId).Select(x => x.Attempt).SingleAsync();
    }

    /// <summary>The recovery job on the Hangfire server, now (its schedule is every five minutes of real time).</summary>
    private void TriggerRecovery() => _app.Services.GetRequiredService<IRecurringJobManager>().Trigger(ExportJobs.RecoverId);

    /// <summary>The recovery job in this process, to see what it decides (the same class Hangfire runs).</summary>
    private async Task<ExportRecovery> RecoverHereAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ExportJobs>().RecoverAsync(CancellationToken.None);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>The portal with a Hangfire server whose job client can be told to lose the next export job.</summary>
    private sealed class LosingPortalFactory() : PortalFactory(new() { ["Portal:Jobs:RunServer"] = "true", ["Portal:DemoData"] = "false" })
    {
        public LosingJobClient Jobs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IBackgroundJobClient));
                services.Remove(original);
                services.AddSingleton<IBackgroundJobClient>(sp =>
                {
                    var inner = (IBackgroundJobClient)(original.ImplementationInstance ?? original.ImplementationFactory?.Invoke(sp)
                        ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
                    Jobs.Inner = inner;
                    return Jobs;
                });
            });
        }
    }

    /// <summary>Passes every job on, except the next export build after <see cref="LoseNextExport"/>: that one is dropped, as if Hangfire lost it.</summary>
    private sealed class LosingJobClient : IBackgroundJobClient
    {
        private int _loseNext;

        public IBackgroundJobClient Inner { get; set; } = null!;

        public void LoseNextExport() => Interlocked.Exchange(ref _loseNext, 1);

        public string Create(Job job, IState state) =>
            job.Type == typeof(ExportJobs) && job.Method.Name == nameof(ExportJobs.RunAsync) && Interlocked.Exchange(ref _loseNext, 0) == 1
                ? "lost-" + Guid.NewGuid().ToString("N")
                : Inner.Create(job, state);

        public bool ChangeState(string jobId, IState state, string expectedState) => Inner.ChangeState(jobId, state, expectedState);
    }
}

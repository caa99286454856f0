using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Email;

namespace PartnerPortal.Tests.Web;

/// <summary>Jobs on real Hangfire storage (the SQLite file of the embedded default) with a Hangfire server running.</summary>
public sealed class JobTests : IDisposable
{
    private readonly FakeSmtpServer _smtp = new();
    private readonly CustomPortalFactory _app;

    public JobTests()
    {
        _app = new CustomPortalFactory(new()
        {
            ["Portal:Jobs:RunServer"] = "true",
            ["Portal:Smtp:Host"] = "127.0.0.1",
            ["Portal:Smtp:Port"] = _smtp.Port.ToString(),
            ["Portal:Smtp:From"] = "portal@partnerportal.test",
        });
    }

    [Fact]
    public void RecurringJobs_AreRegisteredOnce_WithStableIds_InThePortalTimeZone()
    {
        _app.CreateClient().Dispose();
        var storage = _app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs();
        var delivery = Assert.Single(jobs, j => j.Id == MailDeliveryJob.RecurringId);
        Assert.Equal("Europe/Berlin", delivery.TimeZoneId);
        Assert.Equal(Cron.Minutely(), delivery.Cron);
    }

    [Fact]
    public async Task MailDelivery_RunsOnHangfire_SendsPendingMailThroughSmtp_AndMarksItSent_OnceOnly()
    {
        _app.CreateClient().Dispose();
        var subject = Guid.NewGuid().ToString("N");
        long id;
        await using (var db = await _app.DbAsync())
        {
            var message = Mailer.Enqueue(db, "partner@example.test", "Job test " + subject, "<p>Willkommen</p>", DateTime.UtcNow);
            await db.SaveChangesAsync();
            id = message.Id;
        }

        var jobs = _app.Services.GetRequiredService<IRecurringJobManagerV2>();
        jobs.TriggerJob(MailDeliveryJob.RecurringId);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        DateTime? sent = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await _app.DbAsync();
            sent = await db.OutboxMessages.Where(m => m.Id == id).Select(m => m.SentAtUtc).SingleAsync();
            if (sent is not null) break;
            await Task.Delay(250);
        }
        Assert.NotNull(sent);
        Assert.Contains(_smtp.Messages, m => m.Contains("Subject: Job test " + subject) && m.Contains("partner@example.test"));

        // A second run (at-least-once delivery) sends nothing again.
        var job = ActivatorUtilities.CreateInstance<MailDeliveryJob>(_app.Services.CreateScope().ServiceProvider);
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));
        Assert.Single(_smtp.Messages, m => m.Contains("Subject: Job test " + subject));
    }

    public void Dispose()
    {
        _app.Dispose();
        _smtp.Dispose();
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>A column of an exported table: its name (JSON property and CSV header) and how a row gives its value.</summary>
public sealed record ExportColumn<T>(string Name, Func<T, object?> Value);

/// <summary>One file of the bundle as the manifest lists it.</summary>
public sealed record ExportFile(string Name, string Sha256, long Bytes, long Rows);

/// <summary>What a finished build wrote.</summary>
public sealed record ExportResult(long SizeBytes, string Sha256, int Chunks, long UsageEvents, IReadOnlyList<ExportFile> Files);

/// <summary>
/// Builds a customer's data take-back bundle: a zip with each data set as JSON and as CSV (UTF-8, header row) and a
/// <c>manifest.json</c> that lists every file with its SHA-256, size and row count, the schema version and the time.
/// <para>
/// It STREAMS: usage events are read in keyset pages (by row id, through the subscription's runs, no tracking), each
/// page is written with <see cref="Utf8JsonWriter"/> and CsvHelper straight into the zip entry, which hashes while it
/// writes, and full 1 MiB chunks of the zip go to the database between pages. Memory holds one page and a chunk or two,
/// whatever the number of events; each data set is read twice (once per format: a zip entry is written in one go).
/// Only the customer's own rows are read: every query names its id or one of its subscriptions' ids.
/// </para>
/// </summary>
public sealed class ExportBuilder(PortalDbFactory dbFactory, TimeProvider clock)
{
    public const string SchemaVersion = "1.0";
    public const int EventPageSize = 5000;
    private const int RunPageSize = 1000;
    /// <summary>The longest a build goes without a sign of life (far below <see cref="ExportJobs.StallTimeout"/>).</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions ChargesJson = new(JsonSerializerDefaults.Web);

    public async Task<ExportResult> BuildAsync(Guid exportId, int attempt, Guid customerId, Func<int, Task> reportProgress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateForAsync(Tenant.System, ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var customer = await db.Customers.Where(c => c.Id == customerId)
            .Select(c => new { c.Id, c.Name, c.Country, c.VatId, c.Postcode, c.CreatedAtUtc }).SingleAsync(ct);
        var attributions = await db.CustomerAttributions.Where(a => a.CustomerId == customerId).OrderBy(a => a.From)
            .Select(a => new { a.Id, a.PartnerId, a.From, a.ToExclusive, a.ChangedBy, a.Reason, a.ChangedAtUtc }).ToListAsync(ct);
        var subscriptions = await db.Subscriptions.Where(s => s.CustomerId == customerId).OrderBy(s => s.StartDate).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.AppId, s.PartnerServiceId, s.PlanId, s.PlanVersionId, s.ContractPartnerId, s.StartDate, s.EndDate, s.Seats, s.CreatedAtUtc })
            .ToListAsync(ct);
        var subscriptionIds = subscriptions.Select(s => s.Id).ToList();
        var versionIds = subscriptions.Select(s => s.PlanVersionId).Distinct().ToList();
        var versions = await db.PlanVersions.Where(v => versionIds.Contains(v.Id)).ToListAsync(ct);
        var planIds = versions.Select(v => v.PlanId).Concat(subscriptions.Select(s => s.PlanId)).Distinct().ToList();
        var plans = await db.Plans.Where(p => planIds.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.Currency }).ToDictionaryAsync(p => p.Id, ct);
        var appIds = subscriptions.Where(s => s.AppId != null).Select(s => s.AppId!.Value).Distinct().ToList();
        var apps = await db.Apps.Where(a => appIds.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var serviceIds = subscriptions.Where(s => s.PartnerServiceId != null).Select(s => s.PartnerServiceId!.Value).Distinct().ToList();
        var services = await db.PartnerServices.Where(s => serviceIds.Contains(s.Id))
            .Select(s => new { s.Id, s.PartnerId, s.Name, s.Description, s.Retired, s.CreatedAtUtc }).ToListAsync(ct);
        var partnerIds = attributions.Select(a => a.PartnerId).Concat(subscriptions.Select(s => s.ContractPartnerId))
            .Concat(services.Select(s => s.PartnerId)).Distinct().ToList();
        var partners = await db.Partners.Where(p => partnerIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var current = attributions.FirstOrDefault(a => a.ToExclusive == null);
        // Progress counts event rows (twice: JSON and CSV); the aggregates know how many there are without reading them.
        var totalEvents = await db.UsageAggregates.Where(a => subscriptionIds.Contains(a.SubscriptionId)).SumAsync(a => (long?)a.Count, ct) ?? 0;

        var exportedAt = clock.GetUtcNow().UtcDateTime;
        await using var sink = new ChunkedExportStream(dbFactory, exportId, attempt, clock);
        var files = new List<ExportFile>();
        long eventsWritten = 0, workDone = 0, lastReported = -1;
        var work = Math.Max(1, 2 * totalEvents);

        var lastReportedAt = clock.GetUtcNow();

        // Progress on every percent of the events; and at least every HeartbeatEvery, whatever the page, as a sign of life.
        async Task AfterPageAsync(int rows, bool events)
        {
            await sink.DrainAsync(ct);
            if (events) workDone += rows;
            var percent = (int)Math.Min(99, workDone * 100 / work);
            var now = clock.GetUtcNow();
            if ((events && percent != lastReported) || now - lastReportedAt >= HeartbeatEvery)
            {
                lastReported = percent;
                lastReportedAt = now;
                await reportProgress(percent);
            }
        }

        using (var zip = new ZipArchive(sink, ZipArchiveMode.Create, leaveOpen: true))
        {
            async Task TableAsync<T>(string name, IReadOnlyList<ExportColumn<T>> columns, Func<IAsyncEnumerable<IReadOnlyList<T>>> pages, bool events = false)
            {
                files.Add(await WriteJsonAsync(zip, name + ".json", columns, pages(), rows => AfterPageAsync(rows, events), ct));
                files.Add(await WriteCsvAsync(zip, name + ".csv", columns, pages(), rows => AfterPageAsync(rows, events), ct));
            }

            await TableAsync("customer", [
                new("id", c => c.Id), new("name", c => c.Name), new("country", c => c.Country), new("vatId", c => c.VatId),
                new("postcode", c => c.Postcode), new("createdAtUtc", c => c.CreatedAtUtc),
                new("partnerId", _ => current?.PartnerId), new("partnerName", _ => current is null ? null : partners.GetValueOrDefault(current.PartnerId)),
                new("attributedFrom", _ => current?.From),
            ], () => One(customer));

            await TableAsync("attributions", [
                new("id", a => a.Id), new("partnerId", a => a.PartnerId), new("partnerName", a => partners.GetValueOrDefault(a.PartnerId)),
                new("from", a => a.From), new("toExclusive", a => a.ToExclusive), new("changedBy", a => a.ChangedBy), new("reason", a => a.Reason),
                new("changedAtUtc", a => a.ChangedAtUtc),
            ], () => Once(attributions));

            await TableAsync("subscriptions", [
                new("id", s => s.Id), new("kind", s => s.AppId != null ? "app" : "service"),
                new("appId", s => s.AppId), new("appName", s => s.AppId is { } a ? apps.GetValueOrDefault(a) : null),
                new("partnerServiceId", s => s.PartnerServiceId),
                new("planId", s => s.PlanId), new("planName", s => plans.GetValueOrDefault(s.PlanId)?.Name),
                new("planVersionId", s => s.PlanVersionId), new("planVersion", s => versions.FirstOrDefault(v => v.Id == s.PlanVersionId)?.Number),
                new("contractPartnerId", s => s.ContractPartnerId), new("contractPartnerName", s => partners.GetValueOrDefault(s.ContractPartnerId)),
                new("startDate", s => s.StartDate), new("endDate", s => s.EndDate), new("seats", s => s.Seats), new("createdAtUtc", s => s.CreatedAtUtc),
            ], () => Once(subscriptions));

            await TableAsync("plan-versions", [
                new("id", v => v.Id), new("planId", v => v.PlanId), new("planName", v => plans.GetValueOrDefault(v.PlanId)?.Name),
                new("version", v => v.Number), new("currency", v => plans.GetValueOrDefault(v.PlanId)?.Currency),
                new("charges", v => JsonSerializer.Serialize(v.Charges, ChargesJson)), new("minimumCommitment", v => v.MinimumCommitment),
                new("createdAtUtc", v => v.CreatedAtUtc),
            ], () => Once(versions.OrderBy(v => v.PlanId).ThenBy(v => v.Number).ToList()));

            await TableAsync("partner-services", [
                new("id", s => s.Id), new("partnerId", s => s.PartnerId), new("partnerName", s => partners.GetValueOrDefault(s.PartnerId)),
                new("name", s => s.Name), new("description", s => s.Description), new("retired", s => s.Retired), new("createdAtUtc", s => s.CreatedAtUtc),
            ], () => Once(services));

            await TableAsync("usage-events", [
                new("id", e => e.EventId), new("subscriptionId", e => e.SubscriptionId), new("metric", e => e.Metric),
                new("quantity", e => e.Quantity), new("billableQuantity", e => e.BillableQuantity), new("timestampUtc", e => e.TimestampUtc),
                new("period", e => PeriodKey.FromInt(e.Period).ToString()), new("properties", e => e.PropertiesJson), new("receivedAtUtc", e => e.ReceivedAtUtc),
            ], () => EventPagesAsync(subscriptionIds, ct), events: true);

            await TableAsync("revenue-lines", [
                new("id", l => l.Id), new("period", l => PeriodKey.FromInt(l.Period).ToString()), new("settlementStatus", l => l.Status.ToString()),
                new("subscriptionId", l => l.SubscriptionId), new("appId", l => l.AppId), new("partnerServiceId", l => l.PartnerServiceId),
                new("contractPartnerId", l => l.ContractPartnerId), new("planVersionId", l => l.PlanVersionId), new("currency", l => l.Currency),
                new("activeDays", l => l.ActiveDays), new("seatDays", l => l.SeatDays), new("used", l => l.Used), new("events", l => l.Events),
                new("revenue", l => l.RevenueCents * 0.01m), new("detail", l => l.DetailJson),
            ], () => RevenuePagesAsync(customerId, ct));

            // The store's own charges (integration services) billed to the customer: a few rows, read in one query.
            var charges = await (from c in db.CustomerCharges
                                 join r in db.SettlementRuns on c.Period equals r.Period
                                 where c.CustomerId == customerId && (r.Status == SettlementStatus.Draft || r.Status == SettlementStatus.Approved)
                                 orderby c.Id
                                 select new { c.Id, c.Period, r.Status, c.IntegrationRequestId, c.RequestingPartnerId, c.Currency, c.AmountCents, c.Description })
                .ToListAsync(ct);
            await TableAsync("customer-charges", [
                new("id", c => c.Id), new("period", c => c.Period.ToString()), new("settlementStatus", c => c.Status.ToString()),
                new("integrationRequestId", c => c.IntegrationRequestId), new("requestingPartnerId", c => c.RequestingPartnerId),
                new("currency", c => c.Currency), new("amount", c => c.AmountCents * 0.01m), new("description", c => c.Description),
            ], () => Once(charges));

            foreach (var file in files.Where(f => f.Name == "usage-events.json")) eventsWritten = file.Rows;

            var manifest = zip.CreateEntry("manifest.json", CompressionLevel.Optimal);
            await using (var entry = manifest.Open())
            await using (var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("schemaVersion", SchemaVersion);
                json.WriteString("exportId", exportId);
                json.WriteString("customerId", customerId);
                json.WriteString("exportedAtUtc", Utc(exportedAt));
                json.WriteStartArray("files");
                foreach (var f in files)
                {
                    json.WriteStartObject();
                    json.WriteString("name", f.Name);
                    json.WriteString("sha256", f.Sha256);
                    json.WriteNumber("bytes", f.Bytes);
                    json.WriteNumber("rows", f.Rows);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }
        }

        var sha = await sink.CompleteAsync(ct);
        return new ExportResult(sink.Length, sha, sink.Chunks, eventsWritten, files);
    }

    /// <summary>An event row as exported (the 16-byte key and the ISV's id stay out).</summary>
    private sealed record EventRow(long Id, string EventId, Guid SubscriptionId, string Metric, decimal Quantity, decimal BillableQuantity,
        DateTime TimestampUtc, int Period, string? PropertiesJson, DateTime ReceivedAtUtc);

    private sealed record RevenueRow(long Id, int Period, SettlementStatus Status, Guid SubscriptionId, Guid? AppId, Guid? PartnerServiceId,
        Guid ContractPartnerId, Guid PlanVersionId, string Currency, int ActiveDays, long SeatDays, bool Used, long Events, long RevenueCents, string DetailJson);

    /// <summary>
    /// The customer's raw events, subscription by subscription, run by run (a run is a contiguous row-id range of one
    /// subscription × period: <see cref="Usage.UsageEventRunRecord"/>), in keyset pages of <see cref="EventPageSize"/> by row id.
    /// Each page is a fresh query on a fresh context, so nothing accumulates.
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<EventRow>> EventPagesAsync(IReadOnlyList<Guid> subscriptionIds,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var subscriptionId in subscriptionIds)
        {
            long afterRun = 0;
            while (true)
            {
                List<(long Id, int Period, long First, long Last)> runs;
                await using (var db = await dbFactory.CreateForAsync(Tenant.System, ct))
                {
                    runs = (await db.UsageEventRuns.AsNoTracking().Where(r => r.SubscriptionId == subscriptionId && r.Id > afterRun).OrderBy(r => r.Id)
                            .Take(RunPageSize).Select(r => new { r.Id, r.Period, r.FirstEventId, r.LastEventId }).ToListAsync(ct))
                        .Select(r => (r.Id, PeriodKey.ToInt(r.Period), r.FirstEventId, r.LastEventId)).ToList();
                }

                if (runs.Count == 0) break;
                afterRun = runs[^1].Id;
                foreach (var run in runs)
                {
                    var after = run.First - 1;
                    while (after < run.Last)
                    {
                        List<EventRow> page;
                        await using (var db = await dbFactory.CreateForAsync(Tenant.System, ct))
                        {
                            var period = PeriodKey.FromInt(run.Period);
                            var afterId = after;
                            page = (await db.UsageEvents.AsNoTracking()
                                    .Where(e => e.Id > afterId && e.Id <= run.Last && e.SubscriptionId == subscriptionId && e.Period == period)
                                    .OrderBy(e => e.Id).Take(EventPageSize)
                                    .Select(e => new { e.Id, e.EventId, e.SubscriptionId, e.Metric, e.Quantity, e.BillableQuantity, e.TimestampUtc, e.Period, e.PropertiesJson, e.ReceivedAtUtc })
                                    .ToListAsync(ct))
                                .Select(e => new EventRow(e.Id, e.EventId, e.SubscriptionId, e.Metric, e.Quantity, e.BillableQuantity, e.TimestampUtc,
                                    PeriodKey.ToInt(e.Period), e.PropertiesJson, e.ReceivedAtUtc)).ToList();
                        }

                        if (page.Count == 0) break;
                        yield return page;
                        if (page.Count < EventPageSize) break;
                        after = page[^1].Id;
                    }
                }
            }
        }
    }

    /// <summary>The settled (draft or approved) revenue lines billed to the customer, in keyset pages by line id.</summary>
    private async IAsyncEnumerable<IReadOnlyList<RevenueRow>> RevenuePagesAsync(Guid customerId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            List<RevenueRow> page;
            await using (var db = await dbFactory.CreateForAsync(Tenant.System, ct))
            {
                var afterId = after;
                page = (await (from l in db.RevenueLines.AsNoTracking()
                               join r in db.SettlementRuns.AsNoTracking() on l.Period equals r.Period
                               where l.CustomerId == customerId && l.Id > afterId && (r.Status == SettlementStatus.Draft || r.Status == SettlementStatus.Approved)
                               orderby l.Id
                               select new { l.Id, l.Period, r.Status, l.SubscriptionId, l.AppId, l.PartnerServiceId, l.ContractPartnerId, l.PlanVersionId, l.Currency,
                                   l.ActiveDays, l.SeatDays, l.Used, l.Events, l.RevenueCents, l.DetailJson })
                        .Take(EventPageSize).ToListAsync(ct))
                    .Select(l => new RevenueRow(l.Id, PeriodKey.ToInt(l.Period), l.Status, l.SubscriptionId, l.AppId, l.PartnerServiceId, l.ContractPartnerId,
                        l.PlanVersionId, l.Currency, l.ActiveDays, l.SeatDays, l.Used, l.Events, l.RevenueCents, l.DetailJson)).ToList();
            }

            if (page.Count == 0) yield break;
            yield return page;
            if (page.Count < EventPageSize) yield break;
            after = page[^1].Id;
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<T>> Once<T>(IReadOnlyList<T> rows)
    {
        await Task.CompletedTask;
        yield return rows;
    }

    private static IAsyncEnumerable<IReadOnlyList<T>> One<T>(T row) => Once<T>([row]);

    private static async Task<ExportFile> WriteJsonAsync<T>(ZipArchive zip, string name, IReadOnlyList<ExportColumn<T>> columns,
        IAsyncEnumerable<IReadOnlyList<T>> pages, Func<int, Task> afterPage, CancellationToken ct)
    {
        long rows = 0;
        await using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await using var hashing = new HashingStream(entry);
        await using (var json = new Utf8JsonWriter(hashing))
        {
            json.WriteStartArray();
            await foreach (var page in pages.WithCancellation(ct))
            {
                foreach (var row in page)
                {
                    json.WriteStartObject();
                    foreach (var column in columns)
                    {
                        json.WritePropertyName(column.Name);
                        WriteJsonValue(json, column.Value(row));
                    }

                    json.WriteEndObject();
                    rows++;
                }

                json.Flush();
                await afterPage(page.Count);
            }

            json.WriteEndArray();
        }

        return new ExportFile(name, hashing.HashHex(), hashing.Length, rows);
    }

    private static async Task<ExportFile> WriteCsvAsync<T>(ZipArchive zip, string name, IReadOnlyList<ExportColumn<T>> columns,
        IAsyncEnumerable<IReadOnlyList<T>> pages, Func<int, Task> afterPage, CancellationToken ct)
    {
        long rows = 0;
        await using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await using var hashing = new HashingStream(entry);
        // CsvHelper writes UTF-8 (no byte order mark) straight to the entry: RFC 4180, CRLF, quoted where needed.
        await using (var csv = CsvWriter.Create(hashing, CsvWriterOptions.Default, leaveOpen: true))
        {
            foreach (var column in columns) csv.WriteField(column.Name);
            csv.EndRecord();
            await foreach (var page in pages.WithCancellation(ct))
            {
                foreach (var row in page)
                {
                    foreach (var column in columns) csv.WriteField(CsvValue(column.Value(row)));
                    csv.EndRecord();
                    rows++;
                }

                csv.Flush();
                await afterPage(page.Count);
            }
        }

        return new ExportFile(name, hashing.HashHex(), hashing.Length, rows);
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case Guid g: json.WriteStringValue(g); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case decimal d: json.WriteNumberValue(d); break;
            case DateTime t: json.WriteStringValue(Utc(t)); break;
            case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static string CsvValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t => Utc(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>ISO 8601 in UTC with a Z (SQLite gives back unspecified kinds; every stored time is UTC).</summary>
    private static string Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Usage;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

public static class UsageLimits
{
    /// <summary>Events per request (AWS and Microsoft take 25, AppDirect 250, Lago 100).</summary>
    public const int MaxEventsPerRequest = 1000;
    /// <summary>Rejections kept in the log per request; the counters count all of them.</summary>
    public const int LoggedRejectionsPerRequest = 100;
    public const int MaxBodyBytes = 8 * 1024 * 1024;
    public const int MaxEventIdLength = 100;
    public const int MaxPropertiesLength = 4000;
    public const int MaxPropertyValueLength = 200;

    /// <summary>
    /// Largest quantity of one event: 10^9. Quantities and their monthly sums are stored as decimal(28,10), which holds
    /// 18 integer digits (below 10^18); the sum of n events of at most 10^9 is at most n × 10^9, so every month's sum fits
    /// for up to <see cref="EventsPerMonthThatAlwaysFit"/> events per subscription and metric (about 380 a second, all
    /// month long, each at the maximum). The old bound (below 10^18 per event) overflowed with two events on SQL Server.
    /// </summary>
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>How many events of <see cref="MaxQuantity"/> a month's aggregate holds: (10^18 − 1) / 10^9, rounded down.</summary>
    public const long EventsPerMonthThatAlwaysFit = 999_999_999;
    public static readonly TimeSpan RejectionRetention = TimeSpan.FromDays(30);
    public static readonly TimeSpan CounterRetention = TimeSpan.FromDays(14);
}

/// <summary>The documented request body of <c>POST /api/v1/usage</c> (the endpoint reads it itself, event by event).</summary>
public sealed record UsageBatchRequest(IReadOnlyList<UsageEventRequest> Events);

public sealed record UsageEventRequest(string Id, Guid SubscriptionId, string Metric, decimal Quantity, DateTimeOffset Timestamp, IReadOnlyDictionary<string, JsonElement>? Properties);

/// <summary>One refused event: its index in the batch, its id (when it had one) and why, plus a stable reason code.</summary>
public sealed record UsageRejection(int Index, string? Id, string Error, string Code);

/// <summary>The answer of <c>POST /api/v1/usage</c>.</summary>
public sealed record UsageIngestResult(int Accepted, int Duplicates, IReadOnlyList<UsageRejection> Rejected);

/// <summary>An event that passed validation, ready for the writer; <see cref="Index"/> is its place in the request. <see cref="EventKey"/> and <see cref="Stored"/> (quantity,
/// billable quantity and time as the provider stores them) are computed on the request's thread, not the single writer's.</summary>
internal sealed record PendingEvent(int Index, string EventId, byte[] EventKey, Guid SubscriptionId, string Metric, decimal Quantity, decimal Billable,
    DateTime TimestampUtc, int Period, int Day, string? PropertiesJson, string? UniqueValue, (object Quantity, object Billable, object TimestampUtc) Stored);

/// <summary>A request's events on their way through the single writer; <see cref="Done"/> completes after the commit.</summary>
internal sealed class PendingBatch(Guid isvPartnerId, List<PendingEvent> events, List<UsageRejection> rejections, DateTime receivedAtUtc)
{
    public Guid IsvPartnerId { get; } = isvPartnerId;
    public List<PendingEvent> Events { get; } = events;
    public List<UsageRejection> Rejections { get; } = rejections;
    public DateTime ReceivedAtUtc { get; } = receivedAtUtc;
    public TaskCompletionSource<(int Accepted, int Duplicates)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Rejection reason codes (stable; the operator's ingest health groups by them).</summary>
public static class UsageReasons
{
    public const string NotAnObject = "notAnObject";
    public const string MissingId = "missingId";
    public const string UnknownSubscription = "unknownSubscription";
    public const string UnknownMetric = "unknownMetric";
    public const string InvalidQuantity = "invalidQuantity";
    public const string NegativeQuantity = "negativeQuantity";
    public const string InvalidTimestamp = "invalidTimestamp";
    public const string BeforeStart = "beforeStart";
    public const string AfterEnd = "afterEnd";
    public const string InFuture = "inFuture";
    public const string InvalidProperties = "invalidProperties";

    public static readonly string[] All =
        [NotAnObject, MissingId, UnknownSubscription, UnknownMetric, InvalidQuantity, NegativeQuantity, InvalidTimestamp, BeforeStart, AfterEnd, InFuture, InvalidProperties];
}

/// <summary>
/// <c>POST /api/v1/usage</c>: reads the body itself, so that one malformed field rejects only its event; judges each
/// event against cached subscription facts; hands the good ones to the <see cref="UsageWriter"/> and answers after
/// the transaction holding them has committed.
/// </summary>
public sealed class UsageIngestService(UsageSubscriptionFacts facts, UsageWriter writer, PortalSettings settings, TimeProvider clock)
{
    public async Task<UsageIngestResult> IngestAsync(Tenant tenant, Stream body, CancellationToken ct)
    {
        if (tenant.Scope != TenantScope.Partner || tenant.PartnerKind != PartnerKind.Isv || tenant.PartnerId is not { } isv)
            throw new RequestRejectedException(StatusCodes.Status403Forbidden, "Only an ISV's API key reports usage.");

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException ex)
        {
            throw RequestRejectedException.Invalid("body", $"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                throw RequestRejectedException.Invalid("events", "The body must be {\"events\":[…]}.");
            var count = events.GetArrayLength();
            if (count > UsageLimits.MaxEventsPerRequest)
                throw RequestRejectedException.Invalid("events", $"A request carries at most {UsageLimits.MaxEventsPerRequest} events; this one has {count}. Nothing was stored.");

            var now = clock.GetUtcNow();
            var batch = await JudgeAsync(isv, events, now, ct);
            var (accepted, duplicates) = await writer.SubmitAsync(batch);
            return new UsageIngestResult(accepted, duplicates, batch.Rejections);
        }
    }

    private async Task<PendingBatch> JudgeAsync(Guid isv, JsonElement events, DateTimeOffset now, CancellationToken ct)
    {
        // One look at the cache (and at most one query) for all the batch's subscriptions.
        var ids = new HashSet<Guid>();
        foreach (var e in events.EnumerateArray())
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("subscriptionId", out var s) && s.ValueKind == JsonValueKind.String && s.TryGetGuid(out var id))
                ids.Add(id);
        var known = await facts.GetAsync(ids, ct);

        var zone = settings.TimeZone;
        var sqlite = settings.Provider == DatabaseProvider.Sqlite;
        var accepted = new List<PendingEvent>(events.GetArrayLength());
        var rejected = new List<UsageRejection>();
        var index = -1;
        foreach (var e in events.EnumerateArray())
        {
            index++;
            var result = Judge(isv, e, index, known, zone, now, sqlite);
            if (result.Event is not null) accepted.Add(result.Event);
            else rejected.Add(result.Rejection!);
        }

        return new PendingBatch(isv, accepted, rejected, now.UtcDateTime);
    }

    private static (PendingEvent? Event, UsageRejection? Rejection) Judge(Guid isv, JsonElement e, int index,
        IReadOnlyDictionary<Guid, SubscriptionFacts> known, TimeZoneInfo zone, DateTimeOffset now, bool sqlite)
    {
        if (e.ValueKind != JsonValueKind.Object) return Reject(index, null, UsageReasons.NotAnObject, "An event must be a JSON object.");

        string? id = null;
        if (e.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String) id = idElement.GetString();
        if (string.IsNullOrWhiteSpace(id) || id.Length > UsageLimits.MaxEventIdLength)
            return Reject(index, id is { Length: > UsageLimits.MaxEventIdLength } ? id[..UsageLimits.MaxEventIdLength] : null, UsageReasons.MissingId,
                $"id is required: a string of 1 to {UsageLimits.MaxEventIdLength} characters, unique per event (your idempotency key).");

        // Unknown, not an app subscription, or another ISV's: the same answer, so nothing leaks about foreign subscriptions.
        if (!e.TryGetProperty("subscriptionId", out var subElement) || subElement.ValueKind != JsonValueKind.String || !subElement.TryGetGuid(out var subscriptionId)
            || !known.TryGetValue(subscriptionId, out var subscription) || subscription.ContractPartnerId != isv)
            return Reject(index, id, UsageReasons.UnknownSubscription, "subscriptionId does not name a subscription of one of your apps.");

        if (!e.TryGetProperty("metric", out var metricElement) || metricElement.ValueKind != JsonValueKind.String
            || metricElement.GetString() is not { } code || !subscription.Metrics.TryGetValue(code, out var metric))
            return Reject(index, id, UsageReasons.UnknownMetric,
                $"metric must be one of the app's metrics: {(subscription.Metrics.Count == 0 ? "(the app defines none)" : string.Join(", ", subscription.Metrics.Keys.Order(StringComparer.Ordinal)))}.");

        if (!e.TryGetProperty("quantity", out var quantityElement) || quantityElement.ValueKind != JsonValueKind.Number
            || !quantityElement.TryGetDecimal(out var quantity) || quantity > UsageLimits.MaxQuantity || quantity.Scale > 10 && decimal.Round(quantity, 10) != quantity)
            return Reject(index, id, UsageReasons.InvalidQuantity, "quantity must be a number of at most 1,000,000,000 with at most 10 decimal places.");
        if (quantity < 0) return Reject(index, id, UsageReasons.NegativeQuantity, "quantity must not be negative.");

        if (!e.TryGetProperty("timestamp", out var timestampElement) || timestampElement.ValueKind != JsonValueKind.String
            || !timestampElement.TryGetDateTimeOffset(out var timestamp) || !HasExplicitOffset(timestampElement.GetString()!))
            return Reject(index, id, UsageReasons.InvalidTimestamp, "timestamp must be ISO 8601 with Z or an offset, e.g. 2026-11-26T09:15:00Z.");

        switch (UsageWindow.Check(timestamp, subscription.StartUtc, subscription.EndExclusiveUtc, now))
        {
            case UsageTimeVerdict.BeforeStart:
                return Reject(index, id, UsageReasons.BeforeStart, $"timestamp is before the subscription's start on {subscription.StartDate:yyyy-MM-dd}.");
            case UsageTimeVerdict.AfterEnd:
                return Reject(index, id, UsageReasons.AfterEnd, $"timestamp is on or after the subscription's end on {subscription.EndDate:yyyy-MM-dd}.");
            case UsageTimeVerdict.InFuture:
                return Reject(index, id, UsageReasons.InFuture, $"timestamp is more than {UsageWindow.FutureTolerance.TotalMinutes:0} minutes in the future.");
        }

        string? propertiesJson = null;
        string? unique = null;
        if (e.TryGetProperty("properties", out var properties) && properties.ValueKind != JsonValueKind.Null)
        {
            if (properties.ValueKind != JsonValueKind.Object)
                return Reject(index, id, UsageReasons.InvalidProperties, "properties must be an object of names and values.");
            propertiesJson = properties.GetRawText();
            if (propertiesJson.Length > UsageLimits.MaxPropertiesLength)
                return Reject(index, id, UsageReasons.InvalidProperties, $"properties may hold at most {UsageLimits.MaxPropertiesLength} characters of JSON.");
        }

        if (metric.Aggregation == MetricAggregation.UniqueCount)
        {
            if (propertiesJson is null || !properties.TryGetProperty(metric.Property!, out var value)
                || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)
                || (unique = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) is not { Length: > 0 and <= UsageLimits.MaxPropertyValueLength })
                return Reject(index, id, UsageReasons.InvalidProperties,
                    $"metric {metric.Code} counts distinct values of properties.{metric.Property}: send it as a string or number of 1 to {UsageLimits.MaxPropertyValueLength} characters.");
        }

        var (period, day) = UsageWindow.Keys(timestamp, zone);
        var billable = UsageAggregation.ApplyRounding(metric, quantity);
        var stored = (UsageStore.Decimal(quantity, sqlite), UsageStore.Decimal(billable, sqlite), UsageStore.Time(timestamp.UtcDateTime, sqlite));
        return (new PendingEvent(index, id, UsageEventKey.Of(isv, id), subscriptionId, metric.Code, quantity, billable, timestamp.UtcDateTime,
            period, day, propertiesJson, unique, stored), null);
    }

    private static bool HasExplicitOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z')) return true;
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return t > 0 && text.AsSpan(t).IndexOfAny('+', '-') > 0;
    }

    private static (PendingEvent?, UsageRejection?) Reject(int index, string? id, string code, string error) => (null, new UsageRejection(index, id, error, code));
}

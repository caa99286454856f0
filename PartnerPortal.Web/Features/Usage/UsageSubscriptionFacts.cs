using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Usage;

/// <summary>What the ingest needs to know about a subscription to judge its events.</summary>
public sealed record SubscriptionFacts(Guid SubscriptionId, Guid ContractPartnerId, Guid AppId, DateOnly StartDate, DateOnly? EndDate,
    IReadOnlyDictionary<string, UsageMetric> Metrics, DateTimeOffset StartUtc, DateTimeOffset? EndExclusiveUtc);

/// <summary>
/// Subscription facts for the ingest, cached in memory so that judging 1,000 events costs at most one query for the
/// subscriptions not seen lately (never one per event).
/// <para>
/// Correctness: entries live <see cref="Ttl"/> (unknown ids <see cref="MissTtl"/>) and <see cref="Invalidate"/> drops one
/// at once (the subscriptions feature calls it after a cancel commits, the catalog <see cref="InvalidateApp"/> after every
/// app change). A stale end date cannot let an event after the end through: the writer re-reads the end dates of a
/// group's subscriptions inside its transaction (<c>UsageWriter.EndsOf</c>) and rejects such events as <c>afterEnd</c>.
/// </para>
/// </summary>
public sealed class UsageSubscriptionFacts(IServiceScopeFactory scopes, Settings.PortalSettings settings)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MissTtl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (SubscriptionFacts? Facts, long ExpiresAt)> _cache = new();

    public void Invalidate(Guid subscriptionId) => _cache.TryRemove(subscriptionId, out _);

    public void InvalidateApp(Guid appId)
    {
        foreach (var (id, entry) in _cache)
            if (entry.Facts?.AppId == appId) _cache.TryRemove(id, out _);
    }

    /// <summary>The facts of those <paramref name="ids"/> that are app subscriptions (absent ids are unknown).</summary>
    public async Task<IReadOnlyDictionary<Guid, SubscriptionFacts>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var found = new Dictionary<Guid, SubscriptionFacts>(ids.Count);
        List<Guid>? missing = null;
        foreach (var id in ids)
        {
            if (_cache.TryGetValue(id, out var entry) && entry.ExpiresAt > now)
            {
                if (entry.Facts is not null) found[id] = entry.Facts;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is null) return found;
        if (_cache.Count > 100_000) _cache.Clear(); // bounded: a flood of random ids cannot grow it without end

        using var scope = scopes.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<PortalDbFactory>().CreateForAsync(Tenant.System, ct);
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => missing.Contains(s.Id) && s.AppId != null)
            .Select(s => new { s.Id, s.ContractPartnerId, AppId = s.AppId!.Value, s.StartDate, s.EndDate })
            .ToListAsync(ct);
        var appIds = subscriptions.Select(s => s.AppId).Distinct().ToList();
        var metrics = (await db.Apps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => (IReadOnlyDictionary<string, UsageMetric>)a.Metrics.ToDictionary(m => m.Code, m => m.ToUsageMetric(), StringComparer.Ordinal));

        var loaded = Environment.TickCount64;
        foreach (var s in subscriptions)
        {
            var facts = new SubscriptionFacts(s.Id, s.ContractPartnerId, s.AppId, s.StartDate, s.EndDate,
                metrics.GetValueOrDefault(s.AppId) ?? new Dictionary<string, UsageMetric>(),
                Domain.Usage.UsageWindow.StartOfDayUtc(s.StartDate, settings.TimeZone),
                s.EndDate is { } end ? Domain.Usage.UsageWindow.StartOfDayUtc(end, settings.TimeZone) : null);
            _cache[s.Id] = (facts, loaded + (long)Ttl.TotalMilliseconds);
            found[s.Id] = facts;
        }

        foreach (var id in missing.Where(id => !found.ContainsKey(id)))
            _cache[id] = (null, loaded + (long)MissTtl.TotalMilliseconds);
        return found;
    }
}

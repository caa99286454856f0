using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Home;

/// <summary>A number on a home page: a resource key for its label, the value, and where it links to.</summary>
public sealed record HomeTile(string LabelKey, int Value, string? Href = null);

public sealed record HomeSummary(Tenant Tenant, string OrganisationName, IReadOnlyList<HomeTile> Tiles, IReadOnlyList<RecentCustomer> RecentCustomers);

public sealed record RecentCustomer(Guid Id, string Name, string? Postcode, DateOnly AttributedFrom, string PartnerName);

/// <summary>
/// The numbers of each role's home page. The queries are the same for every role; the tenancy filters of the context
/// make "customers" mean the reseller's own, the distributor's downline's or all of them.
/// </summary>
public sealed class HomeService(PortalDbFactory dbFactory, TimeProvider clock, Settings.PortalSettings settings)
{
    public async Task<HomeSummary> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var tenant = db.Tenant;
        var today = settings.Today(clock);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var periodKey = Domain.Periods.Period.Of(today);
        var tiles = new List<HomeTile>();
        string organisation;

        // Subscriptions that have not ended by today (the caller's, by the tenancy filter).
        var running = db.Subscriptions.Where(x => x.EndDate == null || x.EndDate > today);
        var customers = await db.Customers.CountAsync(ct);
        var recent = tenant.Scope == TenantScope.Customer ? [] : await db.CustomerAttributions.AsNoTracking()
            .Where(a => a.ToExclusive == null && db.Customers.Any(c => c.Id == a.CustomerId))
            .OrderByDescending(a => a.From).ThenBy(a => a.CustomerId)
            .Take(5)
            .Join(db.Customers, a => a.CustomerId, c => c.Id, (a, c) => new { a, c })
            .Join(db.Partners, x => x.a.PartnerId, p => p.Id,
                (x, p) => new RecentCustomer(x.c.Id, x.c.Name, x.c.Postcode, x.a.From, p.Name))
            .ToListAsync(ct);

        switch (tenant.Scope)
        {
            case TenantScope.Operator or TenantScope.System:
                organisation = tenant.Name ?? "PartnerPortal";
                var byStatus = await db.Partners.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                tiles.Add(new("Home.ActivePartners", byStatus.Where(s => s.Key == PartnerStatus.Active).Sum(s => s.Count), "/partners"));
                tiles.Add(new("Home.PendingApprovals", byStatus.Where(s => s.Key == PartnerStatus.PendingApproval).Sum(s => s.Count), "/partners"));
                tiles.Add(new("Home.Customers", customers));
                var apps = await db.Apps.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                tiles.Add(new("Home.LiveApps", apps.Where(a => a.Key == AppStatus.Live).Sum(a => a.Count)));
                tiles.Add(new("Home.AppsInReview", apps.Where(a => a.Key == AppStatus.Submitted).Sum(a => a.Count)));
                tiles.Add(new("Home.ActiveSubscriptions", await running.CountAsync(ct)));
                tiles.Add(new("Home.UnsentMails", await db.OutboxMessages.CountAsync(m => m.SentAtUtc == null, ct), "/operator/outbox"));
                break;
            case TenantScope.Partner:
                var me = await db.Partners.Where(p => p.Id == tenant.PartnerId).Select(p => new { p.Name, p.Kind }).SingleAsync(ct);
                organisation = me.Name;
                if (me.Kind == PartnerKind.Distributor)
                {
                    var downline = await db.Partners.Where(p => p.ParentPartnerId == tenant.PartnerId)
                        .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                    tiles.Add(new("Home.DownlinePartners", downline.Where(s => s.Key == PartnerStatus.Active).Sum(s => s.Count), "/partners"));
                    tiles.Add(new("Home.OnboardingQueue", downline.Where(s => s.Key is PartnerStatus.Invited or PartnerStatus.PendingApproval).Sum(s => s.Count), "/partners"));
                    tiles.Add(new("Home.DownlineCustomers", customers));
                    tiles.Add(new("Home.ActiveSubscriptions", await running.CountAsync(ct)));
                }
                else if (me.Kind == PartnerKind.Isv)
                {
                    tiles.Add(new("Home.MyLiveApps", await db.Apps.CountAsync(a => a.IsvPartnerId == tenant.PartnerId && a.Status == AppStatus.Live, ct)));
                    tiles.Add(new("Home.Contracts", await running.CountAsync(x => x.ContractPartnerId == tenant.PartnerId, ct)));
                    tiles.Add(new("Home.EventsThisMonth", await db.UsageAggregates.Where(a => a.Period == periodKey).SumAsync(a => (long?)a.Count, ct) is { } events ? (int)events : 0));
                    tiles.Add(new("Home.ApiKeys", await db.ApiKeys.CountAsync(k => k.RevokedAtUtc == null, ct), "/api-keys"));
                }
                else
                {
                    tiles.Add(new("Home.MyCustomers", customers));
                    tiles.Add(new("Home.ActiveSubscriptions", await running.CountAsync(ct)));
                    tiles.Add(new("Home.NewCustomersThisMonth", await db.CustomerAttributions.CountAsync(a => a.PartnerId == tenant.PartnerId && a.From >= monthStart, ct)));
                    tiles.Add(new("Home.ApiKeys", await db.ApiKeys.CountAsync(k => k.RevokedAtUtc == null, ct), "/api-keys"));
                }
                tiles.Add(new("Home.Users", await db.Users.CountAsync(u => u.PartnerId == tenant.PartnerId, ct)));
                break;
            case TenantScope.Customer:
                organisation = await db.Customers.Where(c => c.Id == tenant.CustomerId).Select(c => c.Name).SingleAsync(ct);
                tiles.Add(new("Home.ActiveSubscriptions", await running.CountAsync(ct)));
                tiles.Add(new("Home.Users", await db.Users.CountAsync(u => u.CustomerId == tenant.CustomerId, ct)));
                break;
            default:
                organisation = "";
                break;
        }

        return new HomeSummary(tenant, organisation, tiles, recent);
    }
}

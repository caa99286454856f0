using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Features.Audit;
using PartnerPortal.Web.Features.Email;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Data;

/// <summary>
/// The one model of the portal. Each provider has its own subclass (and so its own migrations set):
/// <see cref="SqlitePortalDbContext"/> and <see cref="SqlServerPortalDbContext"/>.
/// <para>
/// TENANCY lives here and only here: every partner- or customer-owned entity has a global query filter over
/// <see cref="Tenant"/>, so a query that forgets a <c>Where</c> still returns only the caller's rows. A context
/// starts as <see cref="Tenant.Nobody"/> (sees nothing); <see cref="PortalDbFactory"/> sets the caller.
/// </para>
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public Tenant Tenant { get; set; } = Tenant.Nobody;

    // The query filters read these members of the context; EF Core evaluates them per context instance.
    private bool TenantSeesAll => Tenant.SeesAll;
    private Guid TenantPartnerId => Tenant.PartnerId ?? Guid.Empty;
    private Guid TenantCustomerId => Tenant.CustomerId ?? Guid.Empty;

    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerAttribution> CustomerAttributions => Set<CustomerAttribution>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // Rates and unit prices keep 10 decimal places (DESIGN §3); amounts are stored as long cents.
        configurationBuilder.Properties<decimal>().HavePrecision(28, 10);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly, t => t.Namespace == typeof(PortalDbContext).Namespace + ".Configurations");
        ApplyTenancyFilters(builder);
    }

    /// <summary>The one place that scopes every query to the caller's organisation (plus a distributor's downline).</summary>
    private void ApplyTenancyFilters(ModelBuilder builder)
    {
        builder.Entity<Partner>().HasQueryFilter(p =>
            TenantSeesAll
            || p.Id == TenantPartnerId
            || p.ParentPartnerId == TenantPartnerId
            || CustomerAttributions.Any(a => a.CustomerId == TenantCustomerId && a.PartnerId == p.Id && a.ToExclusive == null));

        builder.Entity<Customer>().HasQueryFilter(c =>
            TenantSeesAll
            || c.Id == TenantCustomerId
            || CustomerAttributions.Any(a => a.CustomerId == c.Id && a.ToExclusive == null
                && (a.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == a.PartnerId && p.ParentPartnerId == TenantPartnerId))));

        builder.Entity<PortalUser>().HasQueryFilter(u =>
            TenantSeesAll
            || (u.PartnerId != null && (u.PartnerId == TenantPartnerId || Partners.Any(p => p.Id == u.PartnerId && p.ParentPartnerId == TenantPartnerId)))
            || (u.CustomerId != null && u.CustomerId == TenantCustomerId));

        builder.Entity<ApiKey>().HasQueryFilter(k =>
            TenantSeesAll
            || (k.PartnerId != null && k.PartnerId == TenantPartnerId)
            || (k.CustomerId != null && k.CustomerId == TenantCustomerId));

        builder.Entity<OutboxMessage>().HasQueryFilter(_ => TenantSeesAll);

        builder.Entity<AuditEntry>().HasQueryFilter(e => TenantSeesAll || (e.PartnerId != null && e.PartnerId == TenantPartnerId));
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);

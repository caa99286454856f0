using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Data;

/// <summary>
/// The way feature code gets a database context: one per operation, already scoped to the caller.
/// Feature code never injects <see cref="PortalDbContext"/> itself (a test checks that).
/// </summary>
public sealed class PortalDbFactory(IDbContextFactory<PortalDbContext> factory, CurrentTenant currentTenant)
{
    /// <summary>A context that sees what the current caller may see.</summary>
    public async Task<PortalDbContext> CreateAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await currentTenant.GetAsync();
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Tenant = tenant;
        return db;
    }

    /// <summary>A context for <paramref name="tenant"/> (jobs act as <see cref="Tenant.System"/>).</summary>
    public async Task<PortalDbContext> CreateForAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Tenant = tenant;
        return db;
    }
}

/// <summary>Exposes the provider-specific context factory as a factory of the shared model type.</summary>
internal sealed class UpcastDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
    where TContext : PortalDbContext
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

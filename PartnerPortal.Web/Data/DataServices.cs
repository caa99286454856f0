using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Data;

public static class DataServices
{
    /// <summary>Registers the context of the configured provider; everything else sees only <see cref="PortalDbContext"/>.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, PortalSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerPortalDbContext>(o => ConfigureSqlServer(o, settings.ConnectionString));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, UpcastDbContextFactory<SqlServerPortalDbContext>>();
                break;
            default:
                services.AddDbContextFactory<SqlitePortalDbContext>(o => ConfigureSqlite(o, settings.ConnectionString));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, UpcastDbContextFactory<SqlitePortalDbContext>>();
                break;
        }

        // Identity's stores and the Data Protection key ring need a scoped context. They must see every user and
        // key, so theirs acts as the system. Feature code uses PortalDbFactory instead.
        services.AddScoped<PortalDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
            db.Tenant = Tenant.System;
            return db;
        });
        services.AddScoped<CurrentTenant>();
        services.AddScoped<PortalDbFactory>();
        return services;
    }

    /// <summary>The Identity store options the app uses (see <c>Program.cs</c>), for building the model without the app.</summary>
    public static void ConfigureIdentityStore(Microsoft.AspNetCore.Identity.IdentityOptions options) =>
        options.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3;

    internal static readonly IServiceProvider DesignTimeServices =
        new ServiceCollection().Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(ConfigureIdentityStore).BuildServiceProvider();

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName))
            .AddInterceptors(SqliteConnectionSetup.Instance);

    /// <summary>
    /// SQL Server without a retrying execution strategy: the portal's writes that must be atomic (a settlement batch, a
    /// cancel checked against usage, an approval) use explicit transactions, which a retrying strategy refuses outright.
    /// Transient faults surface as errors that are safe to repeat: jobs are retried by Hangfire and are idempotent, API
    /// clients retry with their idempotency keys.
    /// </summary>
    public static void ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString);

    /// <summary>Applies pending migrations of the configured provider (the app does this at start).</summary>
    public static async Task MigrateAsync(IServiceProvider services, PortalSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString);
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
            // WAL lets readers go on while the writer commits; NORMAL sync is durable across app crashes in WAL mode.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>
/// Design-time factories so that <c>dotnet ef</c> builds each provider's migrations set. Identity takes its schema
/// version (passkeys need version 3) from the application's services, so they get the same Identity options as the app.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        DataServices.ConfigureSqlite(options, "Data Source=design.db");
        options.UseApplicationServiceProvider(DataServices.DesignTimeServices);
        return new SqlitePortalDbContext(options.Options);
    }
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerPortalDbContext>();
        DataServices.ConfigureSqlServer(options, "Server=localhost;Database=PartnerPortal;Trusted_Connection=True;TrustServerCertificate=True");
        options.UseApplicationServiceProvider(DataServices.DesignTimeServices);
        return new SqlServerPortalDbContext(options.Options);
    }
}

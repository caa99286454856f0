using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Pricing;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class AppConfiguration : IEntityTypeConfiguration<App>
{
    public void Configure(EntityTypeBuilder<App> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Name).HasMaxLength(200).IsRequired();
        b.Property(a => a.Description).HasMaxLength(4000).IsRequired();
        b.Property(a => a.Category).HasMaxLength(64).IsRequired();
        b.Property(a => a.ReviewNote).HasMaxLength(1000);
        b.Ignore(a => a.TimeToLive);
        b.HasOne<Partner>().WithMany().HasForeignKey(a => a.IsvPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.IsvPartnerId, a.Name });
        b.HasIndex(a => a.Status);
        b.OwnsMany(a => a.Metrics, m =>
        {
            m.ToTable("AppMetrics");
            m.WithOwner().HasForeignKey("AppId");
            m.HasKey("AppId", nameof(AppMetric.Code));
            m.Property(x => x.Code).HasMaxLength(64);
            m.Property(x => x.Unit).HasMaxLength(32).IsRequired();
            m.Property(x => x.Property).HasMaxLength(64);
        });
        b.Navigation(a => a.Metrics).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AppCategoryConfiguration : IEntityTypeConfiguration<AppCategory>
{
    /// <summary>
    /// The categories every installation starts with (inserted by the migration, not by the demo data): the store's
    /// former fixed list plus Communication, for the per-minute telephony apps. Names in English; the pages show the
    /// German or English text <c>Category.{code}</c> where one exists.
    /// </summary>
    public static readonly (string Code, string Name)[] Seeded =
    [
        ("Productivity", "Productivity"), ("Finance", "Finance"), ("CrmSales", "CRM & sales"), ("Collaboration", "Collaboration"),
        ("Security", "Security"), ("HumanResources", "Human resources"), ("Industry", "Industry"), ("DevOps", "DevOps"),
        ("Communication", "Communication"),
    ];

    private static readonly DateTime SeededAtUtc = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public void Configure(EntityTypeBuilder<AppCategory> b)
    {
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(AppCategory.CodeMaxLength);
        // Case-insensitive uniqueness through a normalised column (as Identity's NormalizedUserName), not a collation:
        // SQLite's NOCASE and SQL Server's database collation differ (a SQL Server database may be case-sensitive), and
        // a collation would make the same LINQ comparison mean different things on the two providers. An upper-case
        // copy with a unique index is the same plain, index-backed equality on both, also in the tests on SQLite.
        b.Property(c => c.NormalizedCode).HasMaxLength(AppCategory.CodeMaxLength).IsRequired();
        b.HasIndex(c => c.NormalizedCode).IsUnique();
        b.Property(c => c.Name).HasMaxLength(AppCategory.NameMaxLength).IsRequired();
        b.HasData(Seeded.Select(c => new { c.Code, NormalizedCode = AppCategory.Normalize(c.Code), c.Name, CreatedAtUtc = SeededAtUtc }));
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(200).IsRequired();
        b.Property(p => p.Currency).HasMaxLength(3).IsRequired();
        b.HasOne<App>().WithMany().HasForeignKey(p => p.AppId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerService>().WithMany().HasForeignKey(p => p.PartnerServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.AppId);
        b.HasIndex(p => p.PartnerServiceId);
        b.ToTable(t => t.HasCheckConstraint("CK_Plans_AppXorService", "(\"AppId\" IS NULL AND \"PartnerServiceId\" IS NOT NULL) OR (\"AppId\" IS NOT NULL AND \"PartnerServiceId\" IS NULL)"));
    }
}

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public void Configure(EntityTypeBuilder<PlanVersion> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.HasOne<Plan>().WithMany().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
        // A version's charges are one immutable document, stored as the API's JSON (camelCase), so what an ISV
        // sent is what the version says, whatever the database.
        b.Property(v => v.Charges)
            .HasConversion(
                charges => JsonSerializer.Serialize(charges, Json),
                json => (IReadOnlyList<ChargeSpec>)(JsonSerializer.Deserialize<List<ChargeSpec>>(json, Json) ?? new List<ChargeSpec>()),
                new ValueComparer<IReadOnlyList<ChargeSpec>>(
                    (a, c) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => v.ToList()))
            .HasColumnName("ChargesJson")
            .IsRequired();
    }
}

internal sealed class PartnerServiceConfiguration : IEntityTypeConfiguration<PartnerService>
{
    public void Configure(EntityTypeBuilder<PartnerService> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Name).HasMaxLength(200).IsRequired();
        b.Property(s => s.Description).HasMaxLength(4000).IsRequired();
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.PartnerId);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PlanVersion>().WithMany().HasForeignKey(s => s.PlanVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<App>().WithMany().HasForeignKey(s => s.AppId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerService>().WithMany().HasForeignKey(s => s.PartnerServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.ContractPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.CustomerId);
        b.HasIndex(s => s.ContractPartnerId);
        b.HasIndex(s => s.AppId);
        b.HasIndex(s => s.RequestId).IsUnique();
        b.OwnsMany(s => s.SeatChanges, c =>
        {
            c.ToTable("SubscriptionSeatChanges");
            c.WithOwner().HasForeignKey(x => x.SubscriptionId);
            c.HasKey(x => new { x.SubscriptionId, x.From });
        });
        b.Navigation(s => s.SeatChanges).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEventRecord>
{
    public void Configure(EntityTypeBuilder<UsageEventRecord> b)
    {
        b.ToTable("UsageEvents");
        b.HasKey(e => e.Id);
        b.Property(e => e.EventId).HasMaxLength(100).IsRequired();
        b.Property(e => e.Metric).HasMaxLength(64).IsRequired();
        b.Property(e => e.PropertiesJson).HasMaxLength(4000);
        // Idempotency: the same event id from the same ISV is stored once, forever — also when requests race. The index
        // is on the 16-byte hash of both (UsageEventKey), five times smaller than one on the two columns.
        b.Property(e => e.EventKey).HasMaxLength(Features.Usage.UsageEventKey.Length).IsFixedLength().IsRequired();
        b.HasIndex(e => e.EventKey).IsUnique();
        // No index on SubscriptionId (and so no foreign key, which would bring one): UsageEventRuns finds a
        // subscription's events; see UsageEventRunRecord for why.
        // No foreign key to Partners: it would bring an index on IsvPartnerId, one more B-tree insert per event (3 µs of
        // the writer's ~12). The single writer stores only events whose ISV it has just resolved from the caller's key.
    }
}

internal sealed class UsageAggregateConfiguration : IEntityTypeConfiguration<UsageAggregateRecord>
{
    public void Configure(EntityTypeBuilder<UsageAggregateRecord> b)
    {
        b.ToTable("UsageAggregates");
        b.HasKey(a => new { a.SubscriptionId, a.Metric, a.Period });
        b.Property(a => a.Metric).HasMaxLength(64);
        b.HasOne<Subscription>().WithMany().HasForeignKey(a => a.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UsageEventRunConfiguration : IEntityTypeConfiguration<UsageEventRunRecord>
{
    public void Configure(EntityTypeBuilder<UsageEventRunRecord> b)
    {
        b.ToTable("UsageEventRuns");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.SubscriptionId, r.Period });
        b.HasOne<Subscription>().WithMany().HasForeignKey(r => r.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UsageUniqueValueConfiguration : IEntityTypeConfiguration<UsageUniqueValue>
{
    public void Configure(EntityTypeBuilder<UsageUniqueValue> b)
    {
        b.ToTable("UsageUniqueValues");
        b.HasKey(u => new { u.SubscriptionId, u.Metric, u.Period, u.Value });
        b.Property(u => u.Metric).HasMaxLength(64);
        b.Property(u => u.Value).HasMaxLength(200);
        b.HasOne<Subscription>().WithMany().HasForeignKey(u => u.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Domain.Subscriptions;
using PartnerPortal.Web.Features.Usage;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class UsageDailyConfiguration : IEntityTypeConfiguration<UsageDailyRecord>
{
    public void Configure(EntityTypeBuilder<UsageDailyRecord> b)
    {
        b.ToTable("UsageDaily");
        b.HasKey(d => new { d.SubscriptionId, d.Metric, d.Day });
        b.Property(d => d.Metric).HasMaxLength(64);
        b.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UsageRejectionConfiguration : IEntityTypeConfiguration<UsageRejectionRecord>
{
    public void Configure(EntityTypeBuilder<UsageRejectionRecord> b)
    {
        b.ToTable("UsageRejections");
        b.HasKey(r => r.Id);
        b.Property(r => r.EventId).HasMaxLength(100);
        b.Property(r => r.Code).HasMaxLength(32).IsRequired();
        b.Property(r => r.Error).HasMaxLength(500).IsRequired();
        b.HasIndex(r => new { r.IsvPartnerId, r.AtUtc });
        b.HasIndex(r => r.AtUtc);
        b.HasOne<Partner>().WithMany().HasForeignKey(r => r.IsvPartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UsageIngestCounterConfiguration : IEntityTypeConfiguration<UsageIngestCounter>
{
    public void Configure(EntityTypeBuilder<UsageIngestCounter> b)
    {
        b.ToTable("UsageIngestCounters");
        b.HasKey(c => new { c.MinuteUtc, c.Outcome });
        b.Property(c => c.Outcome).HasMaxLength(32);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Web.Features.Cockpit;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class EstimateRunConfiguration : IEntityTypeConfiguration<EstimateRunRecord>
{
    public void Configure(EntityTypeBuilder<EstimateRunRecord> b)
    {
        b.ToTable("EstimateRuns");
        b.HasKey(x => x.Period);
    }
}

internal sealed class PartnerEstimateConfiguration : IEntityTypeConfiguration<PartnerEstimateRecord>
{
    public void Configure(EntityTypeBuilder<PartnerEstimateRecord> b)
    {
        b.ToTable("PartnerEstimates");
        // The business key: two servers computing the same period at once cannot both insert (the loser rolls back).
        b.HasKey(x => new { x.Period, x.PartnerId });
        b.HasIndex(x => x.PartnerId);
        b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
    }
}

internal sealed class SubscriptionEstimateConfiguration : IEntityTypeConfiguration<SubscriptionEstimateRecord>
{
    public void Configure(EntityTypeBuilder<SubscriptionEstimateRecord> b)
    {
        b.ToTable("SubscriptionEstimates");
        b.HasKey(x => new { x.Period, x.SubscriptionId });
        b.HasIndex(x => new { x.CustomerId, x.Period });
        b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
    }
}

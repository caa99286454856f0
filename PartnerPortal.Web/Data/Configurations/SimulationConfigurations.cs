using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Commissions;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.Simulation;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class PilotShareConfiguration : IEntityTypeConfiguration<PilotShareRecord>
{
    public void Configure(EntityTypeBuilder<PilotShareRecord> b)
    {
        b.ToTable("PilotShares");
        b.HasKey(s => s.CommissionPlanId);
        b.HasOne<CommissionPlan>().WithMany().HasForeignKey(s => s.CommissionPlanId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.SharedBy).HasMaxLength(200).IsRequired();
    }
}

internal sealed class PlanFeedbackConfiguration : IEntityTypeConfiguration<PlanFeedbackRecord>
{
    public void Configure(EntityTypeBuilder<PlanFeedbackRecord> b)
    {
        b.ToTable("PlanFeedback");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.HasOne<CommissionPlan>().WithMany().HasForeignKey(f => f.CommissionPlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(f => f.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => new { f.CommissionPlanId, f.CreatedAtUtc });
        b.HasIndex(f => f.PartnerId);
        b.Property(f => f.Comment).HasMaxLength(PlanFeedbackRecord.MaxComment).IsRequired();
        b.Property(f => f.CreatedBy).HasMaxLength(200).IsRequired();
    }
}

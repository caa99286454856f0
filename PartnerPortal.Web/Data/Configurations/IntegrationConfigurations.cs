using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Catalog;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Integration;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class IntegrationRequestConfiguration : IEntityTypeConfiguration<IntegrationRequest>
{
    public void Configure(EntityTypeBuilder<IntegrationRequest> b)
    {
        b.ToTable("IntegrationRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Description).HasMaxLength(IntegrationRequest.MaxDescriptionLength).IsRequired();
        b.Property(r => r.Contact).HasMaxLength(IntegrationRequest.MaxContactLength).IsRequired();
        b.Property(r => r.Currency).HasMaxLength(3).IsRequired();
        b.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(r => r.AssignedToUserId).HasMaxLength(450);
        b.Property(r => r.AssignedToName).HasMaxLength(256);
        // Two operators closing the same request at once: the second saves nothing and is told to reload.
        b.Property(r => r.Status).IsConcurrencyToken();
        b.Property(r => r.UpdatedAtUtc).IsConcurrencyToken();
        b.HasIndex(r => r.RequestKey).IsUnique();
        b.HasIndex(r => new { r.Status, r.CreatedAtUtc });
        b.HasIndex(r => new { r.RequestingPartnerId, r.CreatedAtUtc });
        b.HasIndex(r => r.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<App>().WithMany().HasForeignKey(r => r.AppId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(r => r.RequestingPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.History).WithOne().HasForeignKey(e => e.IntegrationRequestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class IntegrationRequestEntryConfiguration : IEntityTypeConfiguration<IntegrationRequestEntry>
{
    public void Configure(EntityTypeBuilder<IntegrationRequestEntry> b)
    {
        b.ToTable("IntegrationRequestEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Actor).HasMaxLength(256).IsRequired();
        b.Property(e => e.Note).HasMaxLength(IntegrationRequest.MaxNoteLength);
        b.HasIndex(e => new { e.IntegrationRequestId, e.Id });
    }
}

internal sealed class CustomerChargeConfiguration : IEntityTypeConfiguration<CustomerChargeRecord>
{
    public void Configure(EntityTypeBuilder<CustomerChargeRecord> b)
    {
        b.ToTable("CustomerCharges");
        b.HasKey(x => x.Id);
        // The business key: a request's charge is billed once, in one period, however often periods are settled.
        b.HasIndex(x => x.IntegrationRequestId).IsUnique();
        b.HasIndex(x => new { x.CustomerId, x.Period });
        b.HasIndex(x => x.Period);
        b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
        b.Property(x => x.Description).HasMaxLength(400).IsRequired();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Web.Features.TakeBack;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class CustomerExportConfiguration : IEntityTypeConfiguration<CustomerExportRecord>
{
    public void Configure(EntityTypeBuilder<CustomerExportRecord> b)
    {
        b.ToTable("CustomerExports");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.CustomerId, e.RequestedAtUtc });
        // One queued or running export per customer (SQL Server filters the NULLs out of a unique index on a nullable column).
        b.HasIndex(e => e.ActiveCustomerId).IsUnique();
        b.HasIndex(e => e.ExpiresAtUtc);
        b.Property(e => e.RequestedBy).HasMaxLength(256).IsRequired();
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.Error).HasMaxLength(2000);
    }
}

internal sealed class CustomerExportChunkConfiguration : IEntityTypeConfiguration<CustomerExportChunkRecord>
{
    public void Configure(EntityTypeBuilder<CustomerExportChunkRecord> b)
    {
        b.ToTable("CustomerExportChunks");
        b.HasKey(c => new { c.ExportId, c.Index });
        b.HasOne<CustomerExportRecord>().WithMany().HasForeignKey(c => c.ExportId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Data).IsRequired();
    }
}

internal sealed class CustomerSwitchConfiguration : IEntityTypeConfiguration<CustomerSwitchRecord>
{
    public void Configure(EntityTypeBuilder<CustomerSwitchRecord> b)
    {
        b.ToTable("CustomerSwitches");
        b.HasKey(s => s.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.RetrievalEndsExclusive);
        b.Property(s => s.RecordedBy).HasMaxLength(256).IsRequired();
        b.Property(s => s.WithdrawnBy).HasMaxLength(256);
        b.Property(s => s.Reason).HasMaxLength(1000);
    }
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Customers;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.ApiKeys;
using PartnerPortal.Web.Features.Audit;
using PartnerPortal.Web.Features.Email;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(200).IsRequired();
        b.Property(p => p.Country).HasMaxLength(2).IsRequired();
        b.Property(p => p.VatId).HasMaxLength(20);
        b.Property(p => p.Email).HasMaxLength(256).IsRequired();
        b.Property(p => p.StatusReason).HasMaxLength(1000);
        b.HasOne<Partner>().WithMany().HasForeignKey(p => p.ParentPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.ParentPartnerId);
        b.HasIndex(p => p.Name);
        b.Ignore(p => p.BringsCustomers);
        PartnerRegistrationColumns.Configure(b);
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(200).IsRequired();
        b.Property(c => c.Country).HasMaxLength(2).IsRequired();
        b.Property(c => c.VatId).HasMaxLength(20);
        b.Property(c => c.Postcode).HasMaxLength(16);
        b.HasIndex(c => c.Name);
        b.HasIndex(c => c.VatId);
        b.HasMany(c => c.Attributions).WithOne().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Attributions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(c => c.CurrentAttribution);
    }
}

internal sealed class CustomerAttributionConfiguration : IEntityTypeConfiguration<CustomerAttribution>
{
    public void Configure(EntityTypeBuilder<CustomerAttribution> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.ChangedBy).HasMaxLength(256).IsRequired();
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.HasOne<Partner>().WithMany().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.PartnerId, a.ToExclusive });
        b.HasIndex(a => new { a.CustomerId, a.From }).IsUnique();
    }
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Culture).HasMaxLength(10);
        b.HasOne<Partner>().WithMany().HasForeignKey(u => u.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).ValueGeneratedNever();
        b.Property(k => k.Name).HasMaxLength(100).IsRequired();
        b.Property(k => k.Hint).HasMaxLength(16).IsRequired();
        b.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        b.Property(k => k.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(k => k.RevokedBy).HasMaxLength(256);
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(k => k.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(k => k.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(k => k.IsActive);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.To).HasMaxLength(256).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        b.Property(m => m.HtmlBody).IsRequired();
        b.Property(m => m.LinkKind).HasMaxLength(20);
        b.Property(m => m.LinkSubject).HasMaxLength(450);
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.HasIndex(m => m.SentAtUtc);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Actor).HasMaxLength(256).IsRequired();
        b.Property(e => e.ActorUserId).HasMaxLength(450);
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        b.Property(e => e.Details).HasMaxLength(4000);
        b.HasIndex(e => e.AtUtc);
        b.HasIndex(e => new { e.PartnerId, e.AtUtc });
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b) => b.Property(k => k.FriendlyName).HasMaxLength(200);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.Onboarding;

namespace PartnerPortal.Web.Data.Configurations;

internal sealed class PartnerInvitationConfiguration : IEntityTypeConfiguration<PartnerInvitation>
{
    public void Configure(EntityTypeBuilder<PartnerInvitation> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Email).HasMaxLength(256).IsRequired();
        b.Property(i => i.OpenEmailKey).HasMaxLength(256);
        b.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        b.HasOne<Partner>().WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(i => i.InvitedByPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerImport>().WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.TokenHash).IsUnique();
        // One counting invitation per e-mail: a double submit or a second upload invites nobody twice.
        // (Nullable: SQLite lets NULLs repeat; EF filters the SQL Server index to non-NULL values.)
        b.HasIndex(i => i.OpenEmailKey).IsUnique();
        b.HasIndex(i => new { i.PartnerId, i.CreatedAtUtc });
        b.HasIndex(i => i.CreatedAtUtc);
    }
}

internal sealed class PartnerImportConfiguration : IEntityTypeConfiguration<PartnerImport>
{
    public void Configure(EntityTypeBuilder<PartnerImport> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.ContentSha256).HasMaxLength(64).IsRequired();
        b.Property(i => i.FileName).HasMaxLength(200).IsRequired();
        b.Property(i => i.UserId).HasMaxLength(450);
        b.HasOne<Partner>().WithMany().HasForeignKey(i => i.DistributorPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.DistributorPartnerId, i.ContentSha256 }).IsUnique();
    }
}

/// <summary>The registration fields of <see cref="Partner"/> (the entity's own configuration is shared; these are onboarding's).</summary>
internal static class PartnerRegistrationColumns
{
    public static void Configure(EntityTypeBuilder<Partner> b)
    {
        b.Property(p => p.Street).HasMaxLength(200);
        b.Property(p => p.Postcode).HasMaxLength(16);
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.Iban).HasMaxLength(34);
        b.Property(p => p.ContactName).HasMaxLength(200);
        b.Property(p => p.ContactPhone).HasMaxLength(50);
        b.Property(p => p.TermsAcceptedByUserId).HasMaxLength(450);
        // A status change is written only if the status is still the one that was read: of two simultaneous
        // approvals (a double click, two operators) one wins, the other saves nothing — no second mail or audit entry.
        b.Property(p => p.Status).IsConcurrencyToken();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerPortal.Domain.Customers;

namespace PartnerPortal.Web.Data.Configurations;

/// <summary>A customer's registration request id is unique, so a double submit registers one customer.</summary>
internal sealed class CustomerRequestConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b) => b.HasIndex(c => c.RequestId).IsUnique();
}

using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

/// <summary>The query filters of <see cref="PortalDbContext"/>: the same query, answered per tenant.</summary>
[Collection(PortalCollection.Name)]
public sealed class TenancyDataTests(PortalFactory app)
{
    private async Task<Tenant> PartnerTenantAsync(string name)
    {
        var partner = await Demo.PartnerAsync(app, name);
        return Tenant.ForPartner(partner.Id, partner.Kind);
    }

    [Fact]
    public async Task AReseller_SeesItsOwnCustomersOnly()
    {
        await using var db = await app.DbAsync(await PartnerTenantAsync(Demo.Weser));
        var names = await db.Customers.Select(c => c.Name).ToListAsync();
        Assert.Equal(4, names.Count);
        Assert.Contains("Bäckerei Hansen GmbH", names);
        Assert.DoesNotContain("Kölner Stahlbau GmbH", names);
    }

    [Fact]
    public async Task ADistributor_SeesItsDownlinesCustomers_ButNotOthers()
    {
        await using var db = await app.DbAsync(await PartnerTenantAsync(Demo.Distributor));
        var names = await db.Customers.Select(c => c.Name).ToListAsync();
        Assert.Contains("Bäckerei Hansen GmbH", names);      // Weser
        Assert.Contains("Brauerei Huber KG", names);         // Bavaria
        Assert.DoesNotContain("Hafenkontor Hamburg GmbH", names); // the pilot partner has no distributor
    }

    [Fact]
    public async Task AnIsv_SeesTheCustomersItIsContractPartnerOf_AndNoResellers()
    {
        await using var system = await app.DbAsync();
        var belegfix = await Demo.PartnerAsync(app, Demo.Belegfix);
        var expected = await system.Subscriptions.Where(s => s.ContractPartnerId == belegfix.Id).Select(s => s.CustomerId).Distinct().CountAsync();
        Assert.InRange(expected, 1, 11);

        await using var db = await app.DbAsync(Tenant.ForPartner(belegfix.Id, PartnerKind.Isv));
        Assert.Equal(expected, await db.Customers.CountAsync());
        Assert.DoesNotContain("Tischlerei Brandt OHG", await db.Customers.Select(c => c.Name).ToListAsync()); // no Belegfix contract
        // ISVs are public (the catalog names them); resellers and distributors are not.
        Assert.All(await db.Partners.ToListAsync(), p => Assert.Equal(PartnerKind.Isv, p.Kind));
        Assert.All(await db.Subscriptions.ToListAsync(), s => Assert.Equal(belegfix.Id, s.ContractPartnerId));
    }

    [Fact]
    public async Task ACustomer_SeesItselfAndItsPartner_AndUsersOfItsOwnOrganisationOnly()
    {
        await using var system = await app.DbAsync();
        var hansen = await system.Customers.SingleAsync(c => c.Name == "Bäckerei Hansen GmbH");
        await using var db = await app.DbAsync(Tenant.ForCustomer(hansen.Id));
        Assert.Equal(["Bäckerei Hansen GmbH"], await db.Customers.Select(c => c.Name).ToListAsync());
        Assert.Equal([Demo.Weser], await db.Partners.Where(p => p.Kind != PartnerKind.Isv).Select(p => p.Name).ToListAsync());
        Assert.All(await db.Users.ToListAsync(), u => Assert.Equal(hansen.Id, u.CustomerId));
    }

    [Fact]
    public async Task AContextNobodyToldWhoIsCalling_SeesNothing()
    {
        await using var db = await app.DbAsync(Tenant.Nobody);
        Assert.Equal(0, await db.Partners.CountAsync());
        Assert.Equal(0, await db.Customers.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.ApiKeys.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(0, await db.Apps.CountAsync());
        Assert.Equal(0, await db.Plans.CountAsync());
        Assert.Equal(0, await db.Subscriptions.CountAsync());
        Assert.Equal(0, await db.UsageAggregates.CountAsync());
    }

    [Fact]
    public async Task Users_OfAnotherPartner_AreInvisible()
    {
        await using var db = await app.DbAsync(await PartnerTenantAsync(Demo.Rheinland));
        var emails = await db.Users.Select(u => u.Email).ToListAsync();
        Assert.Equal(["reseller2@demo.partnerportal.test"], emails);
    }

    [Fact]
    public void FeatureCode_NeverInjectsTheUnscopedContext()
    {
        // The scoped PortalDbContext acts as the system (for Identity and Data Protection). Feature code must
        // use PortalDbFactory, which scopes to the caller; this guards against a constructor or [Inject] taking it.
        var offenders = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("PartnerPortal.Web.Features", StringComparison.Ordinal) == true)
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => typeof(PortalDbContext).IsAssignableFrom(p.ParameterType)))
                     || t.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
                         .Any(p => typeof(PortalDbContext).IsAssignableFrom(p.PropertyType)))
            .Where(t => t.Name != "PortalClaimsFactory") // runs inside Identity's sign-in, which is system-scoped by design
            .Select(t => t.FullName).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void ProductCode_NeverSwitchesTheTenancyFiltersOff()
    {
        // IgnoreQueryFilters() anywhere in a query switches off every filter of that query (it once leaked other
        // partners' customers into a home page). Only the data layer itself may use it.
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../PartnerPortal.Web"));
        var offenders = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Data{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f).Contains("IgnoreQueryFilters", StringComparison.Ordinal))
            .ToList();
        Assert.True(Directory.Exists(web), web);
        Assert.Empty(offenders);
    }
}

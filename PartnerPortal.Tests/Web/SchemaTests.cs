using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// SQL Server cannot run here, so its model and migrations are checked without a server: the model builds, a
/// migration script is generated, decimals have explicit precision, no table has two cascade paths, and neither
/// provider's migrations set lags behind the model.
/// </summary>
public sealed class SchemaTests
{
    private static PortalDbContext SqlServer() => new SqlServerDesignTimeFactory().CreateDbContext([]);
    private static PortalDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    public static TheoryData<string> Providers => new() { "SqlServer", "Sqlite" };

    private static PortalDbContext For(string provider) => provider == "SqlServer" ? SqlServer() : Sqlite();

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_HaveNoPendingModelChanges(string provider)
    {
        using var db = For(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes without a migration; run dotnet ef migrations add for both providers.");
    }

    [Fact]
    public void SqlServer_MigrationScript_IsGenerated_AndCreatesEveryTable()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null).Distinct())
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.DoesNotContain("TEXT", script); // a SQLite type leaking into the SQL Server set
    }

    [Fact]
    public void SqlServer_EveryDecimalColumn_HasExplicitPrecision()
    {
        using var db = SqlServer();
        var decimals = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(decimal)).ToList();
        foreach (var property in decimals)
        {
            Assert.True(property.GetPrecision() is not null && property.GetScale() is not null,
                $"{property.DeclaringType.DisplayName()}.{property.Name} has no explicit precision");
            Assert.StartsWith("decimal(", property.GetColumnType(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SqlServer_IndexedStrings_HaveAMaximumLength()
    {
        // nvarchar(max) cannot be indexed on SQL Server: CREATE INDEX would fail at deploy time.
        using var db = SqlServer();
        var offenders = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes()).SelectMany(i => i.Properties)
            .Where(p => p.ClrType == typeof(string) && p.GetRelationalTypeMapping().StoreType.Contains("(max)", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}").ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void SqlServer_NoTable_HasMultipleCascadePaths()
    {
        using var db = SqlServer();
        var model = db.Model;
        // Paths along cascading foreign keys, principal → dependent. SQL Server refuses a table reachable from the
        // same table along two different cascade paths (or a cascade cycle).
        var edges = model.GetEntityTypes().SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior == DeleteBehavior.Cascade && !fk.IsOwnership) // owned types share their owner's table
            .Select(fk => (From: fk.PrincipalEntityType.GetTableName()!, To: fk.DeclaringEntityType.GetTableName()!))
            .ToList();
        var tables = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().ToList();
        foreach (var start in tables)
        {
            var paths = new Dictionary<string, int>();
            void Walk(string table, HashSet<string> onPath)
            {
                foreach (var edge in edges.Where(e => e.From == table))
                {
                    Assert.False(onPath.Contains(edge.To), $"cascade cycle through {edge.To}");
                    paths[edge.To] = paths.GetValueOrDefault(edge.To) + 1;
                    onPath.Add(edge.To);
                    Walk(edge.To, onPath);
                    onPath.Remove(edge.To);
                }
            }
            Walk(start, [start]);
            var multiple = paths.Where(p => p.Value > 1).Select(p => p.Key).ToList();
            Assert.True(multiple.Count == 0, $"multiple cascade paths from {start} to {string.Join(", ", multiple)}");
        }
    }

    [Fact]
    public void Enums_AreStoredAsStrings()
    {
        using var db = SqlServer();
        var enums = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).IsEnum).ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, p => Assert.Equal(typeof(string), p.GetProviderClrType()));
    }

    /// <summary>
    /// Money that is summed or sorted is stored as whole cents (INTEGER on SQLite, bigint on SQL Server), because SQLite
    /// stores a decimal as TEXT and aggregates it as floating point. Decimals remain only for rates, prices and usage
    /// quantities, which are never summed as money; floating point appears nowhere.
    /// </summary>
    [Fact]
    public void Sqlite_StoresNoAmountAsFloatingOrTextDecimal()
    {
        using var db = Sqlite();
        string[] decimalAllowed = ["Rate", "PlatformFeeRate", "ServiceFeeRate", "CommissionRate", "OverrideRate", "MinimumCommitment", "Sum", "Max", "Quantity", "BillableQuantity"];
        var properties = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties().Select(p => (Entity: e.ClrType.Name, Property: p))).ToList();
        Assert.Contains(properties, x => x.Property.Name.EndsWith("Cents", StringComparison.Ordinal));
        foreach (var (entity, property) in properties)
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var column = property.GetColumnType();
            Assert.False(type == typeof(double) || type == typeof(float), $"{entity}.{property.Name} is floating point.");
            if (property.Name.EndsWith("Cents", StringComparison.Ordinal))
                Assert.True(type == typeof(long) && column == "INTEGER", $"{entity}.{property.Name} must be whole cents in an INTEGER column, is {type.Name} {column}.");
            if (type == typeof(decimal))
                Assert.True(decimalAllowed.Contains(property.Name), $"{entity}.{property.Name} is a decimal (TEXT on SQLite): store an amount as long cents.");
        }
    }

    /// <summary>User transactions (settlement batches, cancels, approvals) need an execution strategy that does not retry on its own.</summary>
    [Fact]
    public void SqlServer_ExecutionStrategy_AllowsUserTransactions()
    {
        using var db = SqlServer();
        Assert.False(db.Database.CreateExecutionStrategy().RetriesOnFailure);
    }
}

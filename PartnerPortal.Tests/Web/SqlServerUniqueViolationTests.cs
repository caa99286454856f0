using Microsoft.EntityFrameworkCore;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// SQL Server cannot run here, so its unique-violation path (errors 2601 and 2627, UniqueKeyViolations) is checked with
/// the server's own message texts against the SQL Server model: the index or key named in the message is found and
/// turned into the entity and the API field a 409 names, as the SQLite path is through the real pipeline (UniqueConflictTests).
/// </summary>
public sealed class SqlServerUniqueViolationTests
{
    public static TheoryData<string, string, string[]> Messages => new()
    {
        // 2601: a unique index.
        { "Cannot insert duplicate key row in object 'dbo.AspNetUsers' with unique index 'UserNameIndex'. The duplicate key value is (ANNA@EXAMPLE.DE).", "user", ["email"] },
        { "Cannot insert duplicate key row in object 'dbo.PlanVersions' with unique index 'IX_PlanVersions_PlanId_Number'. The duplicate key value is (3f2c…, 2).", "plan version", ["number"] },
        { "Cannot insert duplicate key row in object 'dbo.CustomerAttributions' with unique index 'IX_CustomerAttributions_OneOpen'. The duplicate key value is (9a1b…).", "customer attribution", ["customerId"] },
        // 2627: a primary key or unique constraint.
        { "Violation of PRIMARY KEY constraint 'PK_Partners'. Cannot insert duplicate key in object 'dbo.Partners'. The duplicate key value is (5d0e…).", "partner", ["id"] },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void TheIndexInTheMessage_NamesTheEntityAndTheApiField(string message, string entity, string[] fields)
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var violation = UniqueKeyViolations.DescribeSqlServer(message, db.Model, new DbUpdateException("save failed"));

        Assert.NotNull(violation);
        Assert.Equal(entity, violation.Entity);
        Assert.Equal(fields, violation.Fields);
    }

    [Fact]
    public void AMessageNamingNoUniqueIndexOrKey_IsNoUniqueViolation()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        const string foreignKey = "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_Subscriptions_Customers_CustomerId\". " +
                                  "The conflict occurred in database \"PartnerPortal\", table \"dbo.Customers\", column 'Id'.";
        Assert.Null(UniqueKeyViolations.DescribeSqlServer(foreignKey, db.Model, new DbUpdateException("x")));
    }
}

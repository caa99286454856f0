using PartnerPortal.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 6: a create that a unique index refuses (a race, or a row that exists already) answers a 409
/// problem naming the field, never a 500; where the client's own key decides (an e-mail it invites), the retry
/// answers the first result.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class UniqueConflictTests(PortalFactory app)
{
    private static readonly object Charges = new { charges = new object[] { new { type = "perSeat", unitPrice = 12.5m } } };

    [Fact]
    public async Task TwoSimultaneousPlanVersions_EachIsCreatedOrRefusedWith409_NeverA500_AndNumbersStayUnique()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.ZeitWerk);
        using var a = app.ApiClient();
        using var b = app.ApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 12; round++)
        {
            var answers = await Task.WhenAll(
                a.PostAsJsonAsync($"/api/v1/plans/{offer.PlanId}/versions", Charges),
                b.PostAsJsonAsync($"/api/v1/plans/{offer.PlanId}/versions", Charges));
            foreach (var answer in answers)
            {
                statuses.Add(answer.StatusCode);
                Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
                    $"round {round}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()} {string.Join(Environment.NewLine, app.Errors)}");
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.True(problem.GetProperty("errors").TryGetProperty("number", out _), problem.ToString());
                }
            }
            Assert.Contains(HttpStatusCode.Created, answers.Select(x => x.StatusCode));
        }

        await using var db = await app.DbAsync();
        var numbers = await db.PlanVersions.Where(v => v.PlanId == offer.PlanId).Select(v => v.Number).OrderBy(n => n).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 1 + statuses.Count(s => s == HttpStatusCode.Created)), numbers);
        Assert.Equal(numbers[^1], (await db.Plans.SingleAsync(p => p.Id == offer.PlanId)).VersionCount);
    }

    /// <summary>The race made deterministic: a version with the next number is already stored when the POST saves its own.</summary>
    [Fact]
    public async Task PlanVersionWhoseNumberIsTaken_Answers409NamingNumber_AndSavesNothing()
    {
        var offer = await CatalogArrange.LiveAppAsync(app, Demo.ZeitWerk);
        await using (var db = await app.DbAsync())
        {
            // Another request's version 2, committed while the plan still said 1 (its own update not yet saved).
            var plan = await db.Plans.SingleAsync(p => p.Id == offer.PlanId);
            db.PlanVersions.Add(plan.AddVersion(CatalogArrange.PerSeat, null, DateTime.UtcNow));
            db.Entry(plan).State = EntityState.Unchanged;
            await db.SaveChangesAsync();
        }

        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync($"/api/v1/plans/{offer.PlanId}/versions", Charges);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("plan version", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("number", out _), problem.ToString());
        await using var check = await app.DbAsync();
        Assert.Equal(2, await check.PlanVersions.CountAsync(v => v.PlanId == offer.PlanId));
        Assert.Equal(1, (await check.Plans.SingleAsync(p => p.Id == offer.PlanId)).VersionCount);
    }

    /// <summary>Inviting the same address twice answers the same user (documented for one after the other); at the same time too.</summary>
    [Fact]
    public async Task TwoSimultaneousInvitationsOfTheSameCustomerAdmin_BothAnswerTheOneUser()
    {
        using var rheinland = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        using var again = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        for (var round = 0; round < 6; round++)
        {
            var customer = await (await rheinland.PostAsJsonAsync("/api/v1/customers", new { name = "Einladung " + Guid.NewGuid().ToString("N")[..10], country = "DE" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var id = customer.GetProperty("id").GetGuid();
            var email = $"race-{Guid.NewGuid():N}@kunde.example";
            var answers = await Task.WhenAll(
                rheinland.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email }),
                again.PostAsJsonAsync($"/api/v1/customers/{id}/users", new { email }));
            var ids = new List<string>();
            foreach (var answer in answers)
            {
                Assert.True(answer.StatusCode == HttpStatusCode.Created,
                    $"round {round}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()} {string.Join(Environment.NewLine, app.Errors)}");
                ids.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }
            Assert.Single(ids.Distinct());
            await using var db = await app.DbAsync();
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.Equal(ids[0], user.Id);
            Assert.Single(await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync());
        }
    }
}

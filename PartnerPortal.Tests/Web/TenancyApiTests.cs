using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Every <c>/api/v1</c> endpoint, taken from the app's own endpoint data source, is called with a foreign tenant's key
/// against data of another partner. An endpoint without a case here fails the test: a new endpoint cannot ship
/// without its tenancy being proven.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TenancyApiTests(PortalFactory app)
{
    /// <summary>How to call one endpoint "as a foreigner": the path (with the victim's ids) and a body.</summary>
    private sealed record Probe(string Path, object? Body = null);

    private static readonly Dictionary<string, Func<Victim, Probe>> Probes = new()
    {
        ["GET /api/v1/partners"] = v => new("/api/v1/partners?pageSize=200"),
        ["POST /api/v1/partners"] = v => new("/api/v1/partners", new { kind = "Reseller", name = "Foreign", country = "DE", email = "f@f.de", parentPartnerId = v.PartnerId }),
        ["GET /api/v1/partners/{id:guid}"] = v => new($"/api/v1/partners/{v.PartnerId}"),
        ["GET /api/v1/partners/{partnerId:guid}/api-keys"] = v => new($"/api/v1/partners/{v.PartnerId}/api-keys"),
        ["POST /api/v1/partners/{partnerId:guid}/api-keys"] = v => new($"/api/v1/partners/{v.PartnerId}/api-keys", new { name = "stolen" }),
        ["DELETE /api/v1/partners/{partnerId:guid}/api-keys/{keyId:guid}"] = v => new($"/api/v1/partners/{v.PartnerId}/api-keys/{v.ApiKeyId}"),
    };

    private sealed record Victim(Guid PartnerId, string PartnerName, Guid ApiKeyId, string ApiKey);

    [Fact]
    public async Task EveryApiEndpoint_RefusesOrHidesAnotherPartnersData()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().OrderBy(x => x).ToList();
        Assert.NotEmpty(endpoints);
        var missing = endpoints.Where(e => !Probes.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a tenancy probe: " + string.Join(", ", missing));

        // The victim: Rheinland (a reseller) with a key. The attackers: another reseller, an ISV, and the
        // distributor of neither (the pilot partner has no distributor).
        var rheinland = await Demo.PartnerAsync(app, Demo.Rheinland);
        using var operatorClient = app.ApiClient();
        var created = await (await operatorClient.PostAsJsonAsync($"/api/v1/partners/{rheinland.Id}/api-keys", new { name = "victim" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var victim = new Victim(rheinland.Id, rheinland.Name, created.GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);

        foreach (var attacker in new[] { Demo.Weser, Demo.ZeitWerk, Demo.Pilot })
        {
            using var client = app.ApiClient(await Demo.KeyForAsync(app, attacker));
            foreach (var endpoint in endpoints)
            {
                var method = endpoint[..endpoint.IndexOf(' ')];
                var probe = Probes[endpoint](victim);
                var request = new HttpRequestMessage(new HttpMethod(method), probe.Path);
                if (probe.Body is not null) request.Content = JsonContent.Create(probe.Body);
                var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var because = $"{attacker} → {endpoint}: {(int)response.StatusCode} {body}";
                if (response.IsSuccessStatusCode)
                {
                    // Only list endpoints may answer 2xx, and then without the victim in them.
                    Assert.True(method == "GET" && !probe.Path.Contains(victim.PartnerId.ToString()), because);
                    Assert.DoesNotContain(victim.PartnerId.ToString(), body);
                    Assert.DoesNotContain(victim.PartnerName, body);
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, because);
                }
            }
        }

        // The victim's key still works: nothing the attackers did revoked it.
        using var victimClient = app.ApiClient(victim.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync($"/api/v1/partners/{victim.PartnerId}")).StatusCode);
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>How to call one endpoint "as a foreigner": the path with the victims' ids, a body, and the strings that
/// must not appear in a 2xx answer (names and ids of the victims' data).</summary>
public sealed record Probe(string Path, object? Body = null, params string[] Secrets);

/// <summary>
/// The victims: a reseller (Rheinland IT-Service) and an ISV (Belegfix), each with an API key. The attackers are
/// another reseller, another ISV and a reseller without a distributor; none of them may see or change the victims' data.
/// </summary>
public sealed record TenancyVictims(Guid ResellerId, string ResellerName, string ResellerKey, Guid ResellerKeyId, Guid IsvId, string IsvName, string IsvKey);

/// <summary>
/// A feature's probes: arrange data owned by the victims (through the API or the database), then say how to call
/// each of the feature's endpoints ("METHOD /api/v1/route/{pattern}" as in the endpoint data source) against it.
/// Implementations are found by reflection.
/// </summary>
public interface ITenancyProbeSet
{
    Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims victims);
}

/// <summary>
/// Every <c>/api/v1</c> endpoint, taken from the app's own endpoint data source, is called with foreign tenants' keys
/// against the victims' data. An endpoint without a probe fails the test: a new endpoint cannot ship without its
/// tenancy being proven.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TenancyApiTests(PortalFactory app)
{
    [Fact]
    public async Task EveryApiEndpoint_RefusesOrHidesAnotherPartnersData()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Distinct().OrderBy(x => x).ToList();
        Assert.NotEmpty(endpoints);

        var victims = await ArrangeVictimsAsync();
        var probes = new Dictionary<string, Probe>();
        foreach (var set in typeof(TenancyApiTests).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITenancyProbeSet).IsAssignableFrom(t))
                     .Select(t => (ITenancyProbeSet)Activator.CreateInstance(t)!))
            foreach (var (endpoint, probe) in await set.ArrangeAsync(app, victims))
                probes.Add(endpoint, probe);

        var missing = endpoints.Where(e => !probes.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a tenancy probe: " + string.Join(", ", missing));

        foreach (var attacker in new[] { Demo.Weser, Demo.ZeitWerk, Demo.Pilot })
        {
            using var client = app.ApiClient(await Demo.KeyForAsync(app, attacker));
            foreach (var endpoint in endpoints)
            {
                var method = endpoint[..endpoint.IndexOf(' ')];
                var probe = probes[endpoint];
                var request = new HttpRequestMessage(new HttpMethod(method), probe.Path);
                if (probe.Body is not null) request.Content = JsonContent.Create(probe.Body);
                var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var because = $"{attacker} → {endpoint}: {(int)response.StatusCode} {body}";
                Assert.True(response.StatusCode is not (HttpStatusCode.InternalServerError or HttpStatusCode.Unauthorized),
                    because + Environment.NewLine + string.Join(Environment.NewLine, app.Errors));
                if (response.IsSuccessStatusCode)
                {
                    // A 2xx is fine only for reading lists or acting on the attacker's own data, never showing the victims'.
                    foreach (var secret in probe.Secrets.Append(victims.ResellerId.ToString()).Append(victims.ResellerName))
                        Assert.False(body.Contains(secret, StringComparison.Ordinal), because + $" (contains '{secret}')");
                }
                else
                {
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
                        or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, because);
                }
            }
        }

        // The victims' keys still work: nothing the attackers did revoked them.
        using var victimClient = app.ApiClient(victims.ResellerKey);
        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync($"/api/v1/partners/{victims.ResellerId}")).StatusCode);
    }

    private async Task<TenancyVictims> ArrangeVictimsAsync()
    {
        var reseller = await Demo.PartnerAsync(app, Demo.Rheinland);
        var isv = await Demo.PartnerAsync(app, Demo.Belegfix);
        using var operatorClient = app.ApiClient();
        var created = await (await operatorClient.PostAsJsonAsync($"/api/v1/partners/{reseller.Id}/api-keys", new { name = "victim" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return new TenancyVictims(reseller.Id, reseller.Name, created.GetProperty("key").GetString()!, created.GetProperty("id").GetGuid(),
            isv.Id, isv.Name, await Demo.KeyForAsync(app, Demo.Belegfix));
    }
}

/// <summary>Probes of the partner and API-key endpoints.</summary>
public sealed class PartnerTenancyProbes : ITenancyProbeSet
{
    public Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v) =>
        Task.FromResult<IReadOnlyDictionary<string, Probe>>(new Dictionary<string, Probe>
        {
            ["GET /api/v1/partners"] = new("/api/v1/partners?pageSize=200"),
            ["POST /api/v1/partners"] = new("/api/v1/partners", new { kind = "Reseller", name = "Foreign", country = "DE", email = "f@f.de", parentPartnerId = v.ResellerId }),
            ["GET /api/v1/partners/{id:guid}"] = new($"/api/v1/partners/{v.ResellerId}"),
            ["GET /api/v1/partners/{partnerId:guid}/api-keys"] = new($"/api/v1/partners/{v.ResellerId}/api-keys"),
            ["POST /api/v1/partners/{partnerId:guid}/api-keys"] = new($"/api/v1/partners/{v.ResellerId}/api-keys", new { name = "stolen" }),
            ["DELETE /api/v1/partners/{partnerId:guid}/api-keys/{keyId:guid}"] = new($"/api/v1/partners/{v.ResellerId}/api-keys/{v.ResellerKeyId}"),
        });
}

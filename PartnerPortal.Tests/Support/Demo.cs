using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Data;

namespace PartnerPortal.Tests.Support;

/// <summary>Looks up the demo world's organisations by name.</summary>
public static class Demo
{
    public const string Weser = "Systemhaus Weser GmbH";
    public const string Rheinland = "Rheinland IT-Service KG";
    public const string Bavaria = "Bavaria Systemintegration AG";
    public const string Distributor = "Nordlicht IT-Distribution GmbH";
    public const string Pilot = "Elbe Cloud Partner GmbH";
    public const string ZeitWerk = "ZeitWerk Software GmbH";
    public const string Belegfix = "Belegfix Cloud GmbH";

    public static async Task<Partner> PartnerAsync(PortalFactory app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Partners.AsNoTracking().SingleAsync(p => p.Name == name);
    }

    /// <summary>Creates an API key for the partner through the public API, as the operator would.</summary>
    public static async Task<string> KeyForAsync(PortalFactory app, string partnerName)
    {
        var partner = await PartnerAsync(app, partnerName);
        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync($"/api/v1/partners/{partner.Id}/api-keys", new { name = "test " + Guid.NewGuid().ToString("N")[..6] });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("key").GetString()!;
    }
}

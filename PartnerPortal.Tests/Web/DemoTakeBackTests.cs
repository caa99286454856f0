using Microsoft.EntityFrameworkCore;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The demo shows the integration service and take-back (read only: the demo rows are shared): a request in each state
/// that matters — requested, scheduled, done with a charge the settled month bills, declined with its reason — and a
/// customer in its transitional period after giving notice.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DemoTakeBackTests(PortalFactory app)
{
    [Fact]
    public async Task TheDemo_HasIntegrationRequestsInEveryState_AndItsSettledMonthBillsTheDoneCharge()
    {
        using var op = app.ApiClient();
        var list = await op.GetFromJsonAsync<JsonElement>("/api/v1/integration-requests?pageSize=200");
        // The demo's own (other tests add requests for demo customers too, made by other actors).
        var demo = list.GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("createdBy").GetString() is "Rita Reseller" or "Ralf Rheinland" or "Ines Integrator")
            .Where(r => r.GetProperty("customerName").GetString() is "Tischlerei Brandt OHG" or "Steuerkanzlei Weber & Partner" or "Weser Logistik GmbH & Co. KG"
                or "Alpen Maschinenbau AG")
            .ToDictionary(r => r.GetProperty("customerName").GetString()!);

        Assert.Equal("Open", demo["Tischlerei Brandt OHG"].GetProperty("status").GetString());
        var scheduled = demo["Steuerkanzlei Weber & Partner"];
        Assert.Equal("Scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal("Olivia Operator", scheduled.GetProperty("assignedTo").GetString());
        Assert.Equal("2026-12-01", scheduled.GetProperty("scheduledFor").GetString()); // the clock's day 2026-11-26 + 5

        // Done on 2026-10-20 with 450.00: the demo's drafted October bills it to the customer.
        var done = demo["Weser Logistik GmbH & Co. KG"];
        Assert.Equal("Done", done.GetProperty("status").GetString());
        Assert.Equal(450.00m, done.GetProperty("charge").GetDecimal());
        Assert.Equal("2026-10", done.GetProperty("billedInPeriod").GetString());
        var october = await op.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-10");
        Assert.True(october.GetProperty("totals").GetProperty("operatorCharges").GetDecimal() >= 450.00m);

        var declined = await op.GetFromJsonAsync<JsonElement>($"/api/v1/integration-requests/{demo["Alpen Maschinenbau AG"].GetProperty("id").GetGuid()}");
        Assert.Equal("Declined", declined.GetProperty("status").GetString());
        Assert.Contains("SAP", declined.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString());
    }

    [Fact]
    public async Task TheDemo_HasACustomerInItsTransitionalPeriod()
    {
        Guid praxis;
        await using (var db = await app.DbAsync())
            praxis = await db.Customers.Where(c => c.Name == "Praxis Dr. Meyer").Select(c => c.Id).SingleAsync();
        using var op = app.ApiClient();
        var switching = await op.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{praxis}/switching");
        Assert.Equal("Transitional", switching.GetProperty("status").GetString());
        Assert.Equal("2026-11-17", switching.GetProperty("noticeDate").GetString());
    }
}

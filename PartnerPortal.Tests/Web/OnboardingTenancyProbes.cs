using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Onboarding;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Probes of the onboarding endpoints. The victim data: a reseller the operator invited under the victims' distributor
/// (Nordlicht), registered and waiting for approval, and the victim reseller Rheinland itself (Active). The attackers
/// (a reseller of the same distributor, an ISV, a pilot reseller without distributor) must neither see the invitation
/// nor approve, reject, suspend or reactivate anybody.
/// </summary>
public sealed partial class OnboardingTenancyProbes : ITenancyProbeSet
{
    public async Task<IReadOnlyDictionary<string, Probe>> ArrangeAsync(PortalFactory app, TenancyVictims v)
    {
        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        var email = $"victim-{Guid.NewGuid():N}@test.example";
        var name = "Victim Onboarding " + Guid.NewGuid().ToString("N")[..8];
        using var client = app.ApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name, email, country = "DE", parentPartnerId = distributor.Id });
        response.EnsureSuccessStatusCode();
        var invitation = await response.Content.ReadFromJsonAsync<JsonElement>();
        var invitationId = invitation.GetProperty("id").GetGuid();
        var pendingId = invitation.GetProperty("partnerId").GetGuid();
        var token = Uri.UnescapeDataString(Link().Match(await app.DeliveredBodyAsync(email)).Groups[1].Value);
        using (var scope = app.Services.CreateScope())
        {
            var problems = await scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>()
                .RegisterAsync(token, new RegistrationInput(PartnerLifecycleTests.GoodRegistration with { CompanyName = name }, "Victim", "Sicher-2026-Passwort"));
            Assert.Empty(problems);
        }

        // A file the victims' distributor imported: its record and the invitation it made.
        var importedEmail = $"victim-import-{Guid.NewGuid():N}@test.example";
        using var distributorClient = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var imported = await (await distributorClient.PostAsync("/api/v1/partners/imports?confirm=true&fileName=victim.csv",
                new StringContent($"Firma;E-Mail;Art;Land\nVictim Import GmbH;{importedEmail};Reseller;DE\n", System.Text.Encoding.UTF8, "text/csv")))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var importId = imported.GetProperty("id").GetGuid();

        string[] secrets = [name, email, pendingId.ToString(), invitationId.ToString(), importedEmail, importId.ToString()];
        return new Dictionary<string, Probe>
        {
            ["POST /api/v1/partners/invitations"] = new("/api/v1/partners/invitations",
                new { kind = "Reseller", name = "Foreign Invite", email = $"f-{Guid.NewGuid():N}@f.example", country = "DE", parentPartnerId = v.ResellerId }, secrets),
            ["GET /api/v1/partners/invitations"] = new("/api/v1/partners/invitations?pageSize=200", null, secrets),
            ["GET /api/v1/partners/invitations/{id:guid}"] = new($"/api/v1/partners/invitations/{invitationId}", null, secrets),
            ["POST /api/v1/partners/{id:guid}/approve"] = new($"/api/v1/partners/{pendingId}/approve", null, secrets),
            ["POST /api/v1/partners/{id:guid}/reject"] = new($"/api/v1/partners/{pendingId}/reject", new { reason = "hostile" }, secrets),
            ["POST /api/v1/partners/{id:guid}/suspend"] = new($"/api/v1/partners/{v.ResellerId}/suspend", new { reason = "hostile" }, secrets),
            ["POST /api/v1/partners/{id:guid}/reactivate"] = new($"/api/v1/partners/{v.ResellerId}/reactivate", null, secrets),
            ["POST /api/v1/partners/imports"] = new("/api/v1/partners/imports?confirm=true", $"Firma;E-Mail;Art;Land\nFremd GmbH;{importedEmail};Reseller;DE\n", secrets),
            ["GET /api/v1/partners/imports"] = new("/api/v1/partners/imports?pageSize=200", null, secrets),
            ["GET /api/v1/partners/imports/{id:guid}"] = new($"/api/v1/partners/imports/{importId}", null, secrets),
        };
    }

    [GeneratedRegex(@"/onboarding/register\?token=([^'""&]+)")]
    private static partial Regex Link();
}

/// <summary>After the probes, the victims' onboarding data is as it was: checked in a test of its own.</summary>
[Collection(PortalCollection.Name)]
public sealed class OnboardingTenancyAftermathTests(PortalFactory app)
{
    [Fact]
    public async Task Attackers_CannotDecideOnTheDownlineOfAnotherPartner()
    {
        var set = new OnboardingTenancyProbes();
        var reseller = await Demo.PartnerAsync(app, Demo.Rheinland);
        var probes = await set.ArrangeAsync(app, new TenancyVictims(reseller.Id, reseller.Name, "", Guid.Empty, Guid.Empty, "", ""));
        var pendingPath = probes["POST /api/v1/partners/{id:guid}/approve"].Path;
        var pendingId = Guid.Parse(pendingPath.Split('/')[4]);

        foreach (var attacker in new[] { Demo.Weser, Demo.ZeitWerk, Demo.Pilot })
        {
            using var client = app.ApiClient(await Demo.KeyForAsync(app, attacker));
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(pendingPath, null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/partners/{pendingId}/reject", new { reason = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/partners/{reseller.Id}/suspend", new { reason = "x" })).StatusCode);
        }

        await using var db = await app.DbAsync();
        Assert.Equal(PartnerPortal.Domain.Partners.PartnerStatus.PendingApproval, (await db.Partners.SingleAsync(p => p.Id == pendingId)).Status);
        Assert.Equal(PartnerPortal.Domain.Partners.PartnerStatus.Active, (await db.Partners.SingleAsync(p => p.Id == reseller.Id)).Status);
    }
}

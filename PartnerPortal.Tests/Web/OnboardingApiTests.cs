using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Domain.Partners;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Onboarding;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed partial class OnboardingApiTests(PortalFactory app)
{
    private static string NewEmail() => $"inv-{Guid.NewGuid():N}@test.example";

    private async Task<(JsonElement Invitation, string Token)> InviteAsync(HttpClient client, string email, string kind = "Reseller", string name = "Systemhaus Neu GmbH")
    {
        var response = await client.PostAsJsonAsync("/api/v1/partners/invitations", new { kind, name, email, country = "DE" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (invitation, await TokenFromMailAsync(email));
    }

    /// <summary>The token as the invitee gets it: from the link in the e-mail in the outbox.</summary>
    private async Task<string> TokenFromMailAsync(string email)
    {
        return Uri.UnescapeDataString(TokenInLink().Match(await app.DeliveredBodyAsync(email, "Invitation")).Groups[1].Value);
    }

    [GeneratedRegex(@"/onboarding/register\?token=([^'""&]+)")]
    private static partial Regex TokenInLink();

    private RegistrationInput Registration(string password = "Sicher-2026-Passwort") =>
        new(PartnerLifecycleTests.GoodRegistration, "Jana Harz", password);

    private async Task<IReadOnlyList<FieldProblem>> RegisterAsync(string token, RegistrationInput? input = null)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>().RegisterAsync(token, input ?? Registration());
    }

    private async Task<bool> CanSignInAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        return await signIn.CanSignInAsync(user);
    }

    [Fact]
    public async Task Distributor_Invites_InviteeRegisters_DistributorApproves_ThenItsAdminMaySignIn()
    {
        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var email = NewEmail();

        var (invitation, token) = await InviteAsync(client, email);
        Assert.Equal("Invited", invitation.GetProperty("partnerStatus").GetString());
        Assert.Equal("Open", invitation.GetProperty("state").GetString());
        Assert.Equal(distributor.Id, invitation.GetProperty("invitedByPartnerId").GetGuid());
        Assert.Equal(PortalFactory.Now.UtcDateTime.AddDays(14), invitation.GetProperty("expiresAtUtc").GetDateTime());
        var partnerId = invitation.GetProperty("partnerId").GetGuid();

        await using (var db = await app.DbAsync())
        {
            var stored = await db.PartnerInvitations.SingleAsync(i => i.PartnerId == partnerId);
            Assert.Equal(PartnerInvitation.HashToken(token), stored.TokenHash);
            Assert.NotEqual(token, stored.TokenHash);
            Assert.Equal(distributor.Id, (await db.Partners.SingleAsync(p => p.Id == partnerId)).ParentPartnerId);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "partner.invited" && a.PartnerId == partnerId));
        }

        Assert.Empty(await RegisterAsync(token));
        Assert.False(await CanSignInAsync(email)); // registered, not approved yet

        var pending = await client.GetFromJsonAsync<JsonElement>($"/api/v1/partners/{partnerId}");
        Assert.Equal("PendingApproval", pending.GetProperty("status").GetString());

        var approve = await client.PostAsync($"/api/v1/partners/{partnerId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal("Active", (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(await CanSignInAsync(email));

        await using (var db = await app.DbAsync())
        {
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            Assert.Equal("DE89370400440532013000", partner.Iban);
            Assert.Equal(PortalFactory.Now.UtcDateTime, partner.TermsAcceptedAtUtc);
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.Equal(user.Id, partner.TermsAcceptedByUserId);
            Assert.Equal(partnerId, user.PartnerId);
            Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == user.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == PortalRoles.Reseller)));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "partner.approved" && a.PartnerId == partnerId));
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.To == email && m.Subject.StartsWith("Your partner account is active")));
        }

        // Approving twice is refused and changes nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/api/v1/partners/{partnerId}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task InvitationLink_WorksOnce()
    {
        using var client = app.ApiClient();
        var email = NewEmail();
        var (_, token) = await InviteAsync(client, email);

        Assert.Empty(await RegisterAsync(token));
        var second = await RegisterAsync(token, Registration() with { DisplayName = "Someone Else" });
        Assert.Equal("token", Assert.Single(second).Field);

        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
        using var scope = app.Services.CreateScope();
        var info = await scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>().GetRegistrationAsync(token);
        Assert.Equal(InvitationState.Used, info!.State);
    }

    [Fact]
    public async Task InvitationLink_ExpiresAfter14Days()
    {
        // An app of its own: its clock moves forward, which the shared app's other tests must not see.
        await using var own = new CustomPortalFactory([]);
        using var client = own.ApiClient();
        var email = NewEmail();
        var response = await client.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name = "Spät GmbH", email, country = "DE" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = Uri.UnescapeDataString(TokenInLink().Match(await own.DeliveredBodyAsync(email)).Groups[1].Value);
        using var scope = own.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>();

        own.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Equal(InvitationState.Open, (await service.GetRegistrationAsync(token))!.State);
        own.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InvitationState.Expired, (await service.GetRegistrationAsync(token))!.State);
        Assert.Equal("token", Assert.Single(await service.RegisterAsync(token, Registration())).Field);

        await using var after = await own.DbAsync();
        Assert.False(await after.Users.AnyAsync(u => u.Email == email));
        Assert.Equal(PartnerStatus.Invited, (await after.Partners.SingleAsync(p => p.Email == email)).Status);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/partners/invitations?state=Expired");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task UnknownToken_ShowsNothing()
    {
        using var scope = app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PartnerRegistrationService>();
        Assert.Null(await service.GetRegistrationAsync("not-a-token"));
        Assert.Null(await service.GetRegistrationAsync(null));
        Assert.Equal("token", Assert.Single(await service.RegisterAsync("not-a-token", Registration())).Field);
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { "vatId", "DE136695977" },
        { "iban", "DE89 3704 0044 0532 0130 01" },
        { "password", "short" },
        { "acceptTerms", "" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Registration_WithABadField_NamesIt_AndSavesNothing(string field, string value)
    {
        using var client = app.ApiClient();
        var email = NewEmail();
        var (invitation, token) = await InviteAsync(client, email);
        var good = Registration();
        var input = field switch
        {
            "vatId" => good with { Registration = good.Registration with { VatId = value } },
            "iban" => good with { Registration = good.Registration with { Iban = value } },
            "acceptTerms" => good with { Registration = good.Registration with { AcceptTerms = false } },
            _ => good with { Password = value },
        };

        var problems = await RegisterAsync(token, input);

        Assert.Contains(problems, p => p.Field == field);
        Assert.All(problems, p => Assert.Equal(field, p.Field));
        await using var db = await app.DbAsync();
        var partnerId = invitation.GetProperty("partnerId").GetGuid();
        var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
        Assert.Equal(PartnerStatus.Invited, partner.Status);
        Assert.Null(partner.Iban);
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        Assert.Null((await db.PartnerInvitations.SingleAsync(i => i.PartnerId == partnerId)).UsedAtUtc);
        // The link still works once the field is corrected.
        Assert.Empty(await RegisterAsync(token));
    }

    [Fact]
    public async Task Reject_TellsTheInviteeTheReason_AndTheAddressMayBeInvitedAgain()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var email = NewEmail();
        var (invitation, token) = await InviteAsync(client, email);
        var partnerId = invitation.GetProperty("partnerId").GetGuid();
        Assert.Empty(await RegisterAsync(token));

        var noReason = await client.PostAsJsonAsync($"/api/v1/partners/{partnerId}/reject", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        var reject = await client.PostAsJsonAsync($"/api/v1/partners/{partnerId}/reject", new { reason = "Kein Gewerbenachweis" });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        var body = await reject.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Terminated", body.GetProperty("status").GetString());
        Assert.Equal("Kein Gewerbenachweis", body.GetProperty("statusReason").GetString());
        Assert.False(await CanSignInAsync(email));

        await using (var db = await app.DbAsync())
        {
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == email && m.Subject.StartsWith("Your partner registration"));
            Assert.Contains("Kein Gewerbenachweis", mail.HtmlBody);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "partner.rejected" && a.PartnerId == partnerId && a.Details == "Kein Gewerbenachweis"));
        }

        var again = await client.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name = "Zweiter Versuch GmbH", email, country = "DE" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task InvitingTheSameAddressTwice_InvitesOnce()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var email = NewEmail();
        var body = new { kind = "SystemIntegrator", name = "Doppelklick AG", email, country = "DE" };
        var responses = await Task.WhenAll(client.PostAsJsonAsync("/api/v1/partners/invitations", body), client.PostAsJsonAsync("/api/v1/partners/invitations", body));

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Created], responses.Select(r => r.StatusCode).OrderByDescending(s => (int)s).ToArray());
        var problem = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == email));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.To == email));
    }

    [Fact]
    public async Task ApprovingTwiceAtOnce_ApprovesOnce_WithOneMailAndOneAuditEntry()
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var email = NewEmail();
        var (invitation, token) = await InviteAsync(client, email);
        var partnerId = invitation.GetProperty("partnerId").GetGuid();
        Assert.Empty(await RegisterAsync(token));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync($"/api/v1/partners/{partnerId}/approve", null)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        // The losers either read the new status (400 from the lifecycle) or lost the write (409): either way nothing saved.
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.PartnerId == partnerId && a.Action == "partner.approved"));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.To == email && m.Subject.StartsWith("Your partner account is active")));
    }

    public static TheoryData<string, string> BadInvitations => new()
    {
        { """{"kind":"Isv","name":"X","email":"a@b.de","country":"DE"}""", "kind" },
        { """{"kind":"Distributor","name":"X","email":"a@b.de","country":"DE"}""", "kind" },
        { """{"kind":"Reseller","name":"","email":"a@b.de","country":"DE"}""", "name" },
        { """{"kind":"Reseller","name":"X","email":"kaputt","country":"DE"}""", "email" },
        { """{"kind":"Reseller","name":"X","email":"a@b.de","country":"Deutschland"}""", "country" },
        { """{"kind":"Reseller","name":"X","email":"a@b.de","country":"DE","pilot":true}""", "pilot" },
        { """{"kind":"Reseller","name":"X","email":"a@b.de","country":"DE","parentPartnerId":"00000000-0000-0000-0000-000000000001"}""", "parentPartnerId" },
    };

    [Theory]
    [MemberData(nameof(BadInvitations))]
    public async Task DistributorInvitation_WithABadField_Answers400NamingIt_AndSavesNothing(string json, string field)
    {
        using var client = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        await using var before = await app.DbAsync();
        var partners = await before.Partners.CountAsync();
        var response = await client.PostAsync("/api/v1/partners/invitations", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        await using var after = await app.DbAsync();
        Assert.Equal(partners, await after.Partners.CountAsync());
    }

    [Fact]
    public async Task Operator_InvitesAnyKind_AndAlone_Suspends_AndReactivates()
    {
        using var op = app.ApiClient();
        var email = NewEmail();
        var (invitation, token) = await InviteAsync(op, email, kind: "Isv", name: "Neue Software GmbH");
        Assert.Equal(JsonValueKind.Null, invitation.GetProperty("invitedByPartnerId").ValueKind);
        var partnerId = invitation.GetProperty("partnerId").GetGuid();
        Assert.Empty(await RegisterAsync(token));
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync($"/api/v1/partners/{partnerId}/approve", null)).StatusCode);

        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        Assert.Equal(HttpStatusCode.Forbidden, (await distributor.PostAsJsonAsync($"/api/v1/partners/{partnerId}/suspend", new { reason = "x" })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/v1/partners/{partnerId}/suspend", new { reason = "" })).StatusCode);
        var suspended = await op.PostAsJsonAsync($"/api/v1/partners/{partnerId}/suspend", new { reason = "Offene Rechnungen" });
        Assert.Equal("Suspended", (await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.False(await CanSignInAsync(email));
        var reactivated = await op.PostAsync($"/api/v1/partners/{partnerId}/reactivate", null);
        Assert.Equal("Active", (await reactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(await CanSignInAsync(email));
        await using var db = await app.DbAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.PartnerId == partnerId && (a.Action == "partner.suspended" || a.Action == "partner.reactivated")));
    }

    [Fact]
    public async Task Invitations_AreListedForTheirDistributor_AndFilteredByState()
    {
        using var distributor = app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));
        var email = NewEmail();
        var (invitation, _) = await InviteAsync(distributor, email);
        var id = invitation.GetProperty("id").GetGuid();

        var open = await distributor.GetFromJsonAsync<JsonElement>("/api/v1/partners/invitations?state=Open&pageSize=200");
        Assert.Contains(open.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var used = await distributor.GetFromJsonAsync<JsonElement>("/api/v1/partners/invitations?state=used&pageSize=200");
        Assert.DoesNotContain(used.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(email, (await distributor.GetFromJsonAsync<JsonElement>($"/api/v1/partners/invitations/{id}")).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await distributor.GetAsync("/api/v1/partners/invitations?state=Lost")).StatusCode);

        using var reseller = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser));
        Assert.Equal(HttpStatusCode.Forbidden, (await reseller.GetAsync("/api/v1/partners/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reseller.GetAsync($"/api/v1/partners/invitations/{id}")).StatusCode);
    }

    // ------------------------------------------------------------------ CSV import

    /// <summary>The service as the demo distributor's user would call it. Synchronous on purpose: the HTTP context
    /// lives in an AsyncLocal, which an async helper would restore on return.</summary>
    private (IServiceScope Scope, OnboardingService Service) AsDistributor(Partner distributor)
    {
        var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(PortalClaims.OrganisationKind, nameof(OrganisationKind.Partner)),
                new Claim(PortalClaims.PartnerId, distributor.Id.ToString()),
                new Claim(PortalClaims.PartnerKind, nameof(PartnerKind.Distributor)),
                new Claim(PortalClaims.DisplayName, "Nordlicht Test"),
            ], "test")),
        };
        return (scope, scope.ServiceProvider.GetRequiredService<OnboardingService>());
    }

    [Fact]
    public async Task CsvImport_PreviewChangesNothing_ConfirmInvitesTheValidRows_TheSameFileTwiceInvitesNobodyTwice()
    {
        var (scope, service) = AsDistributor(await Demo.PartnerAsync(app, Demo.Distributor));
        using var _ = scope;
        var a = NewEmail(); var b = NewEmail();
        var file = System.Text.Encoding.GetEncoding(1252).GetBytes($"Firma;E-Mail;Art;Land\r\nGrün IT GmbH;{a};Systemhaus;DE\r\nKaputt;keine-mail;Reseller;DE\r\nWeiß Netz KG;{b};Reseller;DE\r\n");

        var preview = await service.PreviewImportAsync(file);
        Assert.Equal(2, preview.ToInvite.Count);
        Assert.Equal((3, "email"), (Assert.Single(preview.Problems).Row, preview.Problems[0].Field));
        await using (var db = await app.DbAsync())
            Assert.False(await db.Partners.AnyAsync(p => p.Email == a || p.Email == b));

        var first = await service.ConfirmImportAsync(file, "partner.csv");
        Assert.Equal((2, 1, false), (first.Invited, first.Skipped, first.AlreadyImported));
        var second = await service.ConfirmImportAsync(file, "partner.csv");
        Assert.True(second.AlreadyImported);
        Assert.Equal((first.ImportId, first.Invited, first.Skipped), (second.ImportId, second.Invited, second.Skipped)); // the first result, nobody twice
        Assert.NotNull((await service.PreviewImportAsync(file)).AlreadyImportedAtUtc);

        // Another file with one of the same addresses invites only the new one.
        var c = NewEmail();
        var other = System.Text.Encoding.UTF8.GetBytes($"Name,Email,Kind,Country\nGrün IT GmbH,{a},Systemhaus,DE\nNeu AG,{c},Reseller,AT\n");
        var otherPreview = await service.PreviewImportAsync(other);
        Assert.Equal(PartnerCsvParser.AlreadyInvited, Assert.Single(otherPreview.Problems).Code);
        Assert.Equal(1, (await service.ConfirmImportAsync(other, "nachtrag.csv")).Invited);

        await using var after = await app.DbAsync();
        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        Assert.Equal(1, await after.Partners.CountAsync(p => p.Email == a && p.ParentPartnerId == distributor.Id && p.Status == PartnerStatus.Invited));
        Assert.Equal(1, await after.Partners.CountAsync(p => p.Email == b));
        Assert.Equal(1, await after.Partners.CountAsync(p => p.Email == c));
        Assert.Equal(1, await after.OutboxMessages.CountAsync(m => m.To == a));
        Assert.Equal(PartnerKind.SystemIntegrator, (await after.Partners.SingleAsync(p => p.Email == a)).Kind);
        Assert.Equal("Grün IT GmbH", (await after.Partners.SingleAsync(p => p.Email == a)).Name);
    }

    [Fact]
    public async Task CsvImport_AnUnreadableFile_InvitesNobody()
    {
        var (scope, service) = AsDistributor(await Demo.PartnerAsync(app, Demo.Distributor));
        using var _ = scope;
        var a = NewEmail();
        var broken = System.Text.Encoding.UTF8.GetBytes($"Name;E-Mail;Art;Land\n\"Offen;{a};Reseller;DE\n");

        Assert.Equal(PartnerCsvParser.FileUnreadable, (await service.PreviewImportAsync(broken)).Parse.FileError);
        var ex = await Assert.ThrowsAsync<PartnerPortal.Web.Features.Api.RequestRejectedException>(() => service.ConfirmImportAsync(broken, "x.csv"));
        Assert.Equal("file", Assert.Single(ex.Errors).Field);
        await using var db = await app.DbAsync();
        Assert.False(await db.Partners.AnyAsync(p => p.Email == a));
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 11: the partner CSV import through <c>POST /api/v1/partners/imports</c> — the page's parse, check and
/// commit, for a distributor's system. Check: every row judged, nothing written; confirm: one transaction, and the
/// same file again answers the first import.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PartnerImportApiTests(PortalFactory app)
{
    private static string NewEmail() => $"imp-{Guid.NewGuid():N}@test.example";

    private static ByteArrayContent Csv(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };

    private static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    private async Task<HttpClient> DistributorAsync() => app.ApiClient(await Demo.KeyForAsync(app, Demo.Distributor));

    [Fact]
    public async Task Check_OfAMessyExcelFile_JudgesEveryRow_AndWritesNothing()
    {
        using var client = await DistributorAsync();
        var (good, vat, dup, taken) = (NewEmail(), NewEmail(), NewEmail(), NewEmail());
        using (var invite = await DistributorAsync())
            (await invite.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name = "Schon da", email = taken, country = "DE" })).EnsureSuccessStatusCode();
        // Excel's "CSV UTF-8": BOM, ';', quotes around a name that holds the separator and a quote, a row of empty cells.
        var file = Utf8Bom(
            "Firma;E-Mail;Art;Land;USt-IdNr\r\n" +
            $"\"Müller; Söhne \"\"IT\"\" GmbH\";{good};Systemhaus;Deutschland;\r\n" +
            $"Steuer AG;{vat};Reseller;DE;DE136695976\r\n" +
            "Kaputt KG;keine-mail;Händler;Mars;\r\n" +
            ";;;;\r\n" +
            $"Doppelt GmbH;{dup};Reseller;AT;\r\n" +
            $"Doppelt Zwei GmbH;{dup};Reseller;AT;\r\n" +
            $"Schon da GmbH;{taken};Reseller;DE;\r\n");

        var response = await client.PostAsync("/api/v1/partners/imports?fileName=liste.csv", Csv(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), check.GetProperty("previewId").GetString());
        Assert.Equal(("UTF-8 (BOM)", ";"), (check.GetProperty("encoding").GetString(), check.GetProperty("delimiter").GetString()));
        Assert.Equal((6, 3, 3), (check.GetProperty("rows").GetInt32(), check.GetProperty("toInvite").GetInt32(), check.GetProperty("skipped").GetInt32()));
        var rows = check.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32());
        Assert.Equal([2, 3, 4, 6, 7, 8], rows.Keys.Order());
        Assert.Equal(("invite", "Müller; Söhne \"IT\" GmbH", "SystemIntegrator", "DE"),
            (rows[2].GetProperty("action").GetString(), rows[2].GetProperty("name").GetString(), rows[2].GetProperty("kind").GetString(), rows[2].GetProperty("country").GetString()));
        Assert.Equal(("invite", "DE136695976"), (rows[3].GetProperty("action").GetString(), rows[3].GetProperty("vatId").GetString()));
        Assert.Equal("skip", rows[4].GetProperty("action").GetString());
        Assert.Equal(["country:InvalidCountry", "email:InvalidEmail", "kind:InvalidKind"], Errors(rows[4]));
        Assert.Contains("keine-mail", rows[4].GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "email").GetProperty("message").GetString());
        Assert.Equal("invite", rows[6].GetProperty("action").GetString());
        Assert.Equal(["email:DuplicateInFile"], Errors(rows[7]));
        Assert.Equal(("skip", taken), (rows[8].GetProperty("action").GetString(), rows[8].GetProperty("email").GetString()));
        Assert.Equal(["email:AlreadyInvited"], Errors(rows[8]));

        await using var db = await app.DbAsync();
        Assert.False(await db.Partners.AnyAsync(p => p.Email == good || p.Email == vat || p.Email == dup));
        var hash = check.GetProperty("previewId").GetString();
        Assert.False(await db.PartnerImports.AnyAsync(i => i.ContentSha256 == hash));
    }

    [Fact]
    public async Task Confirm_InvitesTheRowsMarkedInvite_UnderTheDistributor_AndTheSameFileAgainAnswersTheFirstImport()
    {
        using var client = await DistributorAsync();
        var (a, b) = (NewEmail(), NewEmail());
        var file = Encoding.GetEncoding(1252).GetBytes($"Name,Email,Kind,Country\r\nGrün IT GmbH,{a},Systemhaus,DE\r\nOhne Mail,,Reseller,DE\r\nWeiß Netz KG,{b},Reseller,AT\r\n");
        var previewId = (await (await client.PostAsync("/api/v1/partners/imports", Csv(file))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("previewId").GetString();

        var first = await client.PostAsync($"/api/v1/partners/imports?confirm=true&previewId={previewId}&fileName=partner.csv", Csv(file));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var import = await first.Content.ReadFromJsonAsync<JsonElement>();
        var id = import.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/partners/imports/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal((2, 1, "partner.csv"), (import.GetProperty("invited").GetInt32(), import.GetProperty("skipped").GetInt32(), import.GetProperty("fileName").GetString()));
        Assert.Equal(new[] { a, b }.Order(), import.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("email").GetString()).Order());

        // A retry (the answer was lost): the same import, nobody invited twice; also as a form upload.
        var again = await client.PostAsync("/api/v1/partners/imports?confirm=true", Csv(file));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var form = new MultipartFormDataContent { { Csv(file), "file", "partner.csv" } };
        var asForm = await client.PostAsync("/api/v1/partners/imports?confirm=true", form);
        Assert.Equal(HttpStatusCode.OK, asForm.StatusCode);
        foreach (var repeat in new[] { again, asForm })
        {
            var body = await repeat.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((id, 2), (body.GetProperty("id").GetGuid(), body.GetProperty("invitations").GetArrayLength()));
        }
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/partners/imports/{id}");
        Assert.Equal(2, read.GetProperty("invited").GetInt32());
        Assert.Contains((await client.GetFromJsonAsync<JsonElement>("/api/v1/partners/imports?pageSize=200")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == id);

        var distributor = await Demo.PartnerAsync(app, Demo.Distributor);
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == a && p.ParentPartnerId == distributor.Id && p.Status == PartnerStatus.Invited && p.Kind == PartnerKind.SystemIntegrator));
        Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == b && p.Name == "Weiß Netz KG"));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.To == a));
    }

    [Fact]
    public async Task TwoSimultaneousConfirmsOfOneFile_MakeOneImport_BothAnswerIt()
    {
        using var one = await DistributorAsync();
        using var two = await DistributorAsync();
        for (var round = 0; round < 4; round++)
        {
            var email = NewEmail();
            var file = Encoding.UTF8.GetBytes($"Firma;E-Mail;Art;Land\nRennen {round} GmbH;{email};Reseller;DE\n");
            var answers = await Task.WhenAll(
                one.PostAsync("/api/v1/partners/imports?confirm=true", Csv(file)),
                two.PostAsync("/api/v1/partners/imports?confirm=true", Csv(file)));
            var ids = new List<Guid>();
            foreach (var answer in answers)
            {
                Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK,
                    $"round {round}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()} {string.Join(Environment.NewLine, app.Errors)}");
                ids.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }
            Assert.Single(ids.Distinct());
            Assert.Single(answers, x => x.StatusCode == HttpStatusCode.Created);
            await using var db = await app.DbAsync();
            Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == email));
        }
    }

    [Fact]
    public async Task Confirm_OfAFileThatIsNotThePreviewedOne_Is409_AndInvitesNobody()
    {
        using var client = await DistributorAsync();
        var email = NewEmail();
        var file = Encoding.UTF8.GetBytes($"Firma;E-Mail;Art;Land\nAnders GmbH;{email};Reseller;DE\n");
        var response = await client.PostAsync($"/api/v1/partners/imports?confirm=true&previewId={new string('0', 64)}", Csv(file));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("previewId", out _));
        await using var db = await app.DbAsync();
        Assert.False(await db.Partners.AnyAsync(p => p.Email == email));
    }

    public static TheoryData<string, string, int, string> BadFiles => new()
    {
        { "empty", "", 400, "FileEmpty" },
        { "header only", "Firma;E-Mail;Art;Land\r\n", 400, "FileEmpty" },
        { "no columns to know", "Foo;Bar\r\n1;2\r\n", 400, "FileMissingColumns" },
        { "unclosed quote", "Firma;E-Mail;Art;Land\n\"Offen;a@b.example;Reseller;DE\n", 400, "FileUnreadable" },
        { "too large", "LARGE", 413, "" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task AFileThatCannotBeImported_IsAProblemNamingTheFile_CheckedAndConfirmed_AndInvitesNobody(string what, string text, int status, string code)
    {
        using var client = await DistributorAsync();
        var before = await CountImportsAsync();
        foreach (var path in new[] { "/api/v1/partners/imports", "/api/v1/partners/imports?confirm=true" })
        {
            var body = text == "LARGE" ? "Firma;E-Mail;Art;Land\n" + new string('x', PartnerPortal.Web.Features.Onboarding.PartnerCsvParser.MaxBytes) : text;
            var response = await client.PostAsync(path, Csv(Encoding.UTF8.GetBytes(body)));
            Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var file = problem.GetProperty("errors").GetProperty("file")[0].GetString();
            Assert.StartsWith(code, file, StringComparison.Ordinal);
        }
        Assert.Equal(before, await CountImportsAsync());
    }

    /// <summary>The address has another distributor's open invitation, which this one cannot see: the file waits whole (409), nobody is invited.</summary>
    [Fact]
    public async Task Confirm_WhenAnAddressIsOpenWithAnotherDistributor_Is409_AndInvitesNobodyOfTheFile()
    {
        using var operatorClient = app.ApiClient();
        var other = await (await operatorClient.PostAsJsonAsync("/api/v1/partners", new
        {
            kind = "Distributor", name = "Süd Distribution " + Guid.NewGuid().ToString("N")[..6], country = "DE", email = NewEmail(),
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var otherKey = (await (await operatorClient.PostAsJsonAsync($"/api/v1/partners/{other.GetProperty("id").GetGuid()}/api-keys", new { name = "import test" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var south = app.ApiClient(otherKey);
        var (taken, fresh) = (NewEmail(), NewEmail());
        (await south.PostAsJsonAsync("/api/v1/partners/invitations", new { kind = "Reseller", name = "Süd Reseller", email = taken, country = "DE" })).EnsureSuccessStatusCode();

        using var client = await DistributorAsync();
        var file = Encoding.UTF8.GetBytes($"Firma;E-Mail;Art;Land\nNeu GmbH;{fresh};Reseller;DE\nSüd Reseller;{taken};Reseller;DE\n");
        var check = await (await client.PostAsync("/api/v1/partners/imports", Csv(file))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, check.GetProperty("toInvite").GetInt32()); // the other distributor's invitation is not visible here
        var response = await client.PostAsync("/api/v1/partners/imports?confirm=true", Csv(file));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
        await using var db = await app.DbAsync();
        Assert.False(await db.Partners.AnyAsync(p => p.Email == fresh));
        Assert.Equal(1, await db.Partners.CountAsync(p => p.Email == taken));

        // The other distributor neither sees Nordlicht's imports nor can read one.
        var mine = await (await client.PostAsync("/api/v1/partners/imports?confirm=true", Csv(Encoding.UTF8.GetBytes($"Firma;E-Mail;Art;Land\nNur Nord GmbH;{NewEmail()};Reseller;DE\n"))))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = mine.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/api/v1/partners/imports/{id}")).StatusCode);
        Assert.DoesNotContain((await south.GetFromJsonAsync<JsonElement>("/api/v1/partners/imports?pageSize=200")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task OnlyDistributorsImport_TheOperatorResellersAndIsvsGet403()
    {
        var email = NewEmail();
        var file = Encoding.UTF8.GetBytes($"Firma;E-Mail;Art;Land\nFremd GmbH;{email};Reseller;DE\n");
        foreach (var key in new[] { PortalFactory.OperatorKey, await Demo.KeyForAsync(app, Demo.Weser), await Demo.KeyForAsync(app, Demo.ZeitWerk) })
        {
            using var client = app.ApiClient(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/partners/imports?confirm=true", Csv(file))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/partners/imports", Csv(file))).StatusCode);
        }
        await using var db = await app.DbAsync();
        Assert.False(await db.Partners.AnyAsync(p => p.Email == email));
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheImport_WithItsCsvBody()
    {
        using var client = app.ApiClient(key: null);
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = doc.GetProperty("paths").GetProperty("/api/v1/partners/imports").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _), post.ToString());
        Assert.Contains("confirm", post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/partners/imports/{id}", out _));
    }

    private static List<string> Errors(JsonElement row) =>
        row.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("code").GetString()}").Order().ToList();

    private async Task<int> CountImportsAsync()
    {
        await using var db = await app.DbAsync();
        return await db.PartnerImports.CountAsync();
    }
}

using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class FoundationTests(PortalFactory app)
{
    [Fact]
    public async Task Health_AnswersHealthy_WithTheDatabaseChecked()
    {
        using var client = app.ApiClient(key: null);
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task SignInPage_IsServed_InGermanByDefault_AndInEnglishOnRequest()
    {
        using var client = app.ApiClient(key: null);
        var german = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Anmelden", german);
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var english = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("Sign in", english);
    }

    [Fact]
    public async Task HomePage_RedirectsAnonymousUsersToSignIn()
    {
        using var client = app.ApiClient(key: null);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    public async Task HangfireDashboard_RefusesAnonymousCallers(string path)
    {
        using var client = app.ApiClient(key: null);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HangfireDashboard_RefusesAnApiKeyEvenTheOperators()
    {
        // The dashboard trusts the sign-in cookie of an operator only; API keys are for /api/v1.
        using var client = app.ApiClient();
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApiEndpoints_AndNotTheAccountPages()
    {
        using var client = app.ApiClient(key: null);
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/partners", paths);
        Assert.Contains("/api/v1/partners/{id}", paths);
        Assert.Contains("/api/v1/partners/{partnerId}/api-keys", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/Account", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ApiReference_IsBrowsable()
    {
        using var client = app.ApiClient(key: null);
        var response = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData(null, "Send 'Authorization: Bearer")]
    [InlineData("not-a-key", "unknown or revoked")]
    public async Task Api_WithoutAValidKey_Answers401Problem(string? key, string detail)
    {
        using var client = app.ApiClient(key);
        var response = await client.GetAsync("/api/v1/partners");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Api_UnknownPath_AnswersProblem404()
    {
        using var client = app.ApiClient();
        var response = await client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Api_MalformedJson_Answers400Problem_AndCreatesNothing()
    {
        using var client = app.ApiClient();
        await using var before = await app.DbAsync();
        var count = before.Partners.Count();
        var response = await client.PostAsync("/api/v1/partners", new StringContent("{\"kind\": \"Reseller\", \"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        await using var after = await app.DbAsync();
        Assert.Equal(count, after.Partners.Count());
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Demo;

namespace PartnerPortal.Tests.Web;

/// <summary>Issue 12, item 7: in Production, bad input answers a 400 problem naming the field, and no redirect target gives a 500.</summary>
public sealed partial class ProductionErrorTests(ProductionPortalFactory app) : IClassFixture<ProductionPortalFactory>
{
    [Theory]
    [InlineData("""{"charges":[{"type":"flat","amount":"zehn"}]}""", "charges[0].amount")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}],"seats":1.5}""", "seats")]
    [InlineData("""{"charges":[{"type":"flat","amount":1}""", "charges[1]")]
    public async Task MalformedJson_Answers400Problem_NamingTheFieldAndPosition(string json, string field)
    {
        using var client = app.ApiClient();
        var response = await client.PostAsync("/api/v1/pricing/quote", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {text}");
        Assert.Contains("line 1, position", problem.GetProperty("detail").GetString());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task AnUnreadableQueryValue_Answers400Problem()
    {
        using var client = app.ApiClient();
        var response = await client.GetAsync("/api/v1/partners?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("page", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/x")]
    public async Task SignIn_WithAForeignReturnUrl_GoesHome(string returnUrl)
    {
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await browser.GetStringAsync(login);
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = "reseller@demo.partnerportal.test";
        fields["Input.Password"] = PortalSeeder.DemoPassword;
        var response = await browser.PostAsync(login, new FormUrlEncodedContent(fields));
        Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{response.StatusCode}: {string.Join("\n", app.Errors)}");
        var location = response.Headers.Location!.ToString();
        Assert.DoesNotContain("evil", location, StringComparison.OrdinalIgnoreCase);
        Assert.True(location is "/" or "http://localhost/", location);
    }

    [Theory]
    [InlineData("/%5Cx")]
    [InlineData("/%5C%5Cevil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    public async Task CultureSwitch_WithAForeignRedirect_GoesHome(string redirectUri)
    {
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await browser.GetAsync($"/culture?culture=en-US&redirectUri={redirectUri}");
        Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{response.StatusCode}: {string.Join("\n", app.Errors)}");
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}

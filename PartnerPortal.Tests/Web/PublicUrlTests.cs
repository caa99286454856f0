using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Issue 12, item 1: every link in a mail is built from Portal:PublicUrl, never from the request's Host header, and
/// forwarded headers count only from the configured proxies.
/// </summary>
public sealed partial class PublicUrlTests
{
    private const string PublicUrl = "https://portal.partnerportal.test/";
    private const string Evil = "evil.example";

    [Fact]
    public async Task MailLinks_ComeFromPublicUrl_NeverFromTheHostHeader()
    {
        await using var app = new CustomPortalFactory(new() { ["Portal:PublicUrl"] = PublicUrl });

        // The password reset of the operator, asked for with a forged Host header.
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Host = Evil;
        var form = await browser.GetStringAsync("/Account/ForgotPassword");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = "operator@demo.partnerportal.test";
        var posted = await browser.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent(fields));
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{posted.StatusCode}: {string.Join("\n", app.Errors)}");

        // A partner invitation and a customer-user invitation through the API, with the same forged Host.
        using var op = app.ApiClient();
        op.DefaultRequestHeaders.Host = Evil;
        var partnerEmail = $"neu-{Guid.NewGuid():N}@partner.example";
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync("/api/v1/partners/invitations",
            new { kind = "Reseller", name = "Systemhaus Host GmbH", email = partnerEmail, country = "DE" })).StatusCode);
        using var rheinland = app.ApiClient(await Demo.KeyForAsync(app, Demo.Rheinland));
        rheinland.DefaultRequestHeaders.Host = Evil;
        var created = await rheinland.PostAsJsonAsync("/api/v1/customers", new { name = "Host KG " + Guid.NewGuid().ToString("N")[..6], country = "DE" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var customerEmail = $"admin-{Guid.NewGuid():N}@kunde.example";
        Assert.Equal(HttpStatusCode.Created, (await rheinland.PostAsJsonAsync($"/api/v1/customers/{customerId}/users", new { email = customerEmail })).StatusCode);

        foreach (var to in new[] { "operator@demo.partnerportal.test", partnerEmail, customerEmail })
        {
            var body = await app.DeliveredBodyAsync(to);
            var links = Link().Matches(body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.StartsWith(PublicUrl, l, StringComparison.Ordinal));
            Assert.DoesNotContain(Evil, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ForwardedProto_CountsOnlyFromAConfiguredProxy()
    {
        // HSTS is sent only on https requests to a non-local host: it shows the scheme the app believes the request has.
        await using var app = new ProxiedPortalFactory("203.0.113.7", new() { ["Portal:PublicUrl"] = PublicUrl, ["Portal:ForwardedProxies:0"] = "10.0.0.5" });
        using var unknown = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.False(await SeenAsHttpsAsync(unknown));

        await using var proxied = new ProxiedPortalFactory("10.0.0.5", new() { ["Portal:PublicUrl"] = PublicUrl, ["Portal:ForwardedProxies:0"] = "10.0.0.5" });
        using var fromProxy = proxied.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.True(await SeenAsHttpsAsync(fromProxy));

        await using var noProxies = new ProxiedPortalFactory("10.0.0.5", new() { ["Portal:PublicUrl"] = PublicUrl });
        using var noneTrusted = noProxies.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.False(await SeenAsHttpsAsync(noneTrusted));
    }

    private static async Task<bool> SeenAsHttpsAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = "portal.partnerportal.test";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.1");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Contains("Strict-Transport-Security");
    }

    /// <summary>An app whose every request arrives from <c>remoteIp</c> (the test server has no connection address).</summary>
    private sealed class ProxiedPortalFactory(string remoteIp, Dictionary<string, string?> settings) : PortalFactory(settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remoteIp))));
        }
    }

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("href=['\"]([^'\"]+)['\"]")]
    private static partial Regex Link();
}

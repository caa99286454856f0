using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PartnerPortal.Tests.Support;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The pages' download endpoint (<c>/statements/{partner}/{period}/download/{format}</c>, the sign-in cookie): the same
/// tenancy as the JSON. The demo world drafts October 2026 at first start, so every demo partner has a statement.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class StatementPageDownloadTests(PortalFactory app)
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }); // keeps cookies
        var form = await browser.GetStringAsync("/Account/Login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = PartnerPortal.Web.Features.Demo.PortalSeeder.DemoPassword;
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.Headers.Location!.ToString());
        return browser;
    }

    private static string Download(Guid partner, string format, string lang = "de") => $"/statements/{partner}/2026-10/download/{format}?lang={lang}";

    [Fact]
    public async Task APartner_DownloadsItsOwnStatement_ButNeverAnotherPartners()
    {
        var weser = (await Demo.PartnerAsync(app, Demo.Weser)).Id;
        var rheinland = (await Demo.PartnerAsync(app, Demo.Rheinland)).Id;
        var zeitWerk = (await Demo.PartnerAsync(app, Demo.ZeitWerk)).Id;
        using var browser = await SignedInAsync("reseller2@demo.partnerportal.test"); // Rheinland

        var own = await browser.GetAsync(Download(rheinland, "pdf"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("%PDF", Encoding.ASCII.GetString((await own.Content.ReadAsByteArrayAsync())[..4]));
        var csv = await browser.GetAsync(Download(rheinland, "csv", "en"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Commission statement", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));

        foreach (var (partner, format) in new[] { (weser, "pdf"), (weser, "csv"), (zeitWerk, "pdf"), (Guid.NewGuid(), "csv") })
        {
            var foreign = await browser.GetAsync(Download(partner, format));
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.DoesNotContain("PP-2026", await foreign.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task TheDistributor_DownloadsItsDownlinesStatement_AndTheOperatorAnyones()
    {
        var weser = (await Demo.PartnerAsync(app, Demo.Weser)).Id;
        var pilot = (await Demo.PartnerAsync(app, Demo.Pilot)).Id; // no distributor
        using var distributor = await SignedInAsync("distributor@demo.partnerportal.test");
        Assert.Equal(HttpStatusCode.OK, (await distributor.GetAsync(Download(weser, "pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await distributor.GetAsync(Download(pilot, "pdf"))).StatusCode);
        using var op = await SignedInAsync("operator@demo.partnerportal.test");
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync(Download(pilot, "csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync(Download(pilot, "xlsx"))).StatusCode);
    }

    [Fact]
    public async Task WithoutASignInCookie_TheDownloadSendsToSignIn_EvenWithAnApiKey()
    {
        var weser = (await Demo.PartnerAsync(app, Demo.Weser)).Id;
        using var anonymous = app.ApiClient(key: null);
        var response = await anonymous.GetAsync(Download(weser, "pdf"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
        using var keyed = app.ApiClient(await Demo.KeyForAsync(app, Demo.Weser)); // API keys open the API, not the pages
        Assert.NotEqual(HttpStatusCode.OK, (await keyed.GetAsync(Download(weser, "pdf"))).StatusCode);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}

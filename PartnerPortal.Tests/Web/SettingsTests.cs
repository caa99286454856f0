using Microsoft.Extensions.Configuration;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Tests.Web;

public sealed class SettingsTests
{
    private static PortalSettings Load(params (string Key, string Value)[] values) => LoadIn("Testing", values);

    private static PortalSettings LoadIn(string environment, params (string Key, string Value)[] values) =>
        PortalSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(),
            "/srv/portal", environment);

    [Fact]
    public void PublicUrl_IsRequiredOutsideDevelopmentAndTesting_AndDefaultsToLocalhostThere()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LoadIn("Production"));
        Assert.Contains("Portal:PublicUrl", ex.Message);
        Assert.Throws<InvalidOperationException>(() => LoadIn("Staging"));
        var warnings = new List<string>();
        var dev = PortalSettings.Load(new ConfigurationBuilder().Build(), "/srv/portal", "Development", warnings.Add);
        Assert.Equal(PortalSettings.DevelopmentPublicUrl, dev.PublicUrl.AbsoluteUri);
        Assert.Contains("Portal:PublicUrl", Assert.Single(warnings));

        var production = LoadIn("Production", ("Portal:PublicUrl", "https://portal.example.com/partner"));
        Assert.Equal("https://portal.example.com/partner/Account/ResetPassword", production.Link("Account/ResetPassword"));
    }

    [Theory]
    [InlineData("portal.example.com")]
    [InlineData("/partner")]
    [InlineData("ftp://portal.example.com/")]
    [InlineData("https://portal.example.com/?a=1")]
    [InlineData("https://user:pw@portal.example.com/")]
    public void PublicUrl_MustBeAnAbsoluteHttpUrlWithoutQuery(string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LoadIn("Production", ("Portal:PublicUrl", value)));
        Assert.Contains("Portal:PublicUrl", ex.Message);
    }

    [Fact]
    public void ForwardedProxies_AreAListOfAddresses_EmptyByDefault()
    {
        Assert.Empty(Load().ForwardedProxies);
        Assert.Equal(["10.0.0.5", "10.0.0.6"], Load(("Portal:ForwardedProxies:0", "10.0.0.5"), ("Portal:ForwardedProxies:1", "10.0.0.6")).ForwardedProxies.Select(a => a.ToString()));
        Assert.Equal(["10.0.0.5", "::1"], Load(("Portal:ForwardedProxies", "10.0.0.5, ::1")).ForwardedProxies.Select(a => a.ToString()));
        Assert.Contains("Portal:ForwardedProxies", Assert.Throws<InvalidOperationException>(() => Load(("Portal:ForwardedProxies", "lb.local"))).Message);
    }

    [Fact]
    public void Defaults_AreTheEmbeddedSqliteWorld()
    {
        var settings = Load();
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.True(settings.DemoData);
        Assert.Equal("Europe/Berlin", settings.TimeZone.Id);
        Assert.Equal("Data Source=/srv/portal/App_Data/portal.db", settings.ConnectionString);
        Assert.Null(settings.BootstrapOperatorApiKey);
        Assert.Null(settings.Smtp);
    }

    [Theory]
    [InlineData("Portal:Database:Provider", "Oracle", "Allowed values: Sqlite, SqlServer")]
    [InlineData("Portal:Database:Provider", "2", "Allowed values: Sqlite, SqlServer")]
    [InlineData("Portal:DemoData", "yes", "Allowed values: true, false")]
    [InlineData("Portal:TimeZone", "Mars/Olympus", "IANA time zone")]
    [InlineData("Portal:Bootstrap:OperatorApiKey", "short", "at least 32 characters")]
    [InlineData("Portal:Smtp:Host", "smtp.example.com", "Portal:Smtp:From")]
    public void ABadSetting_StopsTheApp_NamingTheKeyAndTheAllowedValues(string key, string value, string allowed)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Load((key, value)));
        Assert.Contains(key == "Portal:Smtp:Host" ? "Portal:Smtp:From" : key, ex.Message);
        Assert.Contains(allowed, ex.Message);
    }

    [Fact]
    public void SqlServer_NeedsAConnectionString()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Load(("Portal:Database:Provider", "SqlServer")));
        Assert.Contains("ConnectionStrings:Portal", ex.Message);
    }

    [Fact]
    public void TheApp_RefusesToStart_WithABadProvider()
    {
        using var app = new CustomPortalFactory(new() { ["Portal:Database:Provider"] = "Postgres" });
        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Portal:Database:Provider", ex.ToString());
    }
}

using Microsoft.Extensions.Configuration;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Settings;

namespace PartnerPortal.Tests.Web;

public sealed class SettingsTests
{
    private static PortalSettings Load(params (string Key, string Value)[] values) =>
        PortalSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(), "/srv/portal");

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

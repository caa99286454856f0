using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Tests.Support;

/// <summary>
/// The real app through its real HTTP pipeline, on a real SQLite file with the migrations applied and the demo
/// world seeded, in a folder of its own. The clock is a <see cref="FakeTimeProvider"/> set to a fixed day.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef0123456789";
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "pp-tests", Guid.NewGuid().ToString("N"));
    public FakeTimeProvider Clock { get; } = new(Now);

    public PortalFactory() : this(null) { }

    protected PortalFactory(Dictionary<string, string?>? settings)
    {
        Directory.CreateDirectory(DataFolder);
        _settings = new Dictionary<string, string?>
        {
            ["Portal:DataFolder"] = DataFolder,
            ["Portal:DemoData"] = "true",
            ["Portal:Bootstrap:OperatorApiKey"] = OperatorKey,
            ["Portal:Jobs:RunServer"] = "false",
            ["ConnectionStrings:Portal"] = "",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // MudBlazor's CSS and JS for the browser tests, as in Development
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private static readonly object StartLock = new();

    /// <summary>
    /// Hangfire's AddHangfire publishes its storage through the static <c>JobStorage.Current</c> while the host
    /// starts; apps starting in parallel would pick up each other's storage, so starts are taken one at a time.
    /// </summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        lock (StartLock) return base.CreateHost(builder);
    }

    public HttpClient ApiClient(string? key = OperatorKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A context acting as <paramref name="tenant"/>, to arrange data or check what a tenant sees.</summary>
    public async Task<PortalDbContext> DbAsync(Tenant? tenant = null)
    {
        var scope = Services.CreateScope();
        var factory = scope.ServiceProvider.GetRequiredService<PortalDbFactory>();
        return await factory.CreateForAsync(tenant ?? Tenant.System);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>An app with settings of its own (each instance has its own database).</summary>
public sealed class CustomPortalFactory(Dictionary<string, string?> settings) : PortalFactory(settings);

/// <summary>One app for the integration tests that only add their own data (they never assume global counts).</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}

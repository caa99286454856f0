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

    /// <summary>Every error the app logged (category, message, exception): what a test shows when it meets a 500.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

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
            // The demo's paying account, as PartnerPortal.Web/appsettings.Development.json sets it: the payment file needs one.
            ["Portal:Payouts:Name"] = "PartnerPortal Demo Betrieb GmbH",
            ["Portal:Payouts:Iban"] = "DE29500105170000424242",
            ["Portal:Payouts:Bic"] = "INGDDEFFXXX",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // MudBlazor's CSS and JS for the browser tests, as in Development
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new ErrorLogProvider(Errors));
        });
    }

    private static readonly object StartLock = new();

    /// <summary>
    /// Hangfire's AddHangfire publishes its storage through the static <c>JobStorage.Current</c> while the host
    /// starts; apps starting in parallel would pick up each other's storage, so starts are taken one at a time.
    /// </summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        lock (StartLock)
        {
            var host = base.CreateHost(builder);
            // Hangfire keeps its log provider in a static that the last started host set, over that host's logger
            // factory; once another test class disposes its host, Hangfire's next logger would throw
            // ObjectDisposedException inside a request of this one. Tests log nothing of Hangfire's.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(SilentHangfireLog.Instance);
            return host;
        }
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

/// <summary>Keeps the app's error-level log entries, so a failing test can say why the app answered 500.</summary>
internal sealed class ErrorLogProvider(System.Collections.Concurrent.ConcurrentQueue<string> errors) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new ErrorLogger(categoryName, errors);

    public void Dispose() { }

    private sealed class ErrorLogger(string category, System.Collections.Concurrent.ConcurrentQueue<string> errors) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && errors.Count < 200) errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}

/// <summary>A Hangfire log provider that writes nothing (see <see cref="PortalFactory"/>'s CreateHost).</summary>
internal sealed class SilentHangfireLog : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
{
    public static readonly SilentHangfireLog Instance = new();

    public Hangfire.Logging.ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}

/// <summary>
/// The app in the Production environment (as published: the error page, no developer exceptions, minimal APIs that
/// do not throw on bad requests by default), with the settings Production requires.
/// </summary>
public sealed class ProductionPortalFactory() : PortalFactory(new() { ["Portal:PublicUrl"] = "https://portal.partnerportal.test/" })
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

namespace PartnerPortal.Web.Settings;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// The <c>Portal:*</c> settings of DESIGN §9, read and checked once at start. A bad value stops the app with a
/// message that names the key and the values it allows, before anything touches the database.
/// </summary>
public sealed record PortalSettings(
    DatabaseProvider Provider,
    string ConnectionString,
    bool DemoData,
    string? BootstrapOperatorApiKey,
    TimeZoneInfo TimeZone,
    string DataFolder,
    SmtpSettings? Smtp)
{
    /// <summary>
    /// <c>Portal:PublicUrl</c>: the portal's public base URL (absolute http(s), no query), ending in '/'. Every link in
    /// a mail is built from it, never from the request's Host header (which any caller can set).
    /// </summary>
    public Uri PublicUrl { get; init; } = new(DevelopmentPublicUrl);

    /// <summary>
    /// <c>Portal:ForwardedProxies</c>: the addresses of the proxies (a TLS load balancer) whose X-Forwarded-For and
    /// X-Forwarded-Proto headers are trusted; empty (the default) trusts none.
    /// </summary>
    public IReadOnlyList<System.Net.IPAddress> ForwardedProxies { get; init; } = [];

    /// <summary>The default of <c>Portal:PublicUrl</c> in Development and Testing (the launch profile's address).</summary>
    public const string DevelopmentPublicUrl = "http://localhost:5016/";

    /// <summary>An absolute link to <paramref name="relativePath"/> (no leading '/') under <see cref="PublicUrl"/>.</summary>
    public string Link(string relativePath) => new Uri(PublicUrl, relativePath.TrimStart('/')).AbsoluteUri;

    /// <summary>Today's date in the installation's time zone (periods and contract dates are local days).</summary>
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZone).DateTime);

    /// <summary>
    /// Reads and checks the settings. <c>Portal:PublicUrl</c> is required unless <paramref name="environment"/> is
    /// Development or Testing, where it defaults to <see cref="DevelopmentPublicUrl"/> with a warning: mail is
    /// written to the outbox in every environment, so a production start without it would mail unusable links.
    /// </summary>
    public static PortalSettings Load(IConfiguration configuration, string contentRoot, string environment, Action<string>? warn = null)
    {
        var providerText = configuration["Portal:Database:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
            throw Bad("Portal:Database:Provider", providerText, "Sqlite, SqlServer");
        if (!Enum.IsDefined(provider))
            throw Bad("Portal:Database:Provider", providerText!, "Sqlite, SqlServer");

        var demoText = configuration["Portal:DemoData"];
        var demo = true;
        if (!string.IsNullOrWhiteSpace(demoText) && !bool.TryParse(demoText, out demo))
            throw Bad("Portal:DemoData", demoText, "true, false");

        var zoneText = configuration["Portal:TimeZone"];
        if (string.IsNullOrWhiteSpace(zoneText)) zoneText = "Europe/Berlin";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out var zone))
            throw Bad("Portal:TimeZone", zoneText, "an IANA time zone id such as Europe/Berlin or UTC");

        var dataFolder = configuration["Portal:DataFolder"];
        dataFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(dataFolder) ? "App_Data" : dataFolder, contentRoot);

        var connectionString = configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.SqlServer)
                throw new InvalidOperationException(
                    "Setting ConnectionStrings:Portal is required when Portal:Database:Provider is SqlServer " +
                    "(for example Server=...;Database=PartnerPortal;...).");
            connectionString = $"Data Source={Path.Combine(dataFolder, "portal.db")}";
        }

        var apiKey = configuration["Portal:Bootstrap:OperatorApiKey"];
        if (!string.IsNullOrEmpty(apiKey) && apiKey.Trim().Length < 32)
            throw new InvalidOperationException(
                "Setting Portal:Bootstrap:OperatorApiKey is too short: use at least 32 characters (or leave it empty for none).");

        SmtpSettings? smtp = null;
        var smtpHost = configuration["Portal:Smtp:Host"];
        if (!string.IsNullOrWhiteSpace(smtpHost))
        {
            var portText = configuration["Portal:Smtp:Port"];
            var port = 587;
            if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
                throw Bad("Portal:Smtp:Port", portText, "a port number 1..65535");
            var from = configuration["Portal:Smtp:From"];
            if (string.IsNullOrWhiteSpace(from) || !from.Contains('@'))
                throw Bad("Portal:Smtp:From", from ?? "", "the sender's e-mail address");
            smtp = new SmtpSettings(smtpHost, port, configuration["Portal:Smtp:User"], configuration["Portal:Smtp:Password"], from);
        }

        var publicUrlText = configuration["Portal:PublicUrl"];
        Uri publicUrl;
        if (string.IsNullOrWhiteSpace(publicUrlText))
        {
            if (environment is not ("Development" or "Testing"))
                throw new InvalidOperationException(
                    "Setting Portal:PublicUrl is required: the portal's public base URL, such as https://portal.example.com/ " +
                    "(every link in a mail is built from it). Only Development and Testing default to " + DevelopmentPublicUrl + ".");
            publicUrl = new Uri(DevelopmentPublicUrl);
            warn?.Invoke($"Portal:PublicUrl is not set; links in mails point to {DevelopmentPublicUrl} (allowed in Development and Testing only).");
        }
        else
        {
            if (!Uri.TryCreate(publicUrlText.Trim(), UriKind.Absolute, out var parsed)
                || parsed.Scheme is not ("http" or "https") || parsed.Query.Length > 0 || parsed.Fragment.Length > 0
                || parsed.UserInfo.Length > 0)
                throw Bad("Portal:PublicUrl", publicUrlText, "an absolute http or https URL without query, such as https://portal.example.com/");
            publicUrl = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        }

        var proxies = new List<System.Net.IPAddress>();
        foreach (var entry in configuration.GetSection("Portal:ForwardedProxies").GetChildren().Select(c => c.Value)
                     .Append(configuration["Portal:ForwardedProxies"]))
        {
            // Either a list (Portal:ForwardedProxies:0 = 10.0.0.5) or one value with commas (Portal__ForwardedProxies=10.0.0.5,10.0.0.6).
            foreach (var text in (entry ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!System.Net.IPAddress.TryParse(text, out var address))
                    throw Bad("Portal:ForwardedProxies", text, "IP addresses of the proxies whose forwarded headers are trusted");
                proxies.Add(address);
            }
        }

        return new PortalSettings(provider, connectionString, demo, string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(), zone, dataFolder, smtp)
        {
            PublicUrl = publicUrl,
            ForwardedProxies = proxies,
        };
    }

    private static InvalidOperationException Bad(string key, string value, string allowed) =>
        new($"Setting {key} has the value '{value}', which is not allowed. Allowed values: {allowed}.");
}

public sealed record SmtpSettings(string Host, int Port, string? User, string? Password, string From);

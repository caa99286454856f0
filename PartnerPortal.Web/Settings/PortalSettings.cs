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
    /// <summary>Today's date in the installation's time zone (periods and contract dates are local days).</summary>
    public DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZone).DateTime);

    public static PortalSettings Load(IConfiguration configuration, string contentRoot)
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

        return new PortalSettings(provider, connectionString, demo, string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim(), zone, dataFolder, smtp);
    }

    private static InvalidOperationException Bad(string key, string value, string allowed) =>
        new($"Setting {key} has the value '{value}', which is not allowed. Allowed values: {allowed}.");
}

public sealed record SmtpSettings(string Host, int Port, string? User, string? Password, string From);

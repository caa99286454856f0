namespace PartnerPortal.Web.Settings;

public static class RepositorySettings
{
    /// <summary>
    /// Reads <c>appsettings.json</c> from the repository root (copied next to the binaries by the build) as the lowest
    /// layer, so environment variables (<c>Portal__DemoData=false</c>) and the command line still override it.
    /// </summary>
    public static void AddRepositorySettings(this ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path)) return;
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var jsonSource = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = path, Optional = true, ReloadOnChange = false,
        };
        jsonSource.ResolveFileProvider();
        // Place it just before the environment-variable sources, i.e. after the host's defaults.
        var index = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        sources.Insert(index < 0 ? 0 : index, jsonSource);
    }
}

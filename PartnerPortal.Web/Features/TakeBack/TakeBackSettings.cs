using System.Globalization;
using PartnerPortal.Domain.Customers;

namespace PartnerPortal.Web.Features.TakeBack;

/// <summary>
/// The take-back settings (DESIGN §9): <c>Portal:Exports:Retention</c> (default 30 days) — how long a finished export can be
/// downloaded; <c>Portal:Switching:TransitionalDays</c> (default and maximum 30, EU Data Act Art. 25) and
/// <c>Portal:Switching:RetrievalDays</c> (default and minimum 30). Read once at start; a bad value stops the app naming the key.
/// </summary>
public sealed record TakeBackSettings(TimeSpan ExportRetention, int TransitionalDays, int RetrievalDays)
{
    public static readonly TakeBackSettings Default = new(TimeSpan.FromDays(30), SwitchingTimeline.MaxTransitionalDays, SwitchingTimeline.MinRetrievalDays);

    public static TakeBackSettings Load(IConfiguration configuration)
    {
        var retention = Default.ExportRetention;
        var retentionText = configuration["Portal:Exports:Retention"];
        if (!string.IsNullOrWhiteSpace(retentionText)
            && (!TimeSpan.TryParse(retentionText, CultureInfo.InvariantCulture, out retention) || retention <= TimeSpan.Zero))
            throw Bad("Portal:Exports:Retention", retentionText, "a positive time span d.hh:mm:ss, such as 30.00:00:00");

        var transitional = Days(configuration, "Portal:Switching:TransitionalDays", Default.TransitionalDays, 0, SwitchingTimeline.MaxTransitionalDays);
        var retrieval = Days(configuration, "Portal:Switching:RetrievalDays", Default.RetrievalDays, SwitchingTimeline.MinRetrievalDays, 3650);
        return new TakeBackSettings(retention, transitional, retrieval);
    }

    private static int Days(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < min || days > max)
            throw Bad(key, text, $"a whole number of days from {min} to {max} (EU Data Act Art. 25)");
        return days;
    }

    private static InvalidOperationException Bad(string key, string value, string allowed) =>
        new($"Setting {key} has the value '{value}', which is not allowed. Allowed values: {allowed}.");
}

namespace PartnerPortal.Web.Features.Catalog;

public static class CatalogText
{
    /// <summary>A duration as the store talks about it: "45 min", "2 h 15 min", "3 d 4 h".</summary>
    public static string Duration(long minutes)
    {
        if (minutes < 60) return $"{Math.Max(0, minutes)} min";
        if (minutes < 48 * 60) return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
        var days = minutes / (24 * 60);
        var hours = minutes % (24 * 60) / 60;
        return hours == 0 ? $"{days} d" : $"{days} d {hours} h";
    }
}

using Microsoft.Extensions.Localization;
using PartnerPortal.Domain.Pricing;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>How the pages name a charge that has no name of its own.</summary>
public static class ChargeLabels
{
    /// <summary>
    /// The page-language counterpart of <see cref="PricingEngine.DefaultLabel"/>, which the settlement stores (in English,
    /// as the API answers it): "Flatrate", "Nutzung minutes (Gestaffelt)".
    /// </summary>
    public static string Unnamed(ChargeSpec charge, IStringLocalizer texts)
    {
        ArgumentNullException.ThrowIfNull(charge);
        ArgumentNullException.ThrowIfNull(texts);
        var type = texts[$"Catalog.ChargeType.{charge.Type}"];
        var model = texts[$"Catalog.Model.{charge.Model}"];
        if (type.ResourceNotFound || (charge.Type == "usage" && model.ResourceNotFound)) return PricingEngine.DefaultLabel(charge);
        return charge.Type == "usage" ? $"{type.Value} {charge.Metric} ({model.Value})" : type.Value;
    }
}

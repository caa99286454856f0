using Microsoft.Extensions.Localization;

namespace PartnerPortal.Web.Features.Catalog;

/// <summary>
/// How pages show a category: the German or English text <c>Category.{code}</c> where the portal has one (the seeded
/// categories), else the name the operator stored. Built from <see cref="AppCategoryService.AllAsync"/> once per page.
/// </summary>
public sealed class CategoryLabels
{
    private readonly Dictionary<string, string> _labels;

    public CategoryLabels(IEnumerable<AppCategoryDto> categories, IStringLocalizer localizer)
    {
        _labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in categories) _labels[c.Code] = Label(c.Code, c.Name, localizer);
        Ordered = _labels.OrderBy(l => l.Value, StringComparer.CurrentCulture).Select(l => (l.Key, l.Value)).ToList();
    }

    public static CategoryLabels Empty { get; } = new([], new NullLocalizer());

    /// <summary>The categories as (code, label), in the order of their labels.</summary>
    public IReadOnlyList<(string Code, string Label)> Ordered { get; }

    /// <summary>The label of <paramref name="code"/>; the code itself for one not (yet) loaded.</summary>
    public string this[string code] => _labels.GetValueOrDefault(code, code);

    public static string Label(string code, string name, IStringLocalizer localizer)
    {
        var text = localizer[$"Category.{code}"];
        return text.ResourceNotFound ? name : text.Value;
    }

    private sealed class NullLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name, resourceNotFound: true);
        public LocalizedString this[string name, params object[] arguments] => this[name];
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}

using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PartnerPortal.Tests.Web;

/// <summary>Every text the UI asks for exists in English and German, and the resx files are what scripts/texts.py writes.</summary>
public sealed partial class TextsTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));

    private static Dictionary<string, string> Resx(string suffix) =>
        XDocument.Load(Path.Combine(Root, "PartnerPortal.Web/Resources", $"SharedResource{suffix}.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void EveryLiteralTextKey_HasAnEnglishAndAGermanText()
    {
        var english = Resx("");
        var german = Resx(".de");
        var used = Directory.EnumerateFiles(Path.Combine(Root, "PartnerPortal.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.Equal([], used.Where(k => !english.ContainsKey(k)).ToList());
        Assert.Equal([], used.Where(k => !german.ContainsKey(k)).ToList());
    }

    [Fact]
    public void ResxFiles_MatchTheTsvTables()
    {
        var tsv = Directory.EnumerateFiles(Path.Combine(Root, "scripts/texts"), "*.tsv")
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t')).ToDictionary(p => p[0], p => (En: p[1], De: p[2]));
        var english = Resx("");
        var german = Resx(".de");
        Assert.Equal(tsv.Keys.Order(), english.Keys.Order());
        Assert.All(tsv, t => Assert.Equal(t.Value.En, english[t.Key]));
        Assert.All(tsv, t => Assert.Equal(t.Value.De, german[t.Key]));
    }

    // L["Key"], "Key" in a NavEntry or a home tile: texts are looked up by dotted keys such as "Nav.Home".
    [GeneratedRegex("(?:L\\[|new\\(\"[^\"]*\", |new\\()\"([A-Z][A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyPattern();
}

namespace PartnerPortal.Tests.Web;

/// <summary>wwwroot carries only what a page loads: vendor files nobody references are dead weight to audit and ship.</summary>
public sealed class StaticAssetTests
{
    private static readonly string Web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../PartnerPortal.Web"));

    [Fact]
    public void EveryVendorFile_IsReferencedByThePortal()
    {
        var wwwroot = Path.Combine(Web, "wwwroot");
        var sources = string.Join("\n", Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var unused = Directory.EnumerateFiles(Path.Combine(wwwroot, "lib"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(wwwroot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.EndsWith("LICENSE", StringComparison.Ordinal) && !sources.Contains(f, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(unused);
        Assert.True(File.Exists(Path.Combine(wwwroot, "lib/bootstrap/dist/css/bootstrap.min.css")), "App.razor loads bootstrap.min.css");
    }
}

using PdfSharp.Fonts;

namespace PartnerPortal.Web.Features.Statements;

/// <summary>
/// PDFsharp's font resolver for the statement PDF: DejaVu Sans (Bitstream Vera licence, changes public domain; the
/// licence sits next to the font files) embedded in this assembly. Never a system font and never a font fetched at
/// runtime: CI machines and containers have none. Every family the PDF asks for resolves to this one face, so a missing
/// font cannot make the document fail.
/// <para>
/// Why not Liberation Sans: the Liberation files Debian ships (1.07) are GPLv2 with a font exception, not the SIL OFL of
/// Liberation 2.x, which is not installed here; DejaVu's licence allows bundling with software without conditions
/// beyond keeping the notice.
/// </para>
/// </summary>
public sealed class StatementFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans", Bold = "DejaVuSans-Bold";
    private static readonly object Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global).</summary>
    public static void EnsureInstalled()
    {
        if (GlobalFontSettings.FontResolver is StatementFonts) return;
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not StatementFonts) GlobalFontSettings.FontResolver = new StatementFonts();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName)
    {
        var name = $"PartnerPortal.Statements.{(faceName == Bold ? Bold : Regular)}.ttf";
        using var stream = typeof(StatementFonts).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"The embedded font {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

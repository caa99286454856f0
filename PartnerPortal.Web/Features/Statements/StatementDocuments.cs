using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using PartnerPortal.Domain.Periods;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PartnerPortal.Web.Features.Statements;

/// <summary>
/// <c>Portal:Operator:*</c>: who issues the statements (printed on every file). Without a name the payout account's
/// <c>Portal:Payouts:Name</c> is used, else "PartnerPortal".
/// </summary>
public sealed record OperatorDetails(string Name, string? Street, string? Postcode, string? City, string? Country, string? VatId, string? Email)
{
    public static OperatorDetails From(IConfiguration configuration)
    {
        string? Value(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();
        return new OperatorDetails(Value("Portal:Operator:Name") ?? Value("Portal:Payouts:Name") ?? "PartnerPortal", Value("Portal:Operator:Street"),
            Value("Portal:Operator:Postcode"), Value("Portal:Operator:City"), Value("Portal:Operator:Country"), Value("Portal:Operator:VatId"),
            Value("Portal:Operator:Email"));
    }

    public IEnumerable<string> AddressLines()
    {
        if (Street is not null) yield return Street;
        var city = string.Join(' ', new[] { Postcode, City }.Where(x => x is not null));
        var line = string.Join(", ", new[] { city, Country }.Where(x => !string.IsNullOrEmpty(x)));
        if (line.Length > 0) yield return line;
    }
}

/// <summary>A rendered statement file.</summary>
public sealed record StatementFile(byte[] Bytes, string ContentType, string FileName);

public enum StatementFormat
{
    Csv,
    Pdf,
}

/// <summary>
/// A statement as a file, in German or English: CSV (CsvHelper, UTF-8 with BOM; German with <c>;</c> and decimal comma
/// so that Excel opens it, English with <c>,</c> and decimal point) and PDF (PDFsharp with the embedded font). Both carry
/// the partner's and the operator's details, number, period, status, every line and the total.
/// </summary>
public sealed class StatementDocuments(IStringLocalizer<SharedResource> localizer, OperatorDetails issuer, StatementPages pages)
{
    /// <summary>Reads the statement as the caller (404 for a statement the caller may not open) and renders it.</summary>
    public async Task<StatementFile> RenderAsync(Guid partnerId, string? period, StatementFormat format, CultureInfo culture, CancellationToken ct = default) =>
        Render(await pages.GetAsync(partnerId, period, ct), format, culture);

    public const string CsvType = "text/csv";
    public const string PdfType = "application/pdf";
    public static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE"), English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>German for a <c>de…</c> language, English for anything else.</summary>
    public static CultureInfo CultureFor(string? language) =>
        language is not null && language.StartsWith("de", StringComparison.OrdinalIgnoreCase) ? German : English;

    /// <summary>
    /// The file an <c>Accept</c> header asks for: CSV or PDF when one of them is preferred over JSON (by quality, then
    /// order); null (JSON, the default) otherwise.
    /// </summary>
    public static StatementFormat? FormatFromAccept(IEnumerable<string?> accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept.OfType<string>().ToList(), out var types)) return null;
        foreach (var type in types.OrderByDescending(t => t.Quality ?? 1))
        {
            if (type.Quality == 0) continue;
            if (type.MediaType.Equals(CsvType, StringComparison.OrdinalIgnoreCase)) return StatementFormat.Csv;
            if (type.MediaType.Equals(PdfType, StringComparison.OrdinalIgnoreCase)) return StatementFormat.Pdf;
            if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("*/*", StringComparison.Ordinal))
                return null;
        }
        return null;
    }

    /// <summary>The language an <c>Accept-Language</c> header prefers among German and English (German when it names neither).</summary>
    public static CultureInfo CultureFromAcceptLanguage(IEnumerable<string?> acceptLanguage)
    {
        if (StringWithQualityHeaderValue.TryParseList(acceptLanguage.OfType<string>().ToList(), out var languages))
            foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
            {
                var tag = language.Value.Value ?? "";
                if (tag.StartsWith("de", StringComparison.OrdinalIgnoreCase)) return German;
                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return English;
            }
        return German;
    }

    public StatementFile Render(StatementView statement, StatementFormat format, CultureInfo culture) =>
        format == StatementFormat.Csv ? Csv(statement, culture) : Pdf(statement, culture);

    private static string FileName(StatementView s, CultureInfo culture, string extension) =>
        $"{(culture.TwoLetterISOLanguageName == "de" ? "Provisionsabrechnung" : "Statement")}-{s.Number}-{s.Period}.{extension}";

    // ---- CSV ---------------------------------------------------------------------------------------------------

    /// <summary>The CSV: a block of the statement's details (two columns), an empty row, then the lines with a header and the total as the last row.</summary>
    public StatementFile Csv(StatementView s, CultureInfo culture)
    {
        using var scope = new CultureScope(culture);
        var german = culture.TwoLetterISOLanguageName == "de";
        // Not every record has the table's width: the details block above the table has two fields.
        var options = new CsvWriterOptions { Separator = german ? ';' : ',', NewLine = "\r\n", WriteByteOrderMark = true, ValidateFieldCount = false };
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            void Row(params string?[] fields) => csv.WriteRecord(fields.Length == 0 ? [""] : fields);

            Row(T("Statements.Doc.Title"));
            Row(T("Statements.Doc.Number"), s.Number);
            Row(T("Statements.Doc.Period"), s.Period);
            Row(T("Statements.Doc.Status"), T($"Statements.Status.{s.Status}"));
            Row(T("Statements.Doc.Currency"), s.Currency);
            Row(T("Statements.Doc.Partner"), Text(s.Partner.Name));
            Row(T("Statements.Doc.Address"), Text(string.Join(", ", s.Partner.AddressLines())));
            Row(T("Statements.Doc.VatId"), Text(s.Partner.VatId));
            Row(T("Statements.Doc.Issuer"), Text(issuer.Name));
            Row(T("Statements.Doc.Address"), Text(string.Join(", ", issuer.AddressLines())));
            Row(T("Statements.Doc.VatId"), Text(issuer.VatId));
            Row();
            Row(T("Statements.Col.Kind"), T("Statements.Col.Code"), T("Statements.Col.RefersTo"), T("Statements.Col.Customer"),
                T("Statements.Col.CustomerId"), T("Statements.Col.Product"), T("Statements.Col.SubscriptionId"), T("Statements.Col.Revenue"),
                T("Statements.Col.RatePercent"), T("Statements.Col.Amount"), T("Statements.Col.Description"));
            foreach (var l in s.Lines)
                Row(T($"Statements.Kind.{l.Kind}"), l.Kind, l.RefersToPeriod, Text(l.CustomerName), l.CustomerId?.ToString(), Text(l.ProductName),
                    l.SubscriptionId?.ToString(), Number(l.Revenue, culture), l.Rate is { } rate ? RatePercent(rate, culture) : "", Number(l.Amount, culture),
                    Text(l.Description));
            Row(T("Statements.Total"), "total", "", "", "", "", "", "", "", Number(s.Total, culture), "");
        }
        return new StatementFile(buffer.ToArray(), CsvType + "; charset=utf-8", FileName(s, culture, "csv"));
    }

    /// <summary>An amount as a spreadsheet reads it in the culture: no grouping, two decimals ("1234,56" / "1234.56").</summary>
    public static string Number(decimal amount, CultureInfo culture) => amount.ToString("0.00", culture);

    /// <summary>A rate as percent with every stored decimal ("12,5" for 0.125).</summary>
    public static string RatePercent(decimal rate, CultureInfo culture) => (rate * 100m).ToString("0.##########", culture);

    /// <summary>Text a spreadsheet must not take for a formula (a customer called "=HYPERLINK(…)").</summary>
    private static string? Text(string? value) =>
        value is { Length: > 0 } && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    private string T(string key) => localizer[key];

    // ---- PDF ---------------------------------------------------------------------------------------------------

    private const double Left = 50, Right = 545, Top = 50, Bottom = 790;

    /// <summary>The PDF: A4, the issuer and the partner, the statement's details, the lines (page breaks repeat the header) and the total.</summary>
    public StatementFile Pdf(StatementView s, CultureInfo culture)
    {
        StatementFonts.EnsureInstalled();
        using var scope = new CultureScope(culture);
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont Font(double size, bool bold = false) => new(StatementFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, options);
        var body = Font(9);
        var small = Font(7.5);
        var bold = Font(9, bold: true);
        var title = Font(16, bold: true);
        var grey = new XSolidBrush(XColor.FromArgb(90, 90, 90));

        using var document = new PdfDocument();
        document.Info.Title = $"{T("Statements.Doc.Title")} {s.Number}";
        document.Info.Author = issuer.Name;
        document.Info.Subject = $"{s.Partner.Name} · {s.Period}";

        XGraphics gfx = null!;
        double y = 0;
        void NewPage()
        {
            gfx?.Dispose();
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Top;
        }

        void Text(string text, XFont font, double x, double width, XStringFormat? format = null, XBrush? brush = null) =>
            gfx.DrawString(Fit(gfx, text, font, width), font, brush ?? XBrushes.Black, new XRect(x, y, width, font.Height), format ?? XStringFormats.TopLeft);

        NewPage();
        // Issuer (left) and the document's title (right).
        Text(issuer.Name, bold, Left, 260);
        var headerY = y;
        y += bold.Height;
        foreach (var line in issuer.AddressLines().Append(issuer.VatId is { } vat ? $"{T("Statements.Doc.VatId")} {vat}" : null).Append(issuer.Email))
            if (line is not null) { Text(line, small, Left, 260, brush: grey); y += small.Height; }
        var afterIssuer = y;
        y = headerY;
        Text(T("Statements.Doc.Title"), title, 300, Right - 300, XStringFormats.TopRight);
        y += title.Height + 2;
        Text(s.Number, bold, 300, Right - 300, XStringFormats.TopRight);
        y = Math.Max(afterIssuer, y + bold.Height) + 24;

        // The partner (left) and the statement's details (right).
        var blockY = y;
        Text(T("Statements.Doc.Partner"), small, Left, 240, brush: grey);
        y += small.Height;
        Text(s.Partner.Name, bold, Left, 240);
        y += bold.Height;
        foreach (var line in s.Partner.AddressLines().Append(s.Partner.VatId is { } pvat ? $"{T("Statements.Doc.VatId")} {pvat}" : null).Append(s.Partner.Email))
            if (line is not null) { Text(line, body, Left, 240); y += body.Height; }
        var afterPartner = y;

        y = blockY;
        var period = Period.Parse(s.Period);
        var details = new List<(string, string)>
        {
            (T("Statements.Doc.Number"), s.Number),
            (T("Statements.Doc.Period"), $"{period.FirstDay.ToString("MMMM yyyy", culture)} ({s.Period})"),
            (T("Statements.Doc.Status"), T($"Statements.Status.{s.Status}")),
            (T("Statements.Doc.Created"), s.CreatedAt.ToString("d", culture)),
        };
        if (s.ApprovedAt is { } approved) details.Add((T("Statements.Doc.Approved"), approved.ToString("d", culture)));
        if (s.PaidAt is { } paid) details.Add((T("Statements.Doc.Paid"), paid.ToString("d", culture)));
        if (s.PaymentReference is { } reference) details.Add((T("Statements.Doc.Reference"), reference));
        foreach (var (label, value) in details)
        {
            Text(label, small, 320, 90, brush: grey);
            Text(value, body, 410, Right - 410, XStringFormats.TopRight);
            y += body.Height + 1;
        }
        y = Math.Max(afterPartner, y) + 24;

        // The lines: kind | customer and product | revenue | rate | amount.
        double[] columns = [Left, Left + 95, Left + 300, Left + 375, Left + 420, Right];
        void Header()
        {
            Text(T("Statements.Col.Kind"), bold, columns[0], columns[1] - columns[0] - 4);
            Text($"{T("Statements.Col.Customer")} / {T("Statements.Col.Product")}", bold, columns[1], columns[2] - columns[1] - 4);
            Text(T("Statements.Col.Revenue"), bold, columns[2], columns[3] - columns[2], XStringFormats.TopRight);
            Text(T("Statements.Col.Rate"), bold, columns[3], columns[4] - columns[3], XStringFormats.TopRight);
            Text(T("Statements.Col.Amount"), bold, columns[4], columns[5] - columns[4], XStringFormats.TopRight);
            y += bold.Height + 3;
            gfx.DrawLine(XPens.Black, Left, y, Right, y);
            y += 4;
        }
        Header();
        if (s.Lines.Count == 0)
        {
            Text(T("Statements.Doc.NoLines"), body, Left, Right - Left, brush: grey);
            y += body.Height + 4;
        }
        foreach (var l in s.Lines)
        {
            var rowHeight = body.Height + small.Height + 4;
            if (y + rowHeight > Bottom - 30)
            {
                NewPage();
                Header();
            }
            var kind = StatementText.Kind(localizer, l);
            Text(kind, body, columns[0], columns[1] - columns[0] - 4);
            Text(l.CustomerName ?? l.Description ?? "", body, columns[1], columns[2] - columns[1] - 4);
            Text(Money(l.Revenue, s.Currency, culture), body, columns[2], columns[3] - columns[2], XStringFormats.TopRight);
            Text(l.Rate is { } rate ? RatePercent(rate, culture) + " %" : "", body, columns[3], columns[4] - columns[3], XStringFormats.TopRight);
            Text(Money(l.Amount, s.Currency, culture), body, columns[4], columns[5] - columns[4], XStringFormats.TopRight);
            y += body.Height;
            var second = string.Join(" · ", new[] { l.ProductName, l.CustomerName is null ? null : l.Description }.Where(x => !string.IsNullOrEmpty(x)));
            if (second.Length > 0) Text(second, small, columns[1], columns[2] - columns[1] - 4, brush: grey);
            y += small.Height + 4;
        }
        if (y + 30 > Bottom) NewPage();
        gfx.DrawLine(XPens.Black, Left, y, Right, y);
        y += 4;
        Text(T("Statements.Total"), bold, Left, 200);
        Text(Money(s.Total, s.Currency, culture), bold, columns[3], Right - columns[3], XStringFormats.TopRight);
        gfx.Dispose();

        // Footer on every page: issuer, number, page x of n.
        for (var i = 0; i < document.PageCount; i++)
        {
            using var footer = XGraphics.FromPdfPage(document.Pages[i]);
            footer.DrawString($"{issuer.Name} · {s.Number}", small, grey, new XRect(Left, Bottom + 12, 300, small.Height), XStringFormats.TopLeft);
            footer.DrawString(string.Format(culture, T("Statements.Doc.Page"), i + 1, document.PageCount), small, grey,
                new XRect(Right - 200, Bottom + 12, 200, small.Height), XStringFormats.TopRight);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return new StatementFile(stream.ToArray(), PdfType, FileName(s, culture, "pdf"));
    }

    /// <summary>Money as people read it in the culture ("1.234,56 €", "€1,234.56").</summary>
    public static string Money(decimal amount, string currency, CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = currency == "EUR" ? "€" : currency;
        return amount.ToString("C2", format);
    }

    /// <summary>Shortens <paramref name="text"/> with an ellipsis until it fits <paramref name="width"/>.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width) return text;
        var cut = text.Length;
        while (cut > 1 && gfx.MeasureString(text[..cut] + "…", font).Width > width) cut--;
        return text[..cut] + "…";
    }

    /// <summary>Renders in one language whatever the request's: the localizer reads the current UI culture.</summary>
    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _ui = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture) => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _ui);
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsvHelper;
using PartnerPortal.Tests.Support;
using PartnerPortal.Web.Features.Statements;
using UglyToad.PdfPig;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// The statement as CSV and PDF on the statement's API path (DESIGN §8: Accept picks the file, Accept-Language the
/// language), read back: the CSV with CsvHelper must equal the JSON's lines and total; the PDF's text (PdfPig) must carry
/// number, period, every line's amount and the total. A world of its own, settled for October 2026.
/// </summary>
public sealed class StatementDownloadTests : IDisposable
{
    private readonly CustomPortalFactory _app = new(new()
    {
        ["Portal:DemoData"] = "false",
        ["Portal:Operator:Name"] = "Cloud Store Betreiber GmbH",
        ["Portal:Operator:Street"] = "Hafenstraße 1",
        ["Portal:Operator:Postcode"] = "20457",
        ["Portal:Operator:City"] = "Hamburg",
        ["Portal:Operator:Country"] = "DE",
        ["Portal:Operator:VatId"] = "DE999999999",
    });

    public void Dispose() => _app.Dispose();

    /// <summary>A reseller with three commission lines (two customers, one of them with usage) and a service payout.</summary>
    private async Task<(SettlementWorld W, Guid Reseller, Guid Other, string OtherKey)> WorldAsync()
    {
        var w = new SettlementWorld(_app);
        var isv = await w.PartnerAsync("Isv", "Acme Cloud GmbH");
        var reseller = await w.PartnerAsync("Reseller", "Systemhaus Müller; Söhne");
        var other = await w.PartnerAsync("Reseller", "Fremder Reseller KG");
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m,
        [
            new { type = "flat", amount = 1234.5m },
            new { type = "usage", metric = "minutes", model = "perUnit", unitPrice = 0.05m },
        ]);
        var customerA = await w.CustomerAsync(reseller, "2026-09-01");
        var customerB = await w.CustomerAsync(reseller, "2026-09-01");
        var subA = await w.SubscribeAsync(customerA, version, "2026-10-11");
        await w.SubscribeAsync(customerB, version, "2026-09-15");
        await w.SubscribeAsync(customerB, version, "2026-10-01");
        await w.UsageAsync(await w.KeyAsync(isv),
            new { id = "d-1", subscriptionId = subA, metric = "minutes", quantity = 2.2m, timestamp = "2026-10-12T09:00:00Z" },
            new { id = "d-2", subscriptionId = subA, metric = "minutes", quantity = 30m, timestamp = "2026-10-20T09:00:00Z" });
        var plan = await w.CommissionPlanAsync(new { name = "Standard", baseRate = 0.125m, status = "Published" });
        await w.AssignAsync(reseller, plan, "2026-01-01");
        await w.AssignAsync(other, plan, "2026-01-01");
        var otherCustomer = await w.CustomerAsync(other, "2026-09-01");
        await w.SubscribeAsync(otherCustomer, version, "2026-10-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        return (w, reseller, other, await w.KeyAsync(other));
    }

    private static async Task<HttpResponseMessage> FileAsync(HttpClient client, string path, string accept, string language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("de-DE", ';', "de-DE")]
    [InlineData("en-US,en;q=0.9", ',', "en-US")]
    public async Task Csv_ReadBackWithCsvHelper_EqualsTheJsonLinesAndTotal(string acceptLanguage, char separator, string cultureName)
    {
        var (w, reseller, _, _) = await WorldAsync();
        var path = $"/api/v1/partners/{reseller}/statements/2026-10";
        var json = await w.GetAsync(path);
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(3, lines.Count);

        var response = await FileAsync(w.Operator, path, "text/csv", acceptLanguage);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 with BOM, so Excel reads the umlauts
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("Systemhaus Müller; Söhne", text);

        var rows = new List<string[]>();
        using (var csv = CsvReader.FromText(text, new CsvReaderOptions
               {
                   Separator = separator, HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow,
                   MissingField = CsvMissingFieldHandling.ReturnEmpty,
               }))
            while (csv.Read())
                rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "").ToArray());

        var culture = CultureInfo.GetCultureInfo(cultureName);
        string Detail(int index) => rows[index][1];
        Assert.Equal(json.GetProperty("number").GetString(), Detail(1));
        Assert.Equal("2026-10", Detail(2));
        Assert.Equal("Systemhaus Müller; Söhne", rows.Single(r => r.Length == 2 && r[1].StartsWith("Systemhaus", StringComparison.Ordinal))[1]);
        Assert.Contains(rows, r => r.Length == 2 && r[1] == "Cloud Store Betreiber GmbH");
        Assert.Contains(rows, r => r.Length == 2 && r[1] == "DE999999999");

        var header = rows.FindIndex(r => r.Length > 5);
        var table = rows.Skip(header + 1).ToList();
        Assert.Equal(lines.Count + 1, table.Count); // the lines, then the total
        for (var i = 0; i < lines.Count; i++)
        {
            var (expected, row) = (lines[i], table[i]);
            Assert.Equal(expected.GetProperty("kind").GetString(), row[1]);
            Assert.Equal(expected.GetProperty("customerId").GetGuid(), Guid.Parse(row[4]));
            Assert.Equal(expected.GetProperty("subscriptionId").GetGuid(), Guid.Parse(row[6]));
            Assert.Equal(expected.GetProperty("revenue").GetDecimal(), decimal.Parse(row[7], NumberStyles.Number, culture));
            Assert.Equal(expected.GetProperty("rate").GetDecimal(), decimal.Parse(row[8], NumberStyles.Number, culture) / 100m);
            Assert.Equal(expected.GetProperty("amount").GetDecimal(), decimal.Parse(row[9], NumberStyles.Number, culture));
        }
        var total = table[^1];
        Assert.Equal("total", total[1]);
        Assert.Equal(json.GetProperty("total").GetDecimal(), decimal.Parse(total[9], NumberStyles.Number, culture));
        Assert.Equal(lines.Sum(l => l.GetProperty("amount").GetDecimal()), decimal.Parse(total[9], NumberStyles.Number, culture));
        // The decimal separator of the language: 1.234,50 × 12,5 % is written "154,31" in German, "154.31" in English.
        Assert.Contains(table, r => r[9] == (cultureName == "de-DE" ? "154,31" : "154.31"));
    }

    [Theory]
    [InlineData("de-DE", "Provisionsabrechnung", "Oktober 2026")]
    [InlineData("en", "Commission statement", "October 2026")]
    public async Task Pdf_TextReadBack_CarriesNumberPeriodEveryLineAmountAndTheTotal(string acceptLanguage, string title, string month)
    {
        var (w, reseller, _, _) = await WorldAsync();
        var path = $"/api/v1/partners/{reseller}/statements/2026-10";
        var json = await w.GetAsync(path);

        var response = await FileAsync(w.Operator, path, "application/pdf", acceptLanguage);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));

        using var pdf = PdfDocument.Open(bytes);
        static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var text = Squeeze(string.Concat(pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(word => word.Text)))));
        var culture = acceptLanguage.StartsWith("de", StringComparison.Ordinal) ? StatementDocuments.German : StatementDocuments.English;
        Assert.Contains(Squeeze(title), text);
        Assert.Contains(json.GetProperty("number").GetString()!, text);
        Assert.Contains(Squeeze(month), text);
        Assert.Contains("2026-10", text);
        Assert.Contains(Squeeze("Systemhaus Müller; Söhne"), text);
        Assert.Contains(Squeeze("Cloud Store Betreiber GmbH"), text);
        Assert.Contains("DE999999999", text);
        foreach (var line in json.GetProperty("lines").EnumerateArray())
            Assert.Contains(Squeeze(StatementDocuments.Money(line.GetProperty("amount").GetDecimal(), "EUR", culture)), text);
        Assert.Contains(Squeeze(StatementDocuments.Money(json.GetProperty("total").GetDecimal(), "EUR", culture)), text);
    }

    [Fact]
    public async Task AnotherPartnersStatement_IsNotFound_AsJsonCsvOrPdf_ButItsOwnIsServed()
    {
        var (_, reseller, other, otherKey) = await WorldAsync();
        using var client = _app.ApiClient(otherKey);
        foreach (var accept in new[] { "application/json", "text/csv", "application/pdf" })
        {
            var foreign = await FileAsync(client, $"/api/v1/partners/{reseller}/statements/2026-10", accept, "de-DE");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.NotEqual("application/pdf", foreign.Content.Headers.ContentType?.MediaType);
            var own = await FileAsync(client, $"/api/v1/partners/{other}/statements/2026-10", accept, "de-DE");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(accept, own.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json, text/csv;q=0.5", "application/json")]
    [InlineData("text/csv;q=0.5, application/pdf", "application/pdf")]
    [InlineData("text/csv", "text/csv")]
    public async Task Json_StaysTheDefault_AndAcceptPicksTheFile(string? accept, string expected)
    {
        var (w, reseller, _, _) = await WorldAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/partners/{reseller}/statements/2026-10");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await w.Operator.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("en-GB,de;q=0.5", "en")]
    [InlineData("fr-FR, de;q=0.4", "de")]
    [InlineData("fr-FR", "de")]
    public void AcceptLanguage_PicksGermanOrEnglish(string header, string expected) =>
        Assert.Equal(expected, StatementDocuments.CultureFromAcceptLanguage([header]).TwoLetterISOLanguageName);
}

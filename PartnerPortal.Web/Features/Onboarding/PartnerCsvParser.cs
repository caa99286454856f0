using System.Globalization;
using System.Text;
using CsvHelper;
using PartnerPortal.Domain.Partners;

namespace PartnerPortal.Web.Features.Onboarding;

/// <summary>A row of an import file that can be invited. <see cref="Row"/> is the line number as a spreadsheet shows it (header = 1).</summary>
public sealed record CsvPartnerRow(int Row, string Name, string Email, PartnerKind Kind, string Country, string? VatId);

/// <summary>What is wrong with one field of one row (<c>row 4, email: not an e-mail address</c>). Field codes are API names.</summary>
public sealed record CsvProblem(int Row, string Field, string Code, string Detail);

/// <summary>
/// The outcome of reading an import file. When <see cref="FileError"/> is set the file could not be read as a whole and
/// nobody may be invited; otherwise <see cref="ValidRows"/> can be invited and <see cref="Problems"/> names the rest.
/// </summary>
public sealed record CsvParseResult(string? FileError, string? FileErrorDetail, IReadOnlyList<CsvPartnerRow> ValidRows, IReadOnlyList<CsvProblem> Problems, int DataRows, string EncodingName, char Delimiter)
{
    public bool CanImport => FileError is null && ValidRows.Count > 0;
}

/// <summary>
/// Reads a distributor's list of partners to invite, as German spreadsheets export it: separator <c>;</c> or <c>,</c>
/// (or tab), UTF-8 with or without BOM or Windows-1252, German or English headers in any order
/// (Name/Firma, E-Mail, Art/Kind, Land/Country, USt-IdNr/VatId). Pure: bytes in, rows and problems out.
/// </summary>
public static class PartnerCsvParser
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 1000;

    // Problem codes (the UI translates them: Onboarding.Csv.<Code>).
    public const string Required = "Required";
    public const string InvalidEmail = "InvalidEmail";
    public const string InvalidKind = "InvalidKind";
    public const string InvalidCountry = "InvalidCountry";
    public const string InvalidVatId = "InvalidVatId";
    public const string DuplicateInFile = "DuplicateInFile";
    public const string TooLong = "TooLong";
    public const string AlreadyInvited = "AlreadyInvited";

    // File error codes.
    public const string FileEmpty = "FileEmpty";
    public const string FileTooLarge = "FileTooLarge";
    public const string FileTooManyRows = "FileTooManyRows";
    public const string FileMissingColumns = "FileMissingColumns";
    public const string FileUnreadable = "FileUnreadable";

    static PartnerCsvParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["name"] = "name", ["firma"] = "name", ["firmenname"] = "name", ["company"] = "name", ["companyname"] = "name", ["partner"] = "name",
        ["email"] = "email", ["mail"] = "email", ["emailadresse"] = "email", ["emailaddress"] = "email",
        ["art"] = "kind", ["kind"] = "kind", ["typ"] = "kind", ["type"] = "kind", ["partnerart"] = "kind",
        ["land"] = "country", ["country"] = "country", ["landescode"] = "country",
        ["ustidnr"] = "vatId", ["ustid"] = "vatId", ["ustidnummer"] = "vatId", ["vatid"] = "vatId", ["vat"] = "vatId", ["vatnumber"] = "vatId",
    };

    private static readonly Dictionary<string, PartnerKind> Kinds = new(StringComparer.Ordinal)
    {
        ["reseller"] = PartnerKind.Reseller, ["wiederverkaeufer"] = PartnerKind.Reseller, ["wiederverkäufer"] = PartnerKind.Reseller,
        ["systemhaus"] = PartnerKind.SystemIntegrator, ["systemintegrator"] = PartnerKind.SystemIntegrator,
    };

    private static readonly Dictionary<string, string> CountryNames = new(StringComparer.Ordinal)
    {
        ["deutschland"] = "DE", ["germany"] = "DE", ["österreich"] = "AT", ["oesterreich"] = "AT", ["austria"] = "AT",
        ["schweiz"] = "CH", ["switzerland"] = "CH", ["niederlande"] = "NL", ["netherlands"] = "NL", ["luxemburg"] = "LU", ["luxembourg"] = "LU",
    };

    public static CsvParseResult Parse(byte[] content)
    {
        if (content.Length > MaxBytes) return Fail(FileTooLarge, "", ',');
        var (text, encodingName) = Decode(content);
        if (string.IsNullOrWhiteSpace(text)) return Fail(FileEmpty, encodingName, ',');
        var delimiter = DetectDelimiter(text);

        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            // A broken quote would shift every later field into the wrong column: refuse the file instead of guessing.
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        var rows = new List<CsvPartnerRow>();
        var problems = new List<CsvProblem>();
        var dataRows = 0;
        try
        {
            using var csv = CsvReader.FromText(text, options);
            csv.ReadHeader();
            var header = csv.Headers;
            if (header is not { Count: > 0 }) return Fail(FileEmpty, encodingName, delimiter);

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
                if (HeaderAliases.TryGetValue(NormaliseHeader(header[i]), out var column))
                    columns.TryAdd(column, i);
            var missing = new[] { "name", "email", "kind", "country" }.Where(c => !columns.ContainsKey(c)).ToList();
            if (missing.Count > 0) return Fail(FileMissingColumns, encodingName, delimiter, string.Join(", ", missing));

            var seenEmails = new Dictionary<string, int>(StringComparer.Ordinal);
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                string Field(string column) => columns.TryGetValue(column, out var index) && index < csv.FieldCount ? (csv.GetString(index) ?? "").Trim() : "";
                var values = new[] { "name", "email", "kind", "country", "vatId" }.Select(Field).ToArray();
                if (values.All(string.IsNullOrEmpty)) continue; // a row of empty cells (";;;;") is a blank line to Excel users
                if (++dataRows > MaxRows) return Fail(FileTooManyRows, encodingName, delimiter, MaxRows.ToString(CultureInfo.InvariantCulture));

                var rowProblems = new List<CsvProblem>();
                var (name, email, kindText, countryText, vatText) = (values[0], values[1], values[2], values[3], values[4]);
                if (name.Length == 0) rowProblems.Add(new(line, "name", Required, ""));
                else if (name.Length > 200) rowProblems.Add(new(line, "name", TooLong, "200"));

                var emailKey = PartnerInvitation.EmailKey(email);
                if (email.Length == 0) rowProblems.Add(new(line, "email", Required, ""));
                else if (!IsEmail(email)) rowProblems.Add(new(line, "email", InvalidEmail, email));
                else if (seenEmails.TryGetValue(emailKey, out var firstRow)) rowProblems.Add(new(line, "email", DuplicateInFile, firstRow.ToString(CultureInfo.InvariantCulture)));
                else seenEmails[emailKey] = line;

                PartnerKind kind = default;
                if (kindText.Length == 0) rowProblems.Add(new(line, "kind", Required, ""));
                else if (!Kinds.TryGetValue(kindText.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), out kind))
                    rowProblems.Add(new(line, "kind", InvalidKind, kindText));

                var country = countryText.ToUpperInvariant();
                if (CountryNames.TryGetValue(countryText.ToLowerInvariant(), out var code)) country = code;
                if (countryText.Length == 0) rowProblems.Add(new(line, "country", Required, ""));
                else if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)) rowProblems.Add(new(line, "country", InvalidCountry, countryText));

                string? vatId = null;
                if (vatText.Length > 0 && rowProblems.All(p => p.Field != "country"))
                {
                    var vat = VatId.Validate(vatText, country);
                    if (vat.IsValid) vatId = vat.Normalized;
                    else rowProblems.Add(new(line, "vatId", InvalidVatId, vat.Error ?? ""));
                }

                if (rowProblems.Count == 0) rows.Add(new(line, name, email, kind, country, vatId));
                else problems.AddRange(rowProblems);
            }
        }
        catch (CsvFormatException ex)
        {
            return Fail(FileUnreadable, encodingName, delimiter, ex.Message.Split('\n')[0]);
        }

        if (dataRows == 0) return Fail(FileEmpty, encodingName, delimiter);
        return new CsvParseResult(null, null, rows, problems, dataRows, encodingName, delimiter);
    }

    /// <summary>UTF-8 when the file has its BOM or is valid UTF-8; otherwise Windows-1252, which Excel writes for "CSV (Trennzeichen-getrennt)".</summary>
    public static (string Text, string EncodingName) Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
            return (new UTF8Encoding(false, true).GetString(content, 3, content.Length - 3), "UTF-8 (BOM)");
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1252).GetString(content), "Windows-1252");
        }
    }

    /// <summary>The separator that occurs most often outside quotes in the header line (German Excel: <c>;</c>).</summary>
    public static char DetectDelimiter(string text)
    {
        var counts = new Dictionary<char, int> { [';'] = 0, [','] = 0, ['\t'] = 0 };
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                if (counts.Values.Any(v => v > 0)) break;
            }
            else if (!quoted && counts.ContainsKey(c)) counts[c]++;
        }
        var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key == ';' ? 0 : kv.Key == ',' ? 1 : 2).First();
        return best.Value == 0 ? ',' : best.Key;
    }

    private static string NormaliseHeader(string header) =>
        new(header.Trim().Trim('\uFEFF').ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static bool IsEmail(string email) =>
        email.Length <= 256 && System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal);

    private static CsvParseResult Fail(string code, string encodingName, char delimiter, string detail = "") =>
        new(code, detail.Length == 0 ? null : detail, [], [], 0, encodingName, delimiter);
}

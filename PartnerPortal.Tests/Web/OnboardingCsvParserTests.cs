using System.Text;
using PartnerPortal.Domain.Partners;
using PartnerPortal.Web.Features.Onboarding;

namespace PartnerPortal.Tests.Web;

/// <summary>The CSV parser on messy files as spreadsheets write them: pure, bytes in, rows and problems out.</summary>
public class OnboardingCsvParserTests
{
    static OnboardingCsvParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    private static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];
    private static byte[] Cp1252(string text) => Encoding.GetEncoding(1252).GetBytes(text);

    [Fact]
    public void GermanExcelExport_Semicolons_Windows1252_Umlauts()
    {
        var file = Cp1252("Firma;E-Mail;Art;Land;USt-IdNr.\r\nMüller Systemhaus GmbH;info@mueller.example;Systemhaus;DE;DE136695976\r\nBöhm & Söhne KG;kontakt@boehm.example;Reseller;Deutschland;\r\n");

        var result = PartnerCsvParser.Parse(file);

        Assert.Null(result.FileError);
        Assert.Equal("Windows-1252", result.EncodingName);
        Assert.Equal(';', result.Delimiter);
        Assert.Empty(result.Problems);
        Assert.Equal(
            [new CsvPartnerRow(2, "Müller Systemhaus GmbH", "info@mueller.example", PartnerKind.SystemIntegrator, "DE", "DE136695976"),
             new CsvPartnerRow(3, "Böhm & Söhne KG", "kontakt@boehm.example", PartnerKind.Reseller, "DE", null)],
            result.ValidRows);
    }

    [Theory]
    [InlineData("bom")]
    [InlineData("plain")]
    public void Utf8_WithOrWithoutBom_KeepsUmlauts(string variant)
    {
        const string text = "Name,Email,Kind,Country\nJörg Großhandel,j@g.example,Reseller,AT\n";
        var result = PartnerCsvParser.Parse(variant == "bom" ? Utf8Bom(text) : Utf8(text));

        Assert.Null(result.FileError);
        Assert.Equal(variant == "bom" ? "UTF-8 (BOM)" : "UTF-8", result.EncodingName);
        Assert.Equal(',', result.Delimiter);
        Assert.Equal("Jörg Großhandel", Assert.Single(result.ValidRows).Name);
    }

    [Fact]
    public void QuotedFields_WithSeparatorsAndQuotesInside_AndEmptyLines()
    {
        var file = Utf8("Name;E-Mail;Art;Land\n\n\"Weber; Sohn & Partner\";\"w@s.example\";Reseller;DE\n;;;\n\"Der \"\"Netz\"\"-Laden\";n@l.example;Systemhaus;DE\n\n");

        var result = PartnerCsvParser.Parse(file);

        Assert.Null(result.FileError);
        Assert.Empty(result.Problems);
        Assert.Equal(["Weber; Sohn & Partner", "Der \"Netz\"-Laden"], result.ValidRows.Select(r => r.Name).ToArray());
        // Row numbers are the file's lines, as a spreadsheet numbers them.
        Assert.Equal([3, 5], result.ValidRows.Select(r => r.Row).ToArray());
        Assert.Equal(2, result.DataRows);
    }

    [Fact]
    public void ColumnsInAnyOrder_EnglishHeaders_ExtraColumnsIgnored()
    {
        var result = PartnerCsvParser.Parse(Utf8("Country,Notes,E-mail,Company,Type\nde,call first,a@b.example,Alpha GmbH,system integrator\n"));
        var row = Assert.Single(result.ValidRows);
        Assert.Equal(("Alpha GmbH", "a@b.example", PartnerKind.SystemIntegrator, "DE"), (row.Name, row.Email, row.Kind, row.Country));
    }

    public static TheoryData<string, int, string, string> RowProblems => new()
    {
        { "Name;E-Mail;Art;Land\n;a@b.example;Reseller;DE\n", 2, "name", PartnerCsvParser.Required },
        { "Name;E-Mail;Art;Land\nA;not-an-email;Reseller;DE\n", 2, "email", PartnerCsvParser.InvalidEmail },
        { "Name;E-Mail;Art;Land\nA;a@b.example;Großhändler;DE\n", 2, "kind", PartnerCsvParser.InvalidKind },
        // Distributors invite resellers and system integrators only.
        { "Name;E-Mail;Art;Land\nA;a@b.example;Distributor;DE\n", 2, "kind", PartnerCsvParser.InvalidKind },
        { "Name;E-Mail;Art;Land\nA;a@b.example;Reseller;Germany1\n", 2, "country", PartnerCsvParser.InvalidCountry },
        { "Name;E-Mail;Art;Land;USt-IdNr\nA;a@b.example;Reseller;DE;DE136695977\n", 2, "vatId", PartnerCsvParser.InvalidVatId },
        { "Name;E-Mail;Art;Land\nA;a@b.example;Reseller;DE\nB;A@B.example;Reseller;DE\n", 3, "email", PartnerCsvParser.DuplicateInFile },
    };

    [Theory]
    [MemberData(nameof(RowProblems))]
    public void BadRow_IsReported_WithRowFieldAndProblem(string text, int row, string field, string code)
    {
        var result = PartnerCsvParser.Parse(Utf8(text));

        Assert.Null(result.FileError);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((row, field, code), (problem.Row, problem.Field, problem.Code));
        Assert.DoesNotContain(result.ValidRows, r => r.Row == row);
    }

    [Fact]
    public void GoodAndBadRows_GoodOnesStayInvitable()
    {
        var result = PartnerCsvParser.Parse(Utf8("Name;E-Mail;Art;Land\nA;a@b.example;Reseller;DE\nB;kaputt;Reseller;DE\nC;c@d.example;Systemhaus;AT\n"));
        Assert.Equal([2, 4], result.ValidRows.Select(r => r.Row).ToArray());
        Assert.Equal(3, Assert.Single(result.Problems).Row);
        Assert.True(result.CanImport);
    }

    public static TheoryData<byte[], string> FileErrors => new()
    {
        { [], PartnerCsvParser.FileEmpty },
        { Utf8("\n\n"), PartnerCsvParser.FileEmpty },
        { Utf8("Name;E-Mail;Art;Land\n"), PartnerCsvParser.FileEmpty },
        { Utf8("Name;E-Mail;Land\nA;a@b.example;DE\n"), PartnerCsvParser.FileMissingColumns },
        { Utf8("Foo,Bar\n1,2\n"), PartnerCsvParser.FileMissingColumns },
        { Utf8("Name;E-Mail;Art;Land\n\"A;a@b.example;Reseller;DE\nB;b@b.example;Reseller;DE\n"), PartnerCsvParser.FileUnreadable },
        { new byte[PartnerCsvParser.MaxBytes + 1], PartnerCsvParser.FileTooLarge },
        { Utf8("Name;E-Mail;Art;Land\n" + string.Concat(Enumerable.Range(1, PartnerCsvParser.MaxRows + 1).Select(i => $"P{i};p{i}@x.example;Reseller;DE\n"))), PartnerCsvParser.FileTooManyRows },
    };

    [Theory]
    [MemberData(nameof(FileErrors))]
    public void UnreadableFile_InvitesNobody(byte[] file, string error)
    {
        var result = PartnerCsvParser.Parse(file);
        Assert.Equal(error, result.FileError);
        Assert.Empty(result.ValidRows);
        Assert.False(result.CanImport);
    }

    [Theory]
    [InlineData("a;b;c\n", ';')]
    [InlineData("a,b,c\n", ',')]
    [InlineData("a\tb\tc\n", '\t')]
    [InlineData("\"x;y\",b,c\n", ',')]
    [InlineData("a;b,c;d\n", ';')]
    public void DetectDelimiter_CountsOutsideQuotes_InTheHeader(string text, char expected) =>
        Assert.Equal(expected, PartnerCsvParser.DetectDelimiter(text));
}

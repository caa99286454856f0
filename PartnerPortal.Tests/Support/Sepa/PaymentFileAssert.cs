using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using PartnerPortal.Domain.Settlement;

namespace PartnerPortal.Tests.Support.Sepa;

/// <summary>Reads a payment file back and checks it against the EPC's pain.001.001.09 schema (embedded in the tests).</summary>
public static class PaymentFileAssert
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        using var stream = typeof(PaymentFileAssert).Assembly.GetManifestResourceStream("pain.001.001.09.xsd")!;
        var set = new XmlSchemaSet();
        set.Add(SepaCreditTransfer.Namespace, XmlReader.Create(stream));
        set.Compile();
        return set;
    });

    public static readonly XNamespace Ns = SepaCreditTransfer.Namespace;

    /// <summary>Parses <paramref name="content"/>, fails on any schema error, answers the document.</summary>
    public static XDocument Valid(byte[] content)
    {
        var errors = new List<string>();
        // Warnings too: an element the schema does not know (a wrong namespace) is only a warning, and must fail.
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema, Schemas = Schemas.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(content), settings))
            while (reader.Read()) { }
        Assert.True(errors.Count == 0, "pain.001.001.09 schema: " + string.Join(Environment.NewLine, errors));
        return XDocument.Load(new MemoryStream(content));
    }

    public static IReadOnlyList<XElement> Transactions(XDocument doc) => doc.Descendants(Ns + "CdtTrfTxInf").ToList();

    public static string Text(XElement element, params string[] path) =>
        path.Aggregate(element, (e, name) => e.Element(Ns + name) ?? throw new Xunit.Sdk.XunitException($"no {name} in {e.Name.LocalName}")).Value;
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Partners;

namespace PartnerPortal.Domain.Settlement;

/// <summary>The account that pays (the operator's, from <c>Portal:Payouts:*</c>): name, IBAN and BIC, all checked.</summary>
public sealed record SepaDebtor(string Name, string Iban, string Bic);

/// <summary>
/// One credit transfer: to <paramref name="CreditorName"/>'s <paramref name="CreditorIban"/>, <paramref name="AmountCents"/>
/// euro cents (positive), identified end to end by <paramref name="EndToEndId"/> (the statement number).
/// </summary>
public sealed record SepaTransfer(string EndToEndId, string CreditorName, string CreditorIban, long AmountCents, string Remittance);

/// <summary>
/// Writes a SEPA credit transfer initiation, ISO 20022 <c>pain.001.001.09</c> as the EPC's customer-to-bank
/// implementation guidelines restrict it (EPC132-08): one payment information block, service level SEPA, charges
/// shared (<c>SLEV</c>), amounts in euro with two decimals and a point, <c>NbOfTxs</c> and <c>CtrlSum</c> in the group
/// header and the block equal to the transactions.
/// <code>
/// var xml = SepaCreditTransfer.Write(new("Store GmbH", "DE89370400440532013000", "COBADEFFXXX"),
///     [new("PP-202610-000001", "Weser GmbH", "DE02120300000000202051", 12345, "Statement PP-202610-000001, period 2026-10")],
///     "PP-202610-…", new DateTime(2026, 11, 26, 11, 0, 0), new DateOnly(2026, 11, 26));
/// // … &lt;NbOfTxs&gt;1&lt;/NbOfTxs&gt;&lt;CtrlSum&gt;123.45&lt;/CtrlSum&gt; …
/// </code>
/// </summary>
public static partial class SepaCreditTransfer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    /// <summary>The longest name the EPC guidelines allow (<c>Nm</c>), and the longest unstructured remittance.</summary>
    public const int MaxNameLength = 70, MaxRemittanceLength = 140, MaxIdLength = 35;

    /// <summary>The largest amount of one transfer (EPC: 999,999,999.99 EUR).</summary>
    public const long MaxAmountCents = 99_999_999_999;

    [GeneratedRegex("^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicPattern();

    /// <summary>True for a BIC of 8 or 11 characters (ISO 9362), upper case.</summary>
    public static bool IsBic(string? bic) => bic is not null && BicPattern().IsMatch(bic);

    /// <summary>Amounts as the file writes them: two decimals, a point (<c>1234.50</c>).</summary>
    public static string Amount(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static XDocument Write(SepaDebtor debtor, IReadOnlyList<SepaTransfer> transfers, string messageId, DateTime createdLocal, DateOnly executionDate)
    {
        ArgumentNullException.ThrowIfNull(debtor);
        ArgumentNullException.ThrowIfNull(transfers);
        if (transfers.Count == 0) throw new DomainException("A payment file needs at least one transfer.", "transfers");
        if (string.IsNullOrWhiteSpace(messageId) || messageId.Length > MaxIdLength)
            throw new DomainException($"The message id has 1 to {MaxIdLength} characters.", "messageId");
        var debtorIban = Iban.Validate(debtor.Iban);
        if (!debtorIban.IsValid) throw new DomainException("The paying account: " + debtorIban.Error, "iban");
        if (!IsBic(debtor.Bic)) throw new DomainException("The paying bank's BIC has 8 or 11 letters and digits.", "bic");
        foreach (var t in transfers)
        {
            if (t.AmountCents is <= 0 or > MaxAmountCents)
                throw new DomainException($"{t.EndToEndId}: a transfer is between 0.01 and 999999999.99 EUR.", "amount");
            if (!Iban.Validate(t.CreditorIban).IsValid) throw new DomainException($"{t.EndToEndId}: the creditor's IBAN is not valid.", "iban");
            if (string.IsNullOrWhiteSpace(t.EndToEndId) || t.EndToEndId.Length > MaxIdLength)
                throw new DomainException($"An end-to-end id has 1 to {MaxIdLength} characters.", "endToEndId");
        }

        XNamespace ns = Namespace;
        var count = transfers.Count.ToString(CultureInfo.InvariantCulture);
        var sum = Amount(transfers.Sum(t => t.AmountCents));
        var created = createdLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var debtorName = Text(debtor.Name, MaxNameLength);

        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + "Document",
                new XElement(ns + "CstmrCdtTrfInitn",
                    new XElement(ns + "GrpHdr",
                        new XElement(ns + "MsgId", messageId),
                        new XElement(ns + "CreDtTm", created),
                        new XElement(ns + "NbOfTxs", count),
                        new XElement(ns + "CtrlSum", sum),
                        new XElement(ns + "InitgPty", new XElement(ns + "Nm", debtorName))),
                    new XElement(ns + "PmtInf",
                        new XElement(ns + "PmtInfId", messageId),
                        new XElement(ns + "PmtMtd", "TRF"),
                        new XElement(ns + "BtchBookg", "true"),
                        new XElement(ns + "NbOfTxs", count),
                        new XElement(ns + "CtrlSum", sum),
                        new XElement(ns + "PmtTpInf", new XElement(ns + "SvcLvl", new XElement(ns + "Cd", "SEPA"))),
                        new XElement(ns + "ReqdExctnDt", new XElement(ns + "Dt", executionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                        new XElement(ns + "Dbtr", new XElement(ns + "Nm", debtorName)),
                        new XElement(ns + "DbtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", debtorIban.Normalized))),
                        new XElement(ns + "DbtrAgt", new XElement(ns + "FinInstnId", new XElement(ns + "BICFI", debtor.Bic))),
                        new XElement(ns + "ChrgBr", "SLEV"),
                        transfers.Select(t => new XElement(ns + "CdtTrfTxInf",
                            new XElement(ns + "PmtId", new XElement(ns + "EndToEndId", t.EndToEndId)),
                            new XElement(ns + "Amt", new XElement(ns + "InstdAmt", new XAttribute("Ccy", "EUR"), Amount(t.AmountCents))),
                            new XElement(ns + "Cdtr", new XElement(ns + "Nm", Text(t.CreditorName, MaxNameLength))),
                            new XElement(ns + "CdtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", Iban.Validate(t.CreditorIban).Normalized))),
                            new XElement(ns + "RmtInf", new XElement(ns + "Ustrd", Text(t.Remittance, MaxRemittanceLength)))))))));
    }

    /// <summary>The document as UTF-8 bytes (no byte-order mark, which some bank portals refuse).</summary>
    public static byte[] ToBytes(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            document.Save(writer);
        return stream.ToArray();
    }

    /// <summary>
    /// A name or text in the EPC's basic Latin character set, which every bank in the scheme must accept: German
    /// umlauts and ß spelt out (<c>Bäckerei</c> → <c>Baeckerei</c>), other accents dropped, anything else a space;
    /// then cut to <paramref name="maxLength"/>.
    /// </summary>
    public static string Text(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spelt = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            spelt.Append(c switch
            {
                'ä' => "ae", 'ö' => "oe", 'ü' => "ue", 'Ä' => "Ae", 'Ö' => "Oe", 'Ü' => "Ue", 'ß' => "ss", '&' => "+",
                _ => c.ToString(),
            });
        }
        var plain = new StringBuilder(spelt.Length);
        foreach (var c in spelt.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c) ? c : ' ');
        }
        var result = MultipleSpaces().Replace(plain.ToString(), " ").Trim();
        return result.Length <= maxLength ? result : result[..maxLength].TrimEnd();
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();
}

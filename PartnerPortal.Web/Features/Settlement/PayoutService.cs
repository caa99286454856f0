using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerPortal.Domain.Common;
using PartnerPortal.Domain.Money;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Web.Data;
using PartnerPortal.Web.Features.Api;
using PartnerPortal.Web.Settings;
using PartnerPortal.Web.Tenancy;

namespace PartnerPortal.Web.Features.Settlement;

/// <summary>
/// One statement as the payouts see it. <c>Reason</c> says why an approved statement cannot be paid by the file:
/// <c>noIban</c> (the partner has no payout account on file) or <c>currency</c> (SEPA pays euros only).
/// </summary>
public sealed record PayoutDto(Guid PartnerId, string PartnerName, string Number, decimal Amount, string Currency, string Status, string? Iban,
    string? Reason, DateTime? PaidAt, string? PaymentReference);

/// <summary>
/// <c>GET /api/v1/settlements/{period}/payouts</c>: what the period's payment file pays (<c>payable</c>), which approved
/// statements with a positive total it cannot pay and why (<c>notPayable</c>), and what was paid already (<c>paid</c>).
/// <c>accountProblems</c> lists what to set in <c>Portal:Payouts:*</c> before a file can be written (empty when ready).
/// </summary>
public sealed record PayoutsDto(string Period, string Currency, decimal PayableTotal, IReadOnlyList<PayoutDto> Payable, IReadOnlyList<PayoutDto> NotPayable,
    IReadOnlyList<PayoutDto> Paid, IReadOnlyList<string> AccountProblems);

/// <summary>A written payment file: its bytes, its message id and the statements it pays (by number).</summary>
public sealed record PaymentFile(string FileName, string MessageId, byte[] Content, IReadOnlyList<string> Numbers, decimal Total, int NotPayable);

/// <summary>
/// Payouts of an approved period (DESIGN §5): the SEPA <c>pain.001.001.09</c> file of its approved, unpaid statements
/// with a positive total, and marking them paid — through <see cref="SettlementService"/>, the one place a statement
/// becomes <c>Paid</c>. A partner without an IBAN is listed as not payable, never silently left out.
/// </summary>
public sealed class PayoutService(PortalDbFactory dbFactory, CurrentTenant currentTenant, TimeProvider clock, PortalSettings settings,
    PayoutAccount account, SettlementService settlements)
{
    public const string NoIban = "noIban", WrongCurrency = "currency";

    public async Task<PayoutsDto> GetAsync(string? periodText, CancellationToken ct = default)
    {
        var period = await ApprovedPeriodAsync(periodText, ct);
        var rows = await LoadAsync(period, ct);
        var payable = rows.Where(r => r.Status == nameof(StatementStatus.Approved) && r.Reason is null).ToList();
        return new PayoutsDto(period.ToString(), "EUR", payable.Sum(r => r.Amount), payable,
            rows.Where(r => r.Reason is not null).ToList(), rows.Where(r => r.Status == nameof(StatementStatus.Paid)).ToList(), account.Read().Problems);
    }

    /// <summary>
    /// Writes the payment file of <paramref name="periodText"/>: one transaction per payable statement, end-to-end id =
    /// statement number, executed on <paramref name="executionDateText"/> (default: today, or Monday after a weekend).
    /// Each call writes a file with a message id of its own.
    /// </summary>
    public async Task<PaymentFile> WriteFileAsync(string? periodText, string? executionDateText, CancellationToken ct = default)
    {
        var period = await ApprovedPeriodAsync(periodText, ct);
        var executionDate = ExecutionDate(executionDateText);
        var (debtor, problems) = account.Read();
        if (debtor is null)
            throw RequestRejectedException.Conflict(
                "The payment file needs the operator's paying account in the settings (see README, Settings): " + string.Join(" ", problems), PayoutAccount.Section);
        var rows = await LoadAsync(period, ct);
        var payable = rows.Where(r => r.Status == nameof(StatementStatus.Approved) && r.Reason is null).ToList();
        var notPayable = rows.Count(r => r.Reason is not null);
        if (payable.Count == 0)
            throw RequestRejectedException.Conflict(notPayable > 0
                ? $"No statement of {period} can be paid by SEPA transfer: {notPayable} approved statement(s) lack an IBAN or are not in euros."
                : $"{period} has no approved, unpaid statement with a positive total.", "period");

        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), settings.TimeZone).DateTime;
        // Unique per file: period, the second it was written and 32 random bits (two downloads in one second differ).
        var messageId = $"PP-{period.Year:D4}{period.Month:D2}-{local:yyyyMMddHHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        var transfers = payable.Select(r => new SepaTransfer(r.Number, r.PartnerName, r.Iban!, new Money(r.Amount, r.Currency).ToMinorUnits(),
            $"PartnerPortal statement {r.Number}, period {period}")).ToList();
        byte[] content;
        try
        {
            content = SepaCreditTransfer.ToBytes(SepaCreditTransfer.Write(debtor, transfers, messageId, local, executionDate));
        }
        catch (DomainException ex)
        {
            throw RequestRejectedException.Conflict(ex.Message, ex.Field);
        }
        return new PaymentFile($"sepa-payouts-{period}.xml", messageId, content, payable.Select(r => r.Number).ToList(), payable.Sum(r => r.Amount), notPayable);
    }

    /// <summary>
    /// Marks the statements <paramref name="numbers"/> of the period paid with the transfer's <paramref name="reference"/>,
    /// through <see cref="SettlementService.PayAsync(Period, IReadOnlyCollection{string}, string?, CancellationToken)"/>: all
    /// or none. Answers how many are paid.
    /// </summary>
    public async Task<int> PayAsync(string? periodText, IReadOnlyCollection<string> numbers, string? reference, CancellationToken ct = default)
    {
        var period = await ApprovedPeriodAsync(periodText, ct);
        if (numbers.Count == 0) throw RequestRejectedException.Invalid("numbers", "Name at least one statement to mark paid.");
        return await settlements.PayAsync(period, numbers, reference, ct);
    }

    /// <summary>Today in the portal's time zone, moved to Monday when it is a weekend; or the date asked for (today to a year ahead).</summary>
    private DateOnly ExecutionDate(string? text)
    {
        var today = settings.Today(clock);
        if (string.IsNullOrWhiteSpace(text))
            return today.DayOfWeek switch { DayOfWeek.Saturday => today.AddDays(2), DayOfWeek.Sunday => today.AddDays(1), _ => today };
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var date))
            throw RequestRejectedException.Invalid("executionDate", "executionDate must be a date yyyy-MM-dd.");
        if (date < today || date > today.AddYears(1))
            throw RequestRejectedException.Invalid("executionDate", $"executionDate lies between today ({today:yyyy-MM-dd}) and a year ahead.");
        return date;
    }

    private async Task<Period> ApprovedPeriodAsync(string? periodText, CancellationToken ct)
    {
        (await currentTenant.GetAsync()).EnsureOperator("Only the operator pays partners.");
        var period = SettlementService.ParsePeriod(periodText);
        await using var db = await dbFactory.CreateAsync(ct);
        var status = await db.SettlementRuns.AsNoTracking().Where(r => r.Period == period).Select(r => (SettlementStatus?)r.Status).SingleOrDefaultAsync(ct)
                     ?? throw RequestRejectedException.NotFound($"A settlement of {period}");
        if (status != SettlementStatus.Approved)
            throw RequestRejectedException.Conflict($"{period} is {status}: only an approved period's statements are paid. Approve it first.", "period");
        return period;
    }

    /// <summary>The period's approved and paid statements with a positive total, with their partners' names and IBANs (one query).</summary>
    private async Task<List<PayoutDto>> LoadAsync(Period period, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateAsync(ct);
        var rows = await db.Statements.AsNoTracking()
            .Where(s => s.Period == period && s.TotalCents > 0 && (s.Status == StatementStatus.Approved || s.Status == StatementStatus.Paid))
            .Join(db.Partners, s => s.PartnerId, p => p.Id, (s, p) => new
            {
                s.PartnerId, p.Name, s.Number, s.TotalCents, s.Currency, s.Status, p.Iban, s.PaidAtUtc, s.PaymentReference,
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Number, StringComparer.Ordinal).Select(r => new PayoutDto(r.PartnerId, r.Name, r.Number,
            Money.FromMinorUnits(r.TotalCents, r.Currency).Amount, r.Currency, r.Status.ToString(), r.Iban,
            r.Status != StatementStatus.Approved ? null : r.Iban is null ? NoIban : r.Currency != "EUR" ? WrongCurrency : null,
            r.PaidAtUtc, r.PaymentReference)).ToList();
    }
}

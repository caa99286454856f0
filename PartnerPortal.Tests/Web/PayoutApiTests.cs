using System.Globalization;
using PartnerPortal.Domain.Periods;
using PartnerPortal.Domain.Settlement;
using PartnerPortal.Tests.Support;
using PartnerPortal.Tests.Support.Sepa;
using PartnerPortal.Web.Features.Settlement;

namespace PartnerPortal.Tests.Web;

/// <summary>
/// Payouts of an approved period through the real pipeline: the SEPA pain.001.001.09 file (checked against the EPC's
/// schema), the payouts list with the partners that cannot be paid, and marking paid. A portal of its own per test.
/// </summary>
public sealed class PayoutApiTests : IDisposable
{
    public const string DebtorName = "PartnerPortal Betrieb GmbH", DebtorIban = "DE02120300000000202051", DebtorBic = "BYLADEM1001";

    private readonly CustomPortalFactory _app = new(new()
    {
        ["Portal:DemoData"] = "false",
        ["Portal:Payouts:Name"] = DebtorName,
        ["Portal:Payouts:Iban"] = "DE02 1203 0000 0000 2020 51",
        ["Portal:Payouts:Bic"] = DebtorBic,
    });

    public void Dispose() => _app.Dispose();

    private static async Task<Guid> PartnerAsync(SettlementWorld w, string kind, string name, string? iban, Guid? parent = null) =>
        (await w.PostAsync("/api/v1/partners", new { kind, name, country = "DE", email = $"{Guid.NewGuid():N}@partner.example", parentPartnerId = parent, iban }))
        .GetProperty("id").GetGuid();

    /// <summary>
    /// Settled and approved by hand: reseller R (IBAN, under distributor D without IBAN) brought customers A and B to an
    /// ISV's app (IBAN; flat 100.00 a month, platform fee 20 %, nobody used it so no fee was due).
    /// A: all of October → revenue 100.00, ISV payout 100.00, commission 10 % = 10.00, override 2 % = 2.00.
    /// B: from 2026-10-11 (21 of 31 days) → 100 × 21/31 = 67.741… → 67.74, ISV payout 67.74, commission 6.774 → 6.77,
    ///    override 1.3548 → 1.35.
    /// Statements: R 16.77, ISV 167.74, D 3.35 (not payable: no IBAN). The file pays 2 transfers, control sum 184.51.
    /// </summary>
    private async Task<(SettlementWorld W, Guid Isv, Guid Distributor, Guid Reseller)> ApprovedOctoberAsync()
    {
        var w = new SettlementWorld(_app);
        var isv = await PartnerAsync(w, "Isv", "Acme Cloud GmbH", "DE89 3704 0044 0532 0130 00");
        var distributor = await PartnerAsync(w, "Distributor", "Nord Distribution", null);
        var reseller = await PartnerAsync(w, "Reseller", "Systemhaus Müller & Söhne GmbH", "AT61 1904 3002 3457 3201", distributor);
        var (_, version) = await w.AppAsync(isv, "Communication", 0.2m, [new { type = "flat", amount = 100m }]);
        await w.SubscribeAsync(await w.CustomerAsync(reseller, "2026-09-01"), version, "2026-09-15");
        await w.SubscribeAsync(await w.CustomerAsync(reseller, "2026-09-01"), version, "2026-10-11");
        await w.AssignAsync(reseller, await w.CommissionPlanAsync(new { name = "Reseller", baseRate = 0.10m, status = "Published" }), "2026-01-01");
        await w.AssignAsync(distributor, await w.CommissionPlanAsync(new { name = "Distributor", baseRate = 0m, overrideRate = 0.02m, status = "Published" }),
            "2026-01-01");
        Assert.Equal("Draft", await w.SettleNowAsync("2026-10"));
        return (w, isv, distributor, reseller);
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> DownloadAsync(SettlementWorld w, string path)
    {
        var response = await w.Operator.GetAsync(path);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> NumberAsync(SettlementWorld w, Guid partner, string period = "2026-10") =>
        (await w.GetAsync($"/api/v1/partners/{partner}/statements/{period}")).GetProperty("number").GetString()!;

    [Fact]
    public async Task PaymentFile_PaysApprovedStatements_HandComputed_ValidAgainstTheSchema_AndListsThePartnerWithoutIban()
    {
        var (w, isv, distributor, reseller) = await ApprovedOctoberAsync();
        // A draft period is not paid.
        var (draft, _) = await DownloadAsync(w, "/api/v1/settlements/2026-10/payments");
        Assert.Equal(HttpStatusCode.Conflict, draft.StatusCode);
        await w.PostAsync("/api/v1/settlements/2026-10/approve", new { }, HttpStatusCode.OK);

        var (response, body) = await DownloadAsync(w, "/api/v1/settlements/2026-10/payments");
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(SettlementEndpoints.NotPayableHeader)));
        var doc = PaymentFileAssert.Valid(body);
        var ns = PaymentFileAssert.Ns;
        Assert.Equal(SepaCreditTransfer.Namespace, doc.Root!.Name.NamespaceName);

        var header = doc.Descendants(ns + "GrpHdr").Single();
        var block = doc.Descendants(ns + "PmtInf").Single();
        Assert.Equal("2", PaymentFileAssert.Text(header, "NbOfTxs"));
        Assert.Equal("184.51", PaymentFileAssert.Text(header, "CtrlSum"));
        Assert.Equal("2", PaymentFileAssert.Text(block, "NbOfTxs"));
        Assert.Equal("184.51", PaymentFileAssert.Text(block, "CtrlSum"));
        Assert.Equal(Assert.Single(response.Headers.GetValues(SettlementEndpoints.MessageIdHeader)), PaymentFileAssert.Text(header, "MsgId"));
        Assert.Equal("2026-11-26", PaymentFileAssert.Text(block, "ReqdExctnDt", "Dt")); // a Thursday: today
        Assert.Equal(DebtorName, PaymentFileAssert.Text(block, "Dbtr", "Nm"));
        Assert.Equal(DebtorIban, PaymentFileAssert.Text(block, "DbtrAcct", "Id", "IBAN"));
        Assert.Equal(DebtorBic, PaymentFileAssert.Text(block, "DbtrAgt", "FinInstnId", "BICFI"));

        var transfers = PaymentFileAssert.Transactions(doc).ToDictionary(t => PaymentFileAssert.Text(t, "PmtId", "EndToEndId"));
        var resellerNumber = await NumberAsync(w, reseller);
        var isvNumber = await NumberAsync(w, isv);
        Assert.Equal(new[] { isvNumber, resellerNumber }.Order(StringComparer.Ordinal), transfers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("16.77", PaymentFileAssert.Text(transfers[resellerNumber], "Amt", "InstdAmt"));
        Assert.Equal("EUR", transfers[resellerNumber].Element(ns + "Amt")!.Element(ns + "InstdAmt")!.Attribute("Ccy")!.Value);
        Assert.Equal("AT611904300234573201", PaymentFileAssert.Text(transfers[resellerNumber], "CdtrAcct", "Id", "IBAN"));
        Assert.Equal("Systemhaus Mueller + Soehne GmbH", PaymentFileAssert.Text(transfers[resellerNumber], "Cdtr", "Nm"));
        Assert.Equal("167.74", PaymentFileAssert.Text(transfers[isvNumber], "Amt", "InstdAmt"));
        Assert.Equal("DE89370400440532013000", PaymentFileAssert.Text(transfers[isvNumber], "CdtrAcct", "Id", "IBAN"));
        var remittance = PaymentFileAssert.Text(transfers[isvNumber], "RmtInf", "Ustrd");
        Assert.Contains(isvNumber, remittance);
        Assert.Contains("2026-10", remittance);
        Assert.Equal(184.51m, transfers.Values.Sum(t => decimal.Parse(PaymentFileAssert.Text(t, "Amt", "InstdAmt"), CultureInfo.InvariantCulture)));

        // Every file has a message id of its own.
        var (_, again) = await DownloadAsync(w, "/api/v1/settlements/2026-10/payments");
        Assert.NotEqual(PaymentFileAssert.Text(header, "MsgId"),
            PaymentFileAssert.Text(PaymentFileAssert.Valid(again).Descendants(ns + "GrpHdr").Single(), "MsgId"));

        // The companion list: what the file pays, and the distributor that cannot be paid, with the reason.
        var payouts = await w.GetAsync("/api/v1/settlements/2026-10/payouts");
        Assert.Equal(184.51m, payouts.GetProperty("payableTotal").GetDecimal());
        Assert.Equal(2, payouts.GetProperty("payable").GetArrayLength());
        var notPayable = Assert.Single(payouts.GetProperty("notPayable").EnumerateArray());
        Assert.Equal(distributor, notPayable.GetProperty("partnerId").GetGuid());
        Assert.Equal(3.35m, notPayable.GetProperty("amount").GetDecimal());
        Assert.Equal("noIban", notPayable.GetProperty("reason").GetString());
        Assert.Equal(0, payouts.GetProperty("accountProblems").GetArrayLength());

        // Paid statements leave the file; with all paid nothing is left to pay.
        await w.PostAsync($"/api/v1/partners/{reseller}/statements/2026-10/pay", new { reference = "BANK-4711" }, HttpStatusCode.OK);
        var (_, rest) = await DownloadAsync(w, "/api/v1/settlements/2026-10/payments");
        var restDoc = PaymentFileAssert.Valid(rest);
        Assert.Equal(isvNumber, PaymentFileAssert.Text(Assert.Single(PaymentFileAssert.Transactions(restDoc)), "PmtId", "EndToEndId"));
        Assert.Equal("167.74", PaymentFileAssert.Text(restDoc.Descendants(ns + "GrpHdr").Single(), "CtrlSum"));
        var paid = Assert.Single((await w.GetAsync("/api/v1/settlements/2026-10/payouts")).GetProperty("paid").EnumerateArray());
        Assert.Equal("BANK-4711", paid.GetProperty("paymentReference").GetString());

        await w.PostAsync($"/api/v1/partners/{isv}/statements/2026-10/pay", new { reference = "BANK-4712" }, HttpStatusCode.OK);
        var (none, problem) = await DownloadAsync(w, "/api/v1/settlements/2026-10/payments");
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Contains("IBAN", System.Text.Encoding.UTF8.GetString(problem));
    }

    /// <summary>Arranges an approved period with statements as given (partner IBAN or null, cents, status, currency).</summary>
    private async Task<Dictionary<string, Guid>> ArrangeAsync(string period, params (string Number, string? Iban, long Cents, StatementStatus Status, string Currency)[] rows)
    {
        var w = new SettlementWorld(_app);
        var partners = new Dictionary<string, Guid>();
        foreach (var row in rows)
            partners[row.Number] = await PartnerAsync(w, "Reseller", "Partner " + row.Number, row.Iban);
        await using var db = await _app.DbAsync();
        var p = Period.Parse(period);
        db.SettlementRuns.Add(new SettlementRunRecord { Period = p, Status = SettlementStatus.Approved, StartedAtUtc = DateTime.UtcNow, ApprovedAtUtc = DateTime.UtcNow });
        foreach (var row in rows)
            db.Statements.Add(new StatementRecord
            {
                Id = Guid.NewGuid(), PartnerId = partners[row.Number], Period = p, Number = row.Number, Status = row.Status, TotalCents = row.Cents,
                Currency = row.Currency, Lines = 1, CreatedAtUtc = DateTime.UtcNow, PaidAtUtc = row.Status == StatementStatus.Paid ? DateTime.UtcNow : null,
                PaymentReference = row.Status == StatementStatus.Paid ? "EARLIER" : null, CarriesForward = row.Status == StatementStatus.CarriedForward,
            });
        await db.SaveChangesAsync();
        return partners;
    }

    [Fact]
    public async Task PaymentFile_LeavesOutZeroNegativeAndPaidStatements_AndListsOtherCurrenciesAsNotPayable()
    {
        await ArrangeAsync("2018-03",
            ("PP-201803-000001", "DE02100500000054540402", 123_45, StatementStatus.Approved, "EUR"),
            ("PP-201803-000002", "DE75512108001245126199", 0, StatementStatus.Approved, "EUR"),
            ("PP-201803-000003", "DE12500105170648489890", -50_00, StatementStatus.CarriedForward, "EUR"),
            ("PP-201803-000004", "DE02500105170137075030", 99_99, StatementStatus.Paid, "EUR"),
            ("PP-201803-000005", "DE68210501700012345678", 1, StatementStatus.Approved, "EUR"),
            ("PP-201803-000006", "DE44500105175407324931", 10_00, StatementStatus.Approved, "CHF"));
        var w = new SettlementWorld(_app);

        var (response, body) = await DownloadAsync(w, "/api/v1/settlements/2018-03/payments");
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        var doc = PaymentFileAssert.Valid(body);
        Assert.Equal(["PP-201803-000001", "PP-201803-000005"], PaymentFileAssert.Transactions(doc).Select(t => PaymentFileAssert.Text(t, "PmtId", "EndToEndId")));
        Assert.Equal(["123.45", "0.01"], PaymentFileAssert.Transactions(doc).Select(t => PaymentFileAssert.Text(t, "Amt", "InstdAmt")));
        Assert.Equal("123.46", PaymentFileAssert.Text(doc.Descendants(PaymentFileAssert.Ns + "GrpHdr").Single(), "CtrlSum"));
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(SettlementEndpoints.NotPayableHeader)));

        var payouts = await w.GetAsync("/api/v1/settlements/2018-03/payouts");
        var notPayable = Assert.Single(payouts.GetProperty("notPayable").EnumerateArray());
        Assert.Equal(("PP-201803-000006", "currency"), (notPayable.GetProperty("number").GetString(), notPayable.GetProperty("reason").GetString()));
        Assert.Equal("PP-201803-000004", Assert.Single(payouts.GetProperty("paid").EnumerateArray()).GetProperty("number").GetString());
    }

    [Theory]
    [InlineData("/api/v1/settlements/2026-13/payments", HttpStatusCode.BadRequest, "period")]
    [InlineData("/api/v1/settlements/oktober/payouts", HttpStatusCode.BadRequest, "period")]
    [InlineData("/api/v1/settlements/2018-04/payments?executionDate=2026-11-25", HttpStatusCode.BadRequest, "executionDate")]
    [InlineData("/api/v1/settlements/2018-04/payments?executionDate=26.11.2026", HttpStatusCode.BadRequest, "executionDate")]
    [InlineData("/api/v1/settlements/2017-01/payments", HttpStatusCode.NotFound, null)]
    [InlineData("/api/v1/settlements/2017-01/payouts", HttpStatusCode.NotFound, null)]
    public async Task BadRequests_AreProblemsNamingTheField(string path, HttpStatusCode status, string? field)
    {
        await ArrangeAsync("2018-04", ("PP-201804-000001", "DE02100500000054540402", 10_00, StatementStatus.Approved, "EUR"));
        var response = await _app.ApiClient().GetAsync(path);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, response.StatusCode);
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ExecutionDate_CanBeChosen_AndPartnersAreRefused()
    {
        var partners = await ArrangeAsync("2018-05", ("PP-201805-000001", "DE02100500000054540402", 10_00, StatementStatus.Approved, "EUR"));
        var w = new SettlementWorld(_app);
        var (_, body) = await DownloadAsync(w, "/api/v1/settlements/2018-05/payments?executionDate=2026-12-01");
        Assert.Equal("2026-12-01", PaymentFileAssert.Text(PaymentFileAssert.Valid(body).Descendants(PaymentFileAssert.Ns + "PmtInf").Single(), "ReqdExctnDt", "Dt"));

        using var partner = _app.ApiClient(await w.KeyAsync(partners["PP-201805-000001"]));
        foreach (var path in new[] { "/api/v1/settlements/2018-05/payments", "/api/v1/settlements/2018-05/payouts" })
        {
            var response = await partner.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("DE02100500000054540402", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task WithoutThePayoutSettings_TheDownloadSaysWhatToSet()
    {
        using var bare = new CustomPortalFactory(new() { ["Portal:DemoData"] = "false", ["Portal:Payouts:Name"] = "", ["Portal:Payouts:Iban"] = "", ["Portal:Payouts:Bic"] = "not a bic" });
        var w = new SettlementWorld(bare);
        var partner = await PartnerAsync(w, "Reseller", "Payable GmbH", "DE02100500000054540402");
        await using (var db = await bare.DbAsync())
        {
            db.SettlementRuns.Add(new SettlementRunRecord { Period = Period.Parse("2018-06"), Status = SettlementStatus.Approved, StartedAtUtc = DateTime.UtcNow });
            db.Statements.Add(new StatementRecord
            {
                Id = Guid.NewGuid(), PartnerId = partner, Period = Period.Parse("2018-06"), Number = "PP-201806-000001", Status = StatementStatus.Approved,
                TotalCents = 10_00, Lines = 1, CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var response = await w.Operator.GetAsync("/api/v1/settlements/2018-06/payments");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("Portal:Payouts:Name", detail);
        Assert.Contains("Portal:Payouts:Iban", detail);
        Assert.Contains("Portal:Payouts:Bic is not a valid BIC", detail);
        Assert.Equal(3, (await w.GetAsync("/api/v1/settlements/2018-06/payouts")).GetProperty("accountProblems").GetArrayLength());
    }
}

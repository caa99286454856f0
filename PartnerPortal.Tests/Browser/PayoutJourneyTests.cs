using System.Xml.Linq;
using Microsoft.Playwright;
using PartnerPortal.Tests.Support.Sepa;
using static Microsoft.Playwright.Assertions;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The operator pays the partners of the demo's drafted October in Chromium: approve, download the SEPA payment file
/// (read back and checked against the pain.001.001.09 schema), see the partner without an IBAN, mark the file paid.
/// Approving closes October for every other journey, so this one has a portal of its own.
/// </summary>
[Collection(PayoutBrowserCollection.Name)]
public sealed class PayoutJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheOperator_ApprovesOctober_DownloadsThePaymentFile_AndMarksItPaid()
    {
        var page = await browser.NewPageAsync("de-DE", width: 390, height: 900);
        await BrowserFixture.SignInAsync(page, "operator@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(page, "/operator/settlements");

        await page.Locator("[data-testid=run-approve-2026-10]").ClickAsync();
        await page.Locator(".mud-dialog [data-testid=approve-confirm]").ClickAsync();
        await Expect(page.Locator("[data-testid=run-status-2026-10]")).ToHaveAttributeAsync("data-status", "Approved");

        // The partner without an IBAN is listed, not left out silently.
        await Expect(page.Locator("[data-testid=payouts-notpayable-2026-10]")).ToContainTextAsync("Belegfix Cloud GmbH");
        await Expect(page.Locator("[data-testid=payouts-notpayable-2026-10]")).ToContainTextAsync("keine IBAN hinterlegt");
        var payable = page.Locator("[data-testid=payouts-payable-2026-10] tbody tr");
        var transfers = await payable.CountAsync();
        Assert.True(transfers > 0, "the demo's October pays someone");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=payouts-download-2026-10]").ClickAsync());
        Assert.Equal("sepa-payouts-2026-10.xml", download.SuggestedFilename);
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, "payouts-2026-10.xml");
        await download.SaveAsAsync(path);
        var doc = PaymentFileAssert.Valid(await File.ReadAllBytesAsync(path));
        Assert.Equal("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", doc.Root!.Name.NamespaceName);
        Assert.Equal(transfers, PaymentFileAssert.Transactions(doc).Count);
        Assert.Equal(transfers.ToString(), PaymentFileAssert.Text(doc.Descendants(PaymentFileAssert.Ns + "GrpHdr").Single(), "NbOfTxs"));
        Assert.DoesNotContain(PaymentFileAssert.Transactions(doc), t => PaymentFileAssert.Text(t, "Cdtr", "Nm").Contains("Belegfix"));
        var messageId = PaymentFileAssert.Text(doc.Descendants(PaymentFileAssert.Ns + "GrpHdr").Single(), "MsgId");

        await Expect(page.Locator("[data-testid=payouts-file-2026-10]")).ToContainTextAsync(messageId);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "payouts-file-de-390.png"), FullPage = true });
        var reference = page.Locator("input[data-testid='payouts-reference-2026-10'], [data-testid='payouts-reference-2026-10'] input").First;
        await reference.FillAsync("BANK-2026-11-30-001");
        await page.Locator("[data-testid=payouts-payfile-2026-10]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Als bezahlt markieren" }).ClickAsync();

        await Expect(page.Locator("[data-testid=payouts-payable-2026-10]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=payouts-summary-2026-10]")).ToContainTextAsync($"{transfers} bezahlt");
        await Expect(page.Locator("[data-testid=payouts-paid-2026-10]")).ToContainTextAsync($"{transfers} bezahlt");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "payouts-paid-de-390.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}

/// <summary>A browser portal of its own for the payouts journey, run when no other collection runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PayoutBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "payout-browser";
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PartnerPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;
using static PartnerPortal.Tests.Browser.CustomerJourneyTests;

namespace PartnerPortal.Tests.Browser;

/// <summary>
/// The integration service end to end: a reseller asks the store, from its customer's page, to integrate an app; the
/// operator finds the request in its queue, schedules it, starts the work and closes it as done with a charge; the
/// reseller follows the status (on a phone, too). The customer is registered here for this journey alone, so no other
/// test touches its request. Screenshots in German and English land in the test output's screenshots folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntegrationJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task ResellerRequests_OperatorSchedulesAndClosesWithACharge_ResellerSeesTheStatus()
    {
        var name = "Zahnarztpraxis Ortmann " + Guid.NewGuid().ToString("N")[..4];
        Guid customerId;
        await using (var arrange = await browser.App.DbAsync())
        {
            // Registered for this journey (the browser portal runs on Kestrel: arranged in the database, as the demo is).
            var weser = await arrange.Partners.SingleAsync(p => p.Name == Demo.Weser);
            var now = browser.App.Clock.GetUtcNow().UtcDateTime;
            var customer = PartnerPortal.Domain.Customers.Customer.Create(name, "DE", now, null, "28203");
            customer.AttributeTo(weser.Id, new DateOnly(2026, 11, 1), "test", "registered for the integration journey", now);
            arrange.Customers.Add(customer);
            await arrange.SaveChangesAsync();
            customerId = customer.Id;
        }

        // The reseller asks from its customer's page: the customer is chosen already.
        var reseller = await browser.NewPageAsync("de-DE");
        await BrowserFixture.SignInAsync(reseller, "reseller@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(reseller, $"/customers/{customerId}");
        await reseller.Locator("[data-testid=customer-integration]").ClickAsync();
        await reseller.WaitForURLAsync("**/integration-requests/new?customerId=*");
        await InteractiveAsync(reseller, "integration-description");
        await PickAsync(reseller, "integration-app", "ZeitWerk Zeiterfassung");
        await reseller.Locator("textarea[data-testid=integration-description], [data-testid=integration-description] textarea").First
            .FillAsync("Zeiterfassung an die Terminals der beiden Behandlungsräume anbinden, Single Sign-on mit dem Praxis-Login.");
        await Input(reseller, "integration-contact").FillAsync("Dr. Ortmann, 0421 555 0190");
        await reseller.Locator("[data-testid=integration-submit]").ClickAsync();
        await Expect(reseller.Locator("[data-testid=integration-status]")).ToHaveAttributeAsync("data-status", "Open");
        await Expect(reseller.Locator("[data-testid=integration-facts]")).ToContainTextAsync(name); // the customer came chosen from its page
        var requestUrl = new Uri(reseller.Url).AbsolutePath;
        var number = (await reseller.Locator("[data-testid=integration-detail-title]").TextContentAsync())!.Split(' ').Single(w => w.StartsWith("IR-"));
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await reseller.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "integration-reseller-de.png"), FullPage = true });

        // The operator finds it in its queue and works it: schedule, start, close as done with a charge.
        var op = await browser.NewPageAsync("en-US");
        await BrowserFixture.SignInAsync(op, "operator@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(op, "/operator/integration-requests");
        var row = op.Locator("[data-testid=integration-grid] tr", new() { HasTextString = name });
        await Expect(row.Locator("[data-testid=integration-status]")).ToHaveAttributeAsync("data-status", "Open");
        await op.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "integration-queue-en.png"), FullPage = true });
        await row.Locator("[data-testid=integration-link]").ClickAsync();
        await op.WaitForURLAsync("**" + requestUrl);
        await BrowserFixture.WaitForInteractiveAsync(op);

        await op.Locator("[data-testid=integration-target-Scheduled]").ClickAsync();
        await Expect(Input(op, "integration-scheduled-for")).Not.ToHaveValueAsync("");
        await op.Locator("[data-testid=integration-move]").ClickAsync();
        await Expect(op.Locator("[data-testid=integration-status]")).ToHaveAttributeAsync("data-status", "Scheduled");
        await Expect(op.Locator("[data-testid=integration-scheduled]")).Not.ToHaveTextAsync("–");

        await op.Locator("[data-testid=integration-target-InProgress]").ClickAsync();
        await op.Locator("[data-testid=integration-move]").ClickAsync();
        await Expect(op.Locator("[data-testid=integration-status]")).ToHaveAttributeAsync("data-status", "InProgress");

        await op.Locator("[data-testid=integration-target-Done]").ClickAsync();
        await Input(op, "integration-charge").FillAsync("380");
        await Input(op, "integration-charge").PressAsync("Tab");
        await op.Locator("textarea[data-testid=integration-note], [data-testid=integration-note] textarea").First.FillAsync("Both terminals book into ZeitWerk.");
        await op.Locator("[data-testid=integration-move]").ClickAsync();
        await Expect(op.Locator("[data-testid=integration-status]")).ToHaveAttributeAsync("data-status", "Done");
        await Expect(op.Locator("[data-testid=integration-charge-shown]")).ToContainTextAsync("380.00");
        await Expect(op.Locator("[data-testid=integration-history-entry]")).ToHaveCountAsync(4); // created, scheduled, in progress, done
        await op.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "integration-operator-en.png"), FullPage = true });

        // The reseller follows it on its phone: done, the charge and when it is billed; a mail told it of every change.
        var phone = await browser.NewPageAsync("de-DE", width: 390, height: 844);
        await BrowserFixture.SignInAsync(phone, "reseller@demo.partnerportal.test");
        await BrowserFixture.OpenAsync(phone, requestUrl);
        await Expect(phone.Locator("[data-testid=integration-status]")).ToHaveTextAsync("Erledigt");
        await Expect(phone.Locator("[data-testid=integration-charge-shown]")).ToContainTextAsync("380,00 €");
        await Expect(phone.Locator("[data-testid=integration-charge-shown]")).ToContainTextAsync("nächsten Abrechnungslauf");
        await Expect(phone.Locator("[data-testid=integration-actions]")).ToHaveCountAsync(0);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "integration-reseller-phone-de.png"), FullPage = true });
        await using var db = await browser.App.DbAsync();
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.To == "vertrieb@systemhaus-weser.example" && m.Subject.Contains(number)));
    }
}

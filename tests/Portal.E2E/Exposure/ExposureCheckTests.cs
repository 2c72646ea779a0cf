using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Exposure;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Exposure;

/// <summary>The exposure check in Chromium: anonymous (code from the pickup folder), one-step account, signed in.</summary>
public sealed partial class ExposureCheckTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string IncidentTitle = "Customer email addresses sold to a marketplace seller";

    private static readonly ResourceManager Strings = new(typeof(ExposureCheckText).FullName!, typeof(ExposureCheckText).Assembly);

    [Fact]
    public async Task An_affected_address_is_checked_end_to_end_and_its_owner_creates_an_account_in_one_step()
    {
        var address = $"affected-{Guid.NewGuid():N}@example.org";
        await MarkExposedAsync(address);

        await CheckAsync(address);

        var result = Page.GetByTestId("exposure-affected");
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.GetByRole(AriaRole.Heading, new() { Name = IncidentTitle })).ToBeVisibleAsync();
        await Expect(result.GetByRole(AriaRole.Link, new() { Name = Text("Result.Report") })).ToHaveAttributeAsync("href", "reports/new");
        await CheckAccessibilityAsync();

        await Page.GetByLabel(AccountStrings.En("Field.DisplayName"), new() { Exact = true }).FillAsync("Alex Affected");
        await Page.GetByLabel(AccountStrings.En("Field.Password"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByLabel(AccountStrings.En("Field.ConfirmPassword"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Account.Submit") }).ClickAsync();

        // Signed in at once, on the home page, whose card gives the same answer for the account's address.
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = address })).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        var card = Page.GetByTestId("my-exposure");
        await Expect(card.GetByTestId("exposure-affected")).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = IncidentTitle })).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
    }

    [Fact]
    public async Task A_non_affected_address_is_checked_end_to_end_in_french()
    {
        var address = $"clean-{Guid.NewGuid():N}@example.org";
        await Page.GotoAsync("/culture/set?culture=fr&returnUrl=%2F");

        await CheckAsync(address, "fr");

        await Expect(Page.GetByTestId("exposure-not-affected")).ToContainTextAsync(Text("Result.NotAffected.Lead", "fr"));
        await Expect(Page.GetByText(Text("Result.NotAffected.Phishing", "fr"))).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = Text("Account.Submit", "fr") })).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();
    }

    [Fact]
    public async Task The_signed_in_demo_customer_sees_the_answer_on_the_home_page()
    {
        var customer = DemoAccounts.All.Single(a => a.Role == PortalRoles.Customer).Email;
        await MarkExposedAsync(customer);

        await Page.GotoAsync("/Account/Login");
        await CheckAccessibilityAsync();
        await Page.GetByLabel(AccountStrings.En("Field.Email"), new() { Exact = true }).FillAsync(customer);
        await Page.GetByLabel(AccountStrings.En("Field.Password"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Login.Submit"), Exact = true }).ClickAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = customer })).ToBeVisibleAsync();
        await WaitForInteractiveAsync();

        var card = Page.GetByTestId("my-exposure");
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = Text("Card.Title") })).ToBeVisibleAsync();
        await Expect(card.GetByTestId("exposure-affected")).ToContainTextAsync(customer);
        await CheckAccessibilityAsync();
    }

    /// <summary>From the nav link to the result: the address form, the code from the email in the pickup folder, the code form.</summary>
    private async Task CheckAsync(string address, string culture = "en")
    {
        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = UiText("Nav.Label", culture) })
            .GetByRole(AriaRole.Link, new() { Name = UiText("Nav.Check", culture), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/check$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Start.Title", culture));
        await CheckAccessibilityAsync();

        await Page.GetByLabel(Text("Field.Email", culture), new() { Exact = true }).FillAsync(address);
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Start.Submit", culture) }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/check/code$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Code.Title", culture));
        await Expect(Page.Locator("main")).Not.ToContainTextAsync(address);
        await CheckAccessibilityAsync();

        var email = await App.Mailbox.WaitForNewestAsync(address);
        // Nothing in it to click: the code is typed on the page that asked for it.
        Assert.DoesNotContain("href", email.HtmlBody!, StringComparison.OrdinalIgnoreCase);
        var code = CodeLine().Match(email.TextBody!).Groups[1].Value;
        await Page.GetByLabel(Text("Field.Code", culture), new() { Exact = true }).FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Code.Submit", culture) }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Result.Title", culture));
        await Expect(Page.Locator("main")).ToContainTextAsync(address);
    }

    /// <summary>Puts an address on the affected list of a published incident, as the import stores it: its keyed hash only.</summary>
    private async Task MarkExposedAsync(string address)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var incident = db.Incidents.SingleOrDefault(i => i.Slug == "e2e-seller-leak");
        if (incident is null)
        {
            incident = new Incident
            {
                Slug = "e2e-seller-leak",
                Status = IncidentStatus.Published,
                Title = new LocalizedText { En = IncidentTitle, Fr = "Adresses e-mail de clients vendues à un vendeur" },
                Summary = new LocalizedText { En = "An employee sold customers' email addresses to a seller.", Fr = "Un employé a vendu des adresses e-mail de clients à un vendeur." },
                DisclosedOn = new DateOnly(2026, 11, 2),
            };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
        }

        var hash = scope.ServiceProvider.GetRequiredService<ExposureHasher>().Hash(AddressNormalizer.Normalize(address).Value!);
        db.ExposedAddresses.Add(new ExposedAddress { IncidentId = incident.Id, AddressHash = hash });
        await db.SaveChangesAsync();
    }

    private static string Text(string key, string culture = "en") =>
        Strings.GetString(key, CultureInfo.GetCultureInfo(culture)) ?? throw new KeyNotFoundException(key);

    private static string UiText(string key, string culture) => culture == "fr" ? UiStrings.Fr(key) : UiStrings.En(key);

    [GeneratedRegex(@"\n(\d{6})\r?\n")]
    private static partial Regex CodeLine();
}

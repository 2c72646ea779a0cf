using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using Portal.Core.Identity;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Incidents;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Incidents;

public sealed class IncidentPublishingTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string TitleEn = "Gift card codes shown to the wrong customers";
    private const string TitleFr = "Codes de cartes cadeaux affichés aux mauvais clients";

    [Fact]
    public async Task An_admin_writes_and_publishes_a_notice_and_the_home_page_shows_it_in_both_languages()
    {
        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Admin).Email, "/admin/incidents");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("List.Title"));
        await Expect(Page.Locator($"tr[data-incident='{DemoIncident.Slug}']")).ToContainTextAsync(Text("List.OnHomePage"));
        await CheckAccessibilityAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = Text("List.New") }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/incidents/new$"));
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        // Saving the empty form stores nothing and says what is missing, next to each field.
        await Page.GetByTestId("incident-save").ClickAsync();
        await Expect(Page.GetByTestId("incident-errors")).ToHaveTextAsync(Text("Edit.Invalid"));
        await Expect(Page.Locator("[data-field='Title']")).ToContainTextAsync(Text("Error.Required"));
        await CheckAccessibilityAsync();

        await FillAsync("#Slug", "gift-card-codes-2026");
        await FillBothAsync("Title", TitleEn, TitleFr);
        await FillBothAsync("Summary", "A fault showed gift card codes to other customers.", "Une erreur a affiché des codes de cartes cadeaux à d'autres clients.");
        await FillBothAsync("DataExposed", "Gift card codes.", "Codes de cartes cadeaux.");
        await FillBothAsync("Advice", "Nothing: every code shown was replaced.", "Rien : chaque code affiché a été remplacé.");
        await FillAsync("#DiscoveredOn", "11/24/2026");
        await FillAsync("#DisclosedOn", "11/27/2026");
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Edit.Measures.Add") }).ClickAsync();
        await FillAsync("#measure-0-on", "11/25/2026");
        await FillAsync("#measure-0-en", "Replaced every code that was shown.");
        await FillAsync("#measure-0-fr", "Remplacement de chaque code affiché.");
        await Expect(Page.GetByTestId("incident-preview").Locator("article h2")).ToHaveTextAsync(TitleEn);

        await Page.GetByTestId("incident-save").ClickAsync();
        await Expect(Page.GetByText(Text("Edit.Created"))).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/incidents/\\d+$"));
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        await Page.GetByTestId("incident-publish").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(Text("Edit.Publish.Confirm.Title"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = Text("Edit.Publish") }).ClickAsync();
        await Expect(Page.GetByTestId("incident-status")).ToContainTextAsync(Text("Status.Published"));

        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        var notice = Page.Locator("article[data-incident='gift-card-codes-2026']");
        await Expect(notice.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(TitleEn);
        await Expect(notice.Locator("[data-fact='disclosed']")).ToHaveTextAsync("November 27, 2026");
        await Expect(notice.Locator("ol.incident-timeline li")).ToHaveTextAsync(["November 25, 2026 Replaced every code that was shown."]);
        await CheckAccessibilityAsync();

        // The FAQ opens from the keyboard.
        var question = Page.Locator(".mud-expand-panel-header", new() { HasText = Text("Faq.Password.Question") });
        await question.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByText(Text("Faq.Password.Answer"))).ToBeVisibleAsync();

        await AppBar.GetByRole(AriaRole.Link, new() { Name = "FR", Exact = true }).ClickAsync();
        await Expect(notice.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(TitleFr);
        await Expect(notice.Locator("[data-fact='disclosed']")).ToHaveTextAsync("27 novembre 2026");
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
    }

    /// <summary>Types into a field and leaves it, which is when the form takes the value.</summary>
    private async Task FillAsync(string selector, string value)
    {
        await Page.Locator(selector).FillAsync(value);
        await Page.Locator(selector).PressAsync("Tab");
    }

    /// <summary>Fills a text's English tab, then opens its French tab and fills that.</summary>
    private async Task FillBothAsync(string field, string english, string french)
    {
        await FillAsync($"#{field}-en", english);
        await Page.Locator($"[data-field='{field}']").GetByRole(AriaRole.Tab, new() { Name = Text("Language.Fr") }).ClickAsync();
        await FillAsync($"#{field}-fr", french);
    }

    private static readonly ResourceManager Resources = new(typeof(IncidentText));

    private static string Text(string key) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo("en")) ?? throw new KeyNotFoundException(key);
}

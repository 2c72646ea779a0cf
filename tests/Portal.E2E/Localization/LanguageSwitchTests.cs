using Microsoft.Playwright;
using Portal.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Localization;

public sealed class LanguageSwitchTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task The_switch_turns_the_portal_French_and_back_and_the_choice_follows_the_visitor()
    {
        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        await ExpectLanguageAsync("en", UiStrings.En);
        await CheckAccessibilityAsync();

        await AppBar.GetByTestId("lang-fr").ClickAsync();
        await ExpectLanguageAsync("fr", UiStrings.Fr);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(UiStrings.Fr("Home.Title"));
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        // A static Identity page and a fresh load of an interactive one stay French.
        await AppBar.GetByRole(AriaRole.Link, new() { Name = UiStrings.Fr("Account.SignIn") }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await ExpectLanguageAsync("fr", UiStrings.Fr);
        await CheckAccessibilityAsync();

        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        await ExpectLanguageAsync("fr", UiStrings.Fr);
        await CheckAccessibilityAsync();

        await AppBar.GetByTestId("lang-en").ClickAsync();
        await ExpectLanguageAsync("en", UiStrings.En);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(UiStrings.En("Home.Title"));
        await CheckAccessibilityAsync();

        await Page.GotoAsync("/Account/Login");
        await ExpectLanguageAsync("en", UiStrings.En);
        await CheckAccessibilityAsync();
    }

    private async Task ExpectLanguageAsync(string language, Func<string, string> text)
    {
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(AppBar.GetByTestId($"lang-{language}")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = text("Account.Register") })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = text("Nav.Label") })).ToBeVisibleAsync();
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Account;

public sealed class RegistrationTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string Password = "Correct-Horse-Battery-42";

    [Fact]
    public async Task A_new_customer_registers_confirms_by_email_signs_in_and_signs_out()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";

        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
        await AppBar.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Account.Register") }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Register$", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByLabel(new Regex("^Confirm", RegexOptions.IgnoreCase)).FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Register|Create account)$", RegexOptions.IgnoreCase) }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/RegisterConfirmation", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        // Not confirmed yet: the password alone does not sign in.
        await SignInAsync(email);
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = email })).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();

        var message = await App.Mailbox.WaitForNewestAsync(email);
        var link = PickupMailbox.FindLink(message, "/Account/ConfirmEmail");
        Assert.Equal(App.BaseUrl.Authority, link.Authority);
        await Page.GotoAsync(link.ToString());
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/ConfirmEmail", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        await SignInAsync(email);
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = email })).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        await AppBar.GetByRole(AriaRole.Button, new() { Name = UiStrings.En("Account.SignOut") }).ClickAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Account.SignIn") })).ToBeVisibleAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = email })).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();
    }

    private async Task SignInAsync(string email)
    {
        await Page.GotoAsync("/Account/Login");
        await CheckAccessibilityAsync();
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Log in|Sign in)$", RegexOptions.IgnoreCase) }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }
}

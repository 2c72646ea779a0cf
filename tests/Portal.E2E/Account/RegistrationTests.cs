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

        await Field("Field.DisplayName").FillAsync("Dominique Tester");
        await Field("Field.Email").FillAsync(email);
        await Field("Field.Password").FillAsync(Password);
        await Field("Field.ConfirmPassword").FillAsync(Password);
        await Button("Register.Submit").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/RegisterConfirmation", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        // Not confirmed yet: the right password alone does not sign in.
        await SignInAsync(email);
        await Expect(Page.GetByText(AccountStrings.En("Login.NotConfirmed"))).ToBeVisibleAsync();
        await Expect(AppBar.GetByRole(AriaRole.Button, new() { Name = UiStrings.En("Account.SignOut") })).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();

        var message = await App.Mailbox.WaitForNewestAsync(email);
        var link = PickupMailbox.FindLink(message, "/Account/ConfirmEmail");
        Assert.Equal(App.BaseUrl.Authority, link.Authority);
        await Page.GotoAsync(link.ToString());
        await Expect(Page.GetByText(AccountStrings.En("ConfirmEmail.Done"))).ToBeVisibleAsync();
        await CheckAccessibilityAsync();

        await SignInAsync(email);
        await Expect(Page).Not.ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = email })).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        await AppBar.GetByRole(AriaRole.Button, new() { Name = UiStrings.En("Account.SignOut") }).ClickAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Account.SignIn") })).ToBeVisibleAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = email })).ToHaveCountAsync(0);
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
    }

    private ILocator Field(string labelKey) => Page.GetByLabel(AccountStrings.En(labelKey), new() { Exact = true });

    private ILocator Button(string key) => Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En(key), Exact = true });

    private async Task SignInAsync(string email)
    {
        await Page.GotoAsync("/Account/Login");
        await CheckAccessibilityAsync();
        await Field("Field.Email").FillAsync(email);
        await Field("Field.Password").FillAsync(Password);
        await Button("Login.Submit").ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }
}

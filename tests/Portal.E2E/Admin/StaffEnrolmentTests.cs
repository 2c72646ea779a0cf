using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using Portal.Core.Identity;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Admin;

public sealed class StaffEnrolmentTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task An_agent_must_enrol_an_authenticator_before_reaching_the_admin_area()
    {
        var agent = DemoAccounts.All.Single(a => a.Role == PortalRoles.Agent).Email;
        var enrolment = new Regex("/Account/Manage/EnableAuthenticator\\?returnUrl=%2Fadmin$", RegexOptions.IgnoreCase);

        await Page.GotoAsync("/");
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();
        await AppBar.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Account.SignIn") }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login$", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        await Field("Field.Email").FillAsync(agent);
        await Field("Field.Password").FillAsync(DemoAccounts.Password);
        await Button("Login.Submit").ClickAsync();
        await Expect(AppBar.GetByRole(AriaRole.Link, new() { Name = agent })).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        // Through the interactive router (the nav link), then with a full page load: both end at enrolment.
        await Page.GetByRole(AriaRole.Navigation, new() { Name = UiStrings.En("Nav.Label") })
            .GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Nav.Admin"), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(enrolment);
        await Page.GotoAsync("/admin");
        await Expect(Page).ToHaveURLAsync(enrolment);
        await Expect(Page.GetByText(AccountStrings.En("Manage.EnableAuthenticator.Required"))).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = AccountStrings.En("Manage.EnableAuthenticator.QrAlt") })).ToBeVisibleAsync();
        await CheckAccessibilityAsync();

        var key = await Page.GetByTestId("authenticator-key").InnerTextAsync();
        var secret = Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant());
        await Field("Field.VerificationCode").FillAsync(new Totp(secret).ComputeTotp());
        await Button("Manage.EnableAuthenticator.Submit").ClickAsync();

        var proceed = Page.GetByRole(AriaRole.Link, new() { Name = AccountStrings.En("Manage.RecoveryCodes.Continue"), Exact = true });
        await Expect(proceed).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
        await proceed.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/admin$", RegexOptions.IgnoreCase));
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(UiStrings.En("Admin.Title"));
        await CheckAccessibilityAsync();
    }

    private ILocator Field(string labelKey) => Page.GetByLabel(AccountStrings.En(labelKey), new() { Exact = true });

    private ILocator Button(string key) => Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En(key), Exact = true });
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
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
        var agent = DemoAccounts.All.Single(a => a.Role == Portal.Core.Identity.PortalRoles.Agent).Email;

        await Page.GotoAsync("/admin");
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2Fadmin", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(agent);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Log in|Sign in)$", RegexOptions.IgnoreCase) }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Manage/EnableAuthenticator\\?returnUrl=%2Fadmin", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();

        var key = await Page.GetByTestId("authenticator-key").InnerTextAsync();
        var secret = Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant());
        var code = new Totp(secret).ComputeTotp();
        await Page.GetByLabel(new Regex("code", RegexOptions.IgnoreCase)).FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Verify", RegexOptions.IgnoreCase) }).ClickAsync();

        var proceed = Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Continue", RegexOptions.IgnoreCase) });
        await Expect(proceed).ToBeVisibleAsync();
        await CheckAccessibilityAsync();
        await proceed.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/admin$", RegexOptions.IgnoreCase));
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(UiStrings.En("Admin.Title"));
        await CheckAccessibilityAsync();
    }
}

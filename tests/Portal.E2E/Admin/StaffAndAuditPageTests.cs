using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Audit;
using Portal.Web.Features.Setup;
using Portal.Web.Features.Staff;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Admin;

public sealed class StaffAndAuditPageTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private static readonly ResourceManager StaffText = new(typeof(StaffText).FullName!, typeof(StaffText).Assembly);
    private static readonly ResourceManager AuditText = new(typeof(AuditText).FullName!, typeof(AuditText).Assembly);

    [Fact]
    public async Task An_admin_locks_an_agent_on_the_staff_page_and_finds_it_at_the_top_of_the_audit_log()
    {
        var admin = DemoAccounts.All.Single(a => a.Role == PortalRoles.Admin).Email;
        var agent = DemoAccounts.All.Single(a => a.Role == PortalRoles.Agent).Email;
        await SignInAsStaffAsync(admin, "/admin/staff");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text(StaffText, "Title"));
        await CheckAccessibilityAsync();

        await Page.GetByTestId($"lock-{agent}").ClickAsync();

        await Expect(Page.GetByTestId("staff-message")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, Text(StaffText, "Lock.Done"), agent));
        await Expect(Page.GetByTestId($"lock-{agent}")).ToHaveTextAsync(Text(StaffText, "Unlock"));
        await CheckAccessibilityAsync();

        await Page.GetByRole(AriaRole.Navigation, new() { Name = UiStrings.En("Nav.Label") })
            .GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Nav.Audit"), Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text(AuditText, "Title"));
        var firstRow = Page.GetByTestId("audit-table").Locator("tbody tr").First;
        await Expect(firstRow).ToContainTextAsync(StaffAccounts.LockAction);
        await Expect(firstRow).ToContainTextAsync($"Account {agent} locked.");
        await CheckAccessibilityAsync();
    }

    private static string Text(ResourceManager resources, string key) => resources.GetString(key, CultureInfo.GetCultureInfo("en"))!;
}

using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Setup;
using Portal.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Triage;

public sealed class TriageQueueTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private static readonly ResourceManager Resources = new(typeof(TriageText));

    [Fact]
    public async Task An_agent_opens_the_unassigned_view_and_assigns_a_report_to_themself()
    {
        var reference = await SubmitReportAsync();
        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Agent).Email, "/admin/reports");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("Title"));
        var row = Page.Locator("tbody tr").Filter(new() { Has = Page.Locator($"[data-reference='{reference}']") });
        await Expect(row).ToBeVisibleAsync();
        await CheckAccessibilityAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = Text("View.Unassigned"), Exact = true }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        await row.Locator("input[type='checkbox']").CheckAsync();
        await Page.GetByTestId("triage-assign-me").ClickAsync();

        await Expect(Page.GetByText(string.Format(CultureInfo.InvariantCulture, Text("Bulk.Assigned"), 1))).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("View.MyOpen"), Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Alex Agent");
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/reports$"));
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();
    }

    private async Task<string> SubmitReportAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var customer = await users.FindByEmailAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Customer).Email);
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReportService>().SubmitAsync(
            customer!.Id,
            new ReportDraft { Source = ReportSource.Upload, Eml = ReportFixtures.Read("gmail-seller-offer.eml"), FileName = "offer.eml" },
            TestContext.Current.CancellationToken);
        return result.Reference!;
    }

    private static string Text(string key) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo("en")) ?? throw new KeyNotFoundException(key);
}

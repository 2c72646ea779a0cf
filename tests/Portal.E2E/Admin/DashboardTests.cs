using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Admin;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Admin;

public sealed class DashboardTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private static readonly ResourceManager Resources = new(typeof(DashboardText));

    [Fact]
    public async Task An_agent_signs_in_with_two_factor_and_sees_the_charts_and_figures_of_a_new_report()
    {
        await SubmitReportAsync();

        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Agent).Email, "/admin");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(UiStrings.En("Admin.Title"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = Text("PerDay.Title"), Level = 2 })).ToBeVisibleAsync();
        var byState = Page.GetByRole(AriaRole.Img, new() { Name = string.Format(CultureInfo.InvariantCulture, Text("ByState.Summary"), "Submitted 1") });
        await Expect(byState).ToBeVisibleAsync();
        await Expect(byState.Locator("svg")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("dashboard-per-day").Locator("figure[role='img'] svg").First).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-figure='open'] dd")).ToHaveTextAsync("1");
        await Expect(Page.Locator("[data-figure='first-response'] dd")).ToHaveTextAsync(Text("Figure.None"));
        await CheckAccessibilityAsync();

        await Page.Locator("[data-days='90']").ClickAsync();

        await Expect(Page.Locator("[data-days='90']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Page.GetByTestId("dashboard-per-day").Locator("table tbody tr")).ToHaveCountAsync(90);
        await CheckAccessibilityAsync();
    }

    private async Task SubmitReportAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var customer = await users.FindByEmailAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Customer).Email);
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReportService>().SubmitAsync(
            customer!.Id,
            new ReportDraft { Source = ReportSource.Upload, Eml = ReportFixtures.Read("gmail-seller-offer.eml"), FileName = "offer.eml" },
            TestContext.Current.CancellationToken);
        Assert.NotNull(result.Reference);
    }

    private static string Text(string key) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo("en")) ?? throw new KeyNotFoundException(key);
}

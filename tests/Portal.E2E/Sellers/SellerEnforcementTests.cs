using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Setup;
using Portal.Web.Features.Sellers;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Sellers;

public sealed class SellerEnforcementTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string SenderDomain = "bargain-lists.example";
    private static readonly ResourceManager Resources = new(typeof(SellersText));
    private static readonly ResourceManager ReportResources = new(typeof(ReportText));

    [Fact]
    public async Task An_admin_links_a_cluster_of_three_reports_to_a_seller_and_bans_it_each_reporter_sees_the_outcome_and_gets_one_email()
    {
        var reporters = new List<(string Email, string Reference)>();
        foreach (var name in new[] { "ines", "jules", "karim" })
        {
            var email = await CreateCustomerAsync(name);
            reporters.Add((email, await SubmitReportAsync(email, name)));
        }

        // The admin creates the seller, then links the cluster of the three reports (same sender domain) to it.
        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Admin).Email, "/admin/sellers");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("List.Title"));
        await CheckAccessibilityAsync();
        await Page.GetByLabel(Text("Create.Name"), new() { Exact = true }).FillAsync("Bargain Lists Ltd");
        await Page.GetByTestId("seller-create").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/admin/sellers/\d+$"));
        var sellerPath = new Uri(Page.Url).AbsolutePath;
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bargain Lists Ltd");
        await CheckAccessibilityAsync();

        await Page.GotoAsync("/admin/sellers/clusters");
        await WaitForInteractiveAsync();
        var cluster = Page.Locator("tbody tr").Filter(new() { Has = Page.Locator($"[data-cluster='{SenderDomain}']") });
        await Expect(cluster).ToContainTextAsync("3");
        await CheckAccessibilityAsync();
        await cluster.GetByTestId("cluster-link").ClickAsync();
        var picker = Page.GetByTestId("cluster-seller").Locator("input");
        await picker.FillAsync("Bargain");
        await Page.GetByText("Bargain Lists Ltd", new() { Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("cluster-link-confirm")).ToBeEnabledAsync();
        await WaitForAnimationsAsync();
        await CheckAccessibilityAsync();
        await Page.GetByTestId("cluster-link-confirm").ClickAsync();
        await Expect(Page.GetByText(string.Format(CultureInfo.InvariantCulture, Text("Clusters.Linked"), 3, "Bargain Lists Ltd"))).ToBeVisibleAsync();
        await Expect(cluster).ToHaveCountAsync(0);
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // On the seller's page: the three reports, and a ban after the preview.
        await Page.GotoAsync(sellerPath);
        await WaitForInteractiveAsync();
        foreach (var (_, reference) in reporters)
        {
            await Expect(Page.GetByTestId("seller-reports").Locator($"[data-reference='{reference}']")).ToBeVisibleAsync();
        }

        await CheckAccessibilityAsync();
        await Page.GetByTestId("seller-enforce").ClickAsync();
        await Expect(Page.GetByTestId("enforce-preview")).ToContainTextAsync(string.Format(CultureInfo.InvariantCulture, Text("Enforce.Preview"), 3, 3));
        await Page.GetByLabel(Text("Action.Ban"), new() { Exact = true }).CheckAsync();
        await Page.GetByLabel(Text("Enforce.Reason")).FillAsync("Sold the leaked customer list to these senders.");
        await WaitForAnimationsAsync();
        await CheckAccessibilityAsync();
        await Page.GetByTestId("enforce-confirm").ClickAsync();
        await Expect(Page.GetByTestId("seller-history")).ToContainTextAsync("Sold the leaked customer list to these senders.");
        await Expect(Page.GetByTestId("seller-history")).ToContainTextAsync(Text("Action.Ban"));
        await Expect(Page.Locator("[data-state='Banned']").First).ToBeVisibleAsync();
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // Each reporter got exactly one email about their own report.
        foreach (var (email, reference) in reporters)
        {
            var update = await App.Mailbox.WaitForNewestAsync(email, where: m => IsUpdateAbout(m, reference));
            Assert.Contains("banned", update.TextBody, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(reporters.Select(r => (r.Email, 1)), reporters.Select(r => (r.Email, CountUpdates(r.Email))));

        // Each reporter, signed in, reads the outcome on their own report.
        var banned = Regex.Escape(ReportResources.GetString("Outcome.SellerBanned", CultureInfo.GetCultureInfo("en"))!).Replace(@"\{0}", ".+", StringComparison.Ordinal);
        foreach (var (email, reference) in reporters)
        {
            await Page.Context.ClearCookiesAsync();
            await SignInAsync(email, $"/reports/{reference}");
            await Expect(Page.GetByTestId("report-outcome")).ToHaveTextAsync(new Regex(banned));
            await CheckAccessibilityAsync();
        }
    }

    private async Task<string> CreateCustomerAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.org";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredLanguage = "en", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Customer)).Succeeded);
        return email;
    }

    /// <summary>Submits, through the report service as the reports E2E does, an email the seller sent to this customer.</summary>
    private async Task<string> SubmitReportAsync(string email, string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var customer = await users.FindByEmailAsync(email);
        var eml = Encoding.UTF8.GetBytes(
            $"From: Bargain Lists <deals@{SenderDomain}>\r\nTo: {email}\r\nSubject: Exclusive offer for {name}\r\n" +
            $"Message-ID: <{Guid.NewGuid():N}@{SenderDomain}>\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\n\r\nWe bought your address. Buy now.\r\n");
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReportService>().SubmitAsync(
            customer!.Id,
            new ReportDraft { Source = ReportSource.Upload, Eml = eml, FileName = "offer.eml" },
            TestContext.Current.CancellationToken);
        Assert.Equal(SubmitStatus.Created, result.Status);
        return result.Reference!;
    }

    private static bool IsUpdateAbout(MimeMessage message, string reference) =>
        message.TextBody?.Contains(reference, StringComparison.Ordinal) == true && message.TextBody.Contains("banned", StringComparison.OrdinalIgnoreCase);

    /// <summary>Outcome emails to <paramref name="address"/> in the pickup folder (not the submission confirmation).</summary>
    private int CountUpdates(string address) => Directory.EnumerateFiles(App.Mailbox.Folder, "*.eml")
        .Select(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return MimeMessage.Load(stream);
        })
        .Count(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase))
                    && m.TextBody?.Contains("banned", StringComparison.OrdinalIgnoreCase) == true);

    private static string Text(string key) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo("en")) ?? throw new KeyNotFoundException(key);
}

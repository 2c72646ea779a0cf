using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Reports;
using Portal.Web.Features.Setup;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Reports;

/// <summary>Abuse reports in Chromium: upload and evidence, paste, duplicates, withdrawal, bad files, inert payloads.</summary>
public sealed class ReportTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string DemoCustomer = "customer@demo.example";

    private static readonly ResourceManager PageResources = new(typeof(ReportPageText).FullName!, typeof(ReportPageText).Assembly);
    private static readonly ResourceManager ReportResources = new(typeof(ReportText).FullName!, typeof(ReportText).Assembly);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, bool> Exports => new()
    {
        { "gmail-seller-offer.eml", "Your exclusive offer: 70% off smart watches today only", "192.0.2.10", false },
        { "outlook-marketplace-promo.eml", "Black Friday starts now at Bargain Store", "203.0.113.77", true },
        { "apple-mail-newsletter.eml", "Last chance: your basket is waiting", "192.0.2.145", false },
        { "french-encoded-words.eml", "Offre exclusive à −50\u00a0% : dépêchez-vous !", "203.0.113.9", false },
    };

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task A_customer_uploads_an_export_checks_its_evidence_submits_and_finds_it_in_my_reports(string fixture, string subject, string originatingIp, bool notAddressedToThem)
    {
        await SignInAtNewReportAsync(DemoCustomer);

        await UploadAsync(fixture);

        var evidence = Page.GetByTestId("evidence");
        await Expect(evidence.GetByTestId("evidence-subject")).ToHaveTextAsync(subject);
        await Expect(evidence.GetByTestId("evidence-originating-ip")).ToHaveTextAsync(originatingIp);
        await Expect(evidence.GetByTestId("evidence-received")).ToBeVisibleAsync();
        await Expect(evidence.GetByTestId("evidence-dkim")).ToContainTextAsync(".example");
        await Expect(Page.GetByTestId("recipient-warning")).ToHaveCountAsync(notAddressedToThem ? 1 : 0);
        await CheckAccessibilityAsync();

        await Page.Locator("#report-comment").FillAsync("It arrived the day after the incident notice.");
        var reference = await SubmitAsync();

        var confirmation = await App.Mailbox.WaitForNewestAsync(DemoCustomer, TimeSpan.FromSeconds(60), m => m.TextBody?.Contains(reference, StringComparison.Ordinal) == true);
        Assert.Contains(subject, confirmation.TextBody, StringComparison.Ordinal);

        await Page.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Nav.Reports"), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/reports$"));
        var row = Page.Locator($"tr[data-reference='{reference}']");
        await Expect(row.GetByTestId("report-state")).ToHaveTextAsync(Report("State.Submitted"));
        await Expect(row).ToContainTextAsync(subject);
        await CheckAccessibilityAsync();
    }

    [Fact]
    public async Task A_customer_types_in_a_message_and_a_second_upload_of_the_same_message_is_refused_with_a_link_then_withdrawn()
    {
        var email = await CreateCustomerAsync("paste");
        await SignInAtNewReportAsync(email);

        // The paste path: a wrong sender is named under its field, then the report goes through.
        await Page.GetByText(Text("New.Source.Paste"), new() { Exact = true }).ClickAsync();
        await Page.Locator("#report-sender").FillAsync("not an address");
        await Page.Locator("#report-text").FillAsync("Dear customer, buy our watches at https://watches.example/now");
        await Page.GetByTestId("submit-report").ClickAsync();
        await Expect(Page.GetByTestId("submit-error")).ToHaveTextAsync(Text("New.FixFields"));
        await Expect(Page.GetByTestId("error-Sender")).ToHaveTextAsync(Text("Field.Sender.Error"));
        await CheckAccessibilityAsync();
        await Page.Locator("#report-sender").FillAsync("deals@watches.example");
        await Page.Locator("#report-subject").FillAsync("Watches for you");
        await Page.Locator("#report-received-on").FillAsync("2026-11-24");
        await Page.Locator("#report-seller").FillAsync("Watches Unlimited");
        var pasted = await SubmitAsync();
        await Expect(Page.GetByTestId("report-seller")).ToHaveTextAsync("Watches Unlimited");
        await Expect(Page.GetByTestId("message-text")).ToHaveTextAsync("Dear customer, buy our watches at https://watches.example/now");
        await App.Mailbox.WaitForNewestAsync(email, TimeSpan.FromSeconds(60), m => m.TextBody?.Contains(pasted, StringComparison.Ordinal) == true);

        // The same Message-ID twice: the second is refused with a link to the first report.
        await Page.GotoAsync("reports/new");
        await WaitForInteractiveAsync();
        await UploadAsync("french-encoded-words.eml");
        var first = await SubmitAsync();
        await Page.GotoAsync("reports/new");
        await WaitForInteractiveAsync();
        await UploadAsync("french-encoded-words.eml");
        await Page.GetByTestId("submit-report").ClickAsync();
        var duplicate = Page.GetByTestId("duplicate");
        await Expect(duplicate).ToContainTextAsync(Text("New.Duplicate"));
        await CheckAccessibilityAsync();
        await duplicate.GetByRole(AriaRole.Link, new() { Name = first }).ClickAsync();

        // Withdrawn from its page: the state changes and adding information is no longer offered.
        await Expect(Page).ToHaveURLAsync(new Regex($"/reports/{first}$"));
        await WaitForInteractiveAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Withdraw.Submit") }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("Withdraw.Confirm") }).ClickAsync();
        await Expect(Page.GetByTestId("report-state")).ToHaveTextAsync(Report("State.Withdrawn"));
        await Expect(Page.GetByTestId("timeline").Locator("li[data-kind='Withdrawn']")).ToContainTextAsync(Report("Event.Withdrawn"));
        await Expect(Page.GetByTestId("add-information")).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();

        await using var db = await NewDbAsync();
        var states = await db.AbuseReports.Where(r => r.Reference == first || r.Reference == pasted).Select(r => r.State).ToListAsync(Token);
        Assert.Equal([ReportState.Submitted, ReportState.Withdrawn], states.Order());
        // The refused duplicate stored nothing: the typed-in report and the first upload are all there is.
        Assert.Equal(2, await db.AbuseReports.CountAsync(r => r.ReporterId == db.Users.Single(u => u.Email == email).Id, Token));
    }

    [Fact]
    public async Task Bad_files_each_get_a_clear_message_and_nothing_is_stored()
    {
        var email = await CreateCustomerAsync("bad-files");
        await SignInAtNewReportAsync(email);
        await using var db = await NewDbAsync();
        var before = (await db.AbuseReports.CountAsync(Token), await db.ReportMessageContents.CountAsync(Token), await db.OutboxMessages.CountAsync(Token));
        var limit = 10;
        var bad = new (string Name, byte[] Content, string Message)[]
        {
            ("empty.eml", ReportFixtures.Read("empty.eml"), Text("Upload.Error.Empty")),
            ("binary.eml", ReportFixtures.Read("binary.eml"), Text("Upload.Error.NotAMessage")),
            ("archive.eml", ReportFixtures.Read("zip-renamed.eml"), Text("Upload.Error.NotAMessage")),
            ("broken-headers.eml", ReportFixtures.Read("broken-headers.eml"), Text("Upload.Error.BrokenHeaders")),
            ("eight-bit-headers.eml", ReportFixtures.Read("eight-bit-headers.eml"), Text("Upload.Error.EightBitHeaders")),
            ("huge.eml", new byte[limit * 1024 * 1024 + 1], string.Format(CultureInfo.GetCultureInfo("en"), Text("Upload.Error.TooLarge"), limit)),
        };

        foreach (var (name, content, message) in bad)
        {
            await Page.GetByLabel(Text("Upload.Choose"), new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = name, MimeType = "message/rfc822", Buffer = content });
            await Expect(Page.GetByTestId("upload-error")).ToHaveTextAsync(message);
            await Expect(Page.GetByTestId("upload-preview")).ToHaveCountAsync(0);
        }

        await CheckAccessibilityAsync();
        await Page.GetByTestId("submit-report").ClickAsync();
        await Expect(Page.GetByTestId("submit-error")).ToHaveTextAsync(Text("New.NoFile"));
        Assert.Equal(before, (await db.AbuseReports.CountAsync(Token), await db.ReportMessageContents.CountAsync(Token), await db.OutboxMessages.CountAsync(Token)));
    }

    [Fact]
    public async Task Script_payloads_in_every_field_and_in_the_message_html_stay_inert()
    {
        var email = await CreateCustomerAsync("xss");
        await SignInAtNewReportAsync(email);

        // A message whose headers and HTML try every usual way to run script in the page or reach it from a frame.
        var subject = "<img src=x onerror=\"top.__xss='subject'\">";
        var eml = Encoding.ASCII.GetBytes(
            "From: \"<script>top.__xss='from'</script>\" <evil@xss-seller.example>\r\n" +
            "To: " + email + "\r\n" +
            "Subject: " + subject + "\r\n" +
            "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n" +
            "Message-ID: <xss-" + Guid.NewGuid().ToString("N") + "@xss-seller.example>\r\n" +
            "List-Unsubscribe: <javascript:top.__xss='unsubscribe'>\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n" +
            "<p>Hi</p><script>top.__xss='script'</script><img src=x onerror=\"top.__xss='img'\">" +
            "<a href=\"javascript:top.__xss='link'\">click</a><svg onload=\"top.__xss='svg'\"></svg>" +
            "<iframe srcdoc=\"<script>top.__xss='frame'</script>\"></iframe><style>@import url(https://evil.example/x.css)</style>\r\n");
        await Page.GetByLabel(Text("Upload.Choose"), new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "xss.eml", MimeType = "message/rfc822", Buffer = eml });
        await Expect(Page.GetByTestId("evidence-subject")).ToHaveTextAsync(subject);
        var frame = Page.GetByTestId("message-html");
        await Expect(frame).ToHaveAttributeAsync("sandbox", "");
        var frameDocument = await frame.GetAttributeAsync("srcdoc") ?? "";
        Assert.DoesNotContain("<script", frameDocument, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", frameDocument, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", frameDocument, StringComparison.OrdinalIgnoreCase);
        await AssertNoScriptRanAsync();
        await CheckAccessibilityAsync();

        var comment = "<script>window.__xss='comment'</script><img src=x onerror=\"window.__xss='comment-img'\">";
        var seller = "<svg onload=\"window.__xss='seller'\"></svg>";
        await Page.Locator("#report-comment").FillAsync(comment);
        await Page.Locator("#report-seller").FillAsync(seller);
        var uploaded = await SubmitAsync();
        await Expect(Page.GetByTestId("report-seller")).ToHaveTextAsync(seller);
        await Expect(Page.GetByTestId("timeline")).ToContainTextAsync(comment);
        await AssertNoScriptRanAsync();

        // The typed-in path, with a payload in each of its fields.
        await Page.GotoAsync("reports/new");
        await WaitForInteractiveAsync();
        await Page.GetByText(Text("New.Source.Paste"), new() { Exact = true }).ClickAsync();
        await Page.Locator("#report-sender").FillAsync("\"<script>window.__xss='sender'</script>\" <evil@xss-seller.example>");
        await Page.Locator("#report-subject").FillAsync("<img src=x onerror=\"window.__xss='paste-subject'\">");
        await Page.Locator("#report-text").FillAsync("<script>window.__xss='text'</script><body onload=\"window.__xss='body'\">");
        await Page.Locator("#report-seller").FillAsync(seller);
        await Page.Locator("#report-comment").FillAsync(comment);
        await SubmitAsync();
        await Expect(Page.GetByTestId("message-text")).ToHaveTextAsync("<script>window.__xss='text'</script><body onload=\"window.__xss='body'\">");
        await AssertNoScriptRanAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = UiStrings.En("Nav.Reports"), Exact = true }).ClickAsync();
        await Expect(Page.Locator($"tr[data-reference='{uploaded}']")).ToContainTextAsync(subject);
        await Expect(Page.GetByText("<img src=x onerror=\"window.__xss='paste-subject'\">")).ToBeVisibleAsync();
        await AssertNoScriptRanAsync();
        await CheckAccessibilityAsync();
    }

    private async Task AssertNoScriptRanAsync()
    {
        // Give any planted handler (image errors, frame loads) a chance to fire before looking.
        await Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal("undefined", await Page.EvaluateAsync<string>("() => typeof window.__xss"));
    }

    private async Task SignInAtNewReportAsync(string email)
    {
        await Page.GotoAsync("reports/new");
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        await Page.GetByLabel(AccountStrings.En("Field.Email"), new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel(AccountStrings.En("Field.Password"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Login.Submit"), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/reports/new$"));
        await WaitForInteractiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Text("New.Title"));
        await CheckAccessibilityAsync();
    }

    private async Task UploadAsync(string fixture)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reports", "Fixtures", fixture);
        await Page.GetByLabel(Text("Upload.Choose"), new() { Exact = true }).SetInputFilesAsync(path);
        await Expect(Page.GetByTestId("upload-preview")).ToContainTextAsync(string.Format(CultureInfo.GetCultureInfo("en"), Text("Upload.Read"), fixture));
    }

    /// <summary>Sends the form and returns the new report's reference, read from the page it lands on.</summary>
    private async Task<string> SubmitAsync()
    {
        await Page.GetByTestId("submit-report").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/reports/AR-[0-9A-Z]{4}-[0-9A-Z]{4}\?submitted=1$"));
        await WaitForInteractiveAsync();
        var reference = Regex.Match(Page.Url, "AR-[0-9A-Z]{4}-[0-9A-Z]{4}").Value;
        await Expect(Page.GetByTestId("report-submitted")).ToContainTextAsync(reference);
        await Expect(Page.GetByTestId("report-state")).ToHaveTextAsync(Report("State.Submitted"));
        await CheckAccessibilityAsync();
        return reference;
    }

    private async Task<string> CreateCustomerAsync(string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.org";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Report Tester", PreferredLanguage = "en", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Customer)).Succeeded);
        return email;
    }

    private Task<PortalDbContext> NewDbAsync() =>
        App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);

    private static string Text(string key) => ResourceText.Get(PageResources, key, "en");

    private static string Report(string key) => ResourceText.Get(ReportResources, key, "en");
}

using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Reports;
using Portal.Core.Triage;
using Portal.E2E.Infrastructure;
using Portal.Web.Features.Setup;
using Portal.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Triage;

/// <summary>The staff report page in Chromium, from the queue to what the reporter then sees and receives.</summary>
public sealed class ReportTriageTests(PortalAppFixture app, BrowserFixture browser)
    : PortalPageTest(app, browser), IClassFixture<PortalAppFixture>
{
    private const string Note = "Internal: same sender domain as the watches campaign last week.";
    private const string Reason = "We are checking this seller's other messages.";

    private static readonly ResourceManager QueueText = new(typeof(TriageText));
    private static readonly ResourceManager PageText = new(typeof(ReportTriageText));
    private static readonly ResourceManager StateText = new(typeof(ReportText).FullName!, typeof(ReportText).Assembly);
    private static readonly ResourceManager CannedText = new(typeof(CannedResponseText).FullName!, typeof(CannedResponseText).Assembly);

    [Fact]
    public async Task An_agent_filters_the_queue_opens_a_report_writes_a_note_and_a_canned_reply_and_changes_the_state_and_the_reporter_sees_only_the_reply()
    {
        var (customerEmail, reference) = await FrenchCustomerWithReportAsync();
        var frenchThanks = CannedText.GetString("Thanks.Text", CultureInfo.GetCultureInfo("fr"))!;

        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Agent).Email, "/admin/reports");
        var rows = Page.Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        await CheckAccessibilityAsync();

        // Filter the queue down to the report by its reference.
        await Page.GetByLabel(En(QueueText, "Filter.Search")).FillAsync(reference);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator($"[data-reference='{reference}']")).ToBeVisibleAsync();
        await rows.First.GetByRole(AriaRole.Link, new() { Name = En(PageText, "Queue.Open", reference) }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/admin/reports/[0-9]+$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(En(PageText, "Title", reference));
        await Expect(Page.GetByTestId("detail-state")).ToHaveTextAsync(En(StateText, "State.Submitted"));
        await Expect(Page.GetByTestId("reporter-language")).ToHaveTextAsync(En(PageText, "Language.fr"));
        await Expect(Page.GetByTestId("evidence").First).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        // An internal note (the composer's default mode).
        await Page.Locator("#composer-text").FillAsync(Note);
        await Page.GetByTestId("composer-submit").ClickAsync();
        var timeline = Page.GetByTestId("timeline");
        await Expect(timeline.Locator("li[data-kind='Note'][data-visibility='internal']")).ToContainTextAsync(Note);

        // A reply from a canned response, which comes in the reporter's language (French) for an agent reading English.
        await Page.GetByText(En(PageText, "Composer.Reply"), new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = En(PageText, "Composer.Canned", En(PageText, "Language.fr")) }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = En(CannedText, "Thanks.Title") }).ClickAsync();
        await Expect(Page.Locator("#composer-text")).ToHaveValueAsync(frenchThanks);
        await Page.GetByTestId("composer-submit").ClickAsync();
        await Expect(timeline.Locator("li[data-kind='Reply'][data-visibility='reporter']")).ToContainTextAsync(frenchThanks);
        await Expect(Page.Locator("#composer-text")).ToHaveValueAsync("");

        // A state change offers only the legal next states and takes a reason.
        await Page.GetByTestId("state-select").ClickAsync();
        var options = Page.Locator(".mud-popover-open .mud-list-item");
        await Expect(options).ToHaveTextAsync(
            new[] { ReportState.InReview, ReportState.ActionTaken, ReportState.NoViolation, ReportState.Duplicate }.Select(s => En(StateText, $"State.{s}")).ToArray());
        await options.GetByText(En(StateText, "State.InReview"), new() { Exact = true }).ClickAsync();
        await Page.Locator("#state-reason").FillAsync(Reason);
        await Page.GetByTestId("state-submit").ClickAsync();
        await Expect(Page.GetByTestId("detail-state")).ToHaveTextAsync(En(StateText, "State.InReview"));
        await Expect(timeline.Locator("li[data-kind='StateChanged']")).ToContainTextAsync(Reason);
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // The same page in French: its own strings, the timeline worded for staff, still accessible.
        await Page.GotoAsync("culture/set?culture=fr&returnUrl=" + Uri.EscapeDataString(new Uri(Page.Url).AbsolutePath));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Fr(PageText, "Title", reference));
        await Expect(timeline.Locator("li[data-kind='Note'] strong")).ToHaveTextAsync(Fr(PageText, "Event.Note"));
        await WaitForInteractiveAsync();
        await CheckAccessibilityAsync();

        var reply = await App.Mailbox.WaitForNewestAsync(customerEmail, TimeSpan.FromSeconds(60), m => m.TextBody?.Contains(frenchThanks, StringComparison.Ordinal) == true);
        Assert.Contains(reference, reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Note, reply.TextBody, StringComparison.Ordinal);

        // The reporter, signed in on their own: the reply and the state change are there, the note is not.
        await Page.Context.ClearCookiesAsync();
        await Page.GotoAsync($"reports/{reference}");
        await Expect(Page).ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await CheckAccessibilityAsync();
        await Page.GetByLabel(AccountStrings.En("Field.Email"), new() { Exact = true }).FillAsync(customerEmail);
        await Page.GetByLabel(AccountStrings.En("Field.Password"), new() { Exact = true }).FillAsync(DemoAccounts.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountStrings.En("Login.Submit"), Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/reports/{reference}$"));
        await WaitForInteractiveAsync();
        var reporterTimeline = Page.GetByTestId("timeline");
        await Expect(reporterTimeline.Locator("li[data-kind='Reply']")).ToContainTextAsync(frenchThanks);
        await Expect(reporterTimeline.Locator("li[data-kind='StateChanged']")).ToContainTextAsync(Reason);
        await Expect(reporterTimeline).Not.ToContainTextAsync(Note);
        await Expect(reporterTimeline.Locator("li[data-kind='Note']")).ToHaveCountAsync(0);
        await CheckAccessibilityAsync();
    }

    [Fact]
    public async Task A_bulk_state_change_moves_what_it_can_and_a_duplicate_mark_is_undone_from_the_snackbar()
    {
        var tag = $"Bulk-{Guid.NewGuid():N}"[..13];
        var (first, _) = await TypedInReportAsync($"{tag} watches");
        var (second, _) = await TypedInReportAsync($"{tag} shoes");
        var (_, thirdId) = await TypedInReportAsync($"{tag} phones");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var moved = await scope.ServiceProvider.GetRequiredService<AbuseReportService>().ChangeStateAsync(thirdId, ReportState.InReview, null, "Already looking.", TestContext.Current.CancellationToken);
            Assert.Equal(ReportChange.Done, moved.Status);
        }

        // An admin works here too (the Staff policy), and this portal's agent account is another test's.
        await SignInAsStaffAsync(DemoAccounts.All.Single(a => a.Role == PortalRoles.Admin).Email, "/admin/reports");
        await Page.GetByLabel(En(QueueText, "Filter.Search")).FillAsync(tag);
        var rows = Page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await rows.Nth(i).Locator("input[type='checkbox']").CheckAsync();
        }

        await Page.GetByTestId("triage-change-state").ClickAsync();
        await Page.GetByTestId("bulk-state-select").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").GetByText(En(StateText, "State.InReview"), new() { Exact = true }).ClickAsync();
        await Page.GetByTestId("bulk-state-apply").ClickAsync();
        await Expect(Page.GetByTestId("bulk-state-error")).ToHaveTextAsync(En(PageText, "Error.ReasonRequired"));
        await CheckAccessibilityAsync();
        await Page.Locator("#bulk-reason").FillAsync("Checking these together.");
        await Page.GetByTestId("bulk-state-apply").ClickAsync();
        await Expect(Page.GetByText(En(PageText, "Bulk.Result", 2, 1, En(StateText, "State.InReview")))).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = En(StateText, "State.InReview") })).ToHaveCountAsync(3);
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();

        // Mark the first as a duplicate of the second, then undo it from the snackbar.
        await rows.Filter(new() { Has = Page.Locator($"[data-reference='{first}']") }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(En(PageText, "Title", first));
        await WaitForInteractiveAsync();
        await Page.Locator("#link-reference").FillAsync(second.ToLowerInvariant());
        await Page.GetByTestId("mark-duplicate").ClickAsync();
        await Expect(Page.GetByTestId("duplicate-of")).ToContainTextAsync(second);
        await WaitForSnackbarsAsync();
        await CheckAccessibilityAsync();
        await Page.Locator(".mud-snackbar").Filter(new() { HasText = En(PageText, "Links.Marked", second) })
            .GetByRole(AriaRole.Button, new() { Name = En(PageText, "Links.Undo") }).ClickAsync();
        await Expect(Page.GetByTestId("duplicate-of")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("timeline").Locator("li[data-kind='DuplicateMarked']")).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("timeline").Locator("li[data-kind='DuplicateMarked']").Last).ToContainTextAsync(En(PageText, "Event.DuplicateCleared"));
    }

    /// <summary>A typed-in report by a new customer; returns its reference and id.</summary>
    private async Task<(string Reference, long Id)> TypedInReportAsync(string subject)
    {
        var email = $"bulk-{Guid.NewGuid():N}@example.org";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bulk Tester", PreferredLanguage = "en", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        var reports = scope.ServiceProvider.GetRequiredService<AbuseReportService>();
        var result = await reports.SubmitAsync(
            user.Id,
            new ReportDraft { Source = ReportSource.Paste, SenderAddress = "deals@bulk-seller.example", Subject = subject, ReceivedOn = DateOnly.FromDateTime(DateTime.UtcNow), Text = "Buy now." },
            TestContext.Current.CancellationToken);
        Assert.Equal(SubmitStatus.Created, result.Status);
        var view = await reports.FindForReporterAsync(user.Id, result.Reference!, TestContext.Current.CancellationToken);
        return (result.Reference!, view!.Report.Id);
    }

    /// <summary>A customer who reads French, with a report submitted from an uploaded export.</summary>
    private async Task<(string Email, string Reference)> FrenchCustomerWithReportAsync()
    {
        var email = $"triage-{Guid.NewGuid():N}@example.org";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Camille Martin", PreferredLanguage = "fr", CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Customer)).Succeeded);
        var result = await scope.ServiceProvider.GetRequiredService<AbuseReportService>().SubmitAsync(
            user.Id,
            new ReportDraft { Source = ReportSource.Upload, Eml = ReportFixtures.Read("gmail-seller-offer.eml"), FileName = "offer.eml" },
            TestContext.Current.CancellationToken);
        Assert.Equal(SubmitStatus.Created, result.Status);
        return (email, result.Reference!);
    }

    private static string En(ResourceManager resources, string key, params object[] arguments) => Text("en", resources, key, arguments);

    private static string Fr(ResourceManager resources, string key, params object[] arguments) => Text("fr", resources, key, arguments);

    private static string Text(string language, ResourceManager resources, string key, object[] arguments)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var text = resources.GetString(key, culture) ?? throw new KeyNotFoundException(key);
        return arguments.Length == 0 ? text : string.Format(culture, text, arguments);
    }
}

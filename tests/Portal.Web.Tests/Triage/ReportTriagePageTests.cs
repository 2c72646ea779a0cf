using System.Net;
using System.Text;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Tests.Reports;
using Portal.Core.Triage;
using Portal.Web.Components.Account;
using Portal.Web.Features.Reports;
using Portal.Web.Features.Triage;
using Portal.Web.Tests.Account;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Layout;

namespace Portal.Web.Tests.Triage;

/// <summary>
/// The staff report page: over real HTTP for who may open it and the audited raw download, and in bUnit against the
/// running portal's services (real SQLite, real outbox) for what bad input gets.
/// </summary>
public sealed class ReportTriagePageTests(ReportTriagePageTests.Host host) : LayoutTestContext, IClassFixture<ReportTriagePageTests.Host>
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private PortalAppFactory Portal => host.Portal;

    [Fact]
    public async Task An_agent_with_two_factor_gets_the_page_and_the_raw_download_it_links_to_is_audited()
    {
        var (id, reference, eml) = await host.NewReportAsync();
        var agentEmail = TestAccounts.NewEmail("agent");
        using var agent = Portal.CreateFormClient();
        var key = await FormSignIn.CreateAccountAsync(Portal.Services, agentEmail, PortalRoles.Agent, withAuthenticator: true);
        await FormSignIn.SignInAsync(agent.Http, agentEmail, key, "/");

        var page = await agent.GetAsync($"admin/reports/{id}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal($"Report {reference}", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("[data-testid='seller-panel']"));
        var download = page.Document.QuerySelector("a[data-testid='raw-download']")!.GetAttribute("href")!;
        using var raw = await agent.Http.GetAsync(download, Token);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(eml, await raw.Content.ReadAsByteArrayAsync(Token));
        var audit = await Portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Target == $"report:{reference}").ToListAsync(Token));
        Assert.Equal((RawMessageEndpoint.AuditAction, agentEmail), (Assert.Single(audit).Action, audit[0].ActorName));
    }

    [Fact]
    public async Task The_reporter_themself_and_anonymous_visitors_are_refused()
    {
        var (id, _, _) = await host.NewReportAsync();
        using var reporter = Portal.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(reporter, host.ReporterEmail);
        using var anonymous = Portal.CreateFormClient();

        var asReporter = await reporter.GetAsync($"admin/reports/{id}");
        var asAnonymous = await anonymous.GetAsync($"admin/reports/{id}");

        Assert.Equal(HttpStatusCode.Redirect, asReporter.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", asReporter.RedirectPath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, asAnonymous.StatusCode);
        Assert.Equal($"/Account/Login?ReturnUrl=%2Fadmin%2Freports%2F{id}", asAnonymous.RedirectPath);
    }

    [Fact]
    public async Task The_page_shows_the_report_with_its_evidence_and_offers_only_the_legal_next_states()
    {
        var (id, reference, _) = await host.NewReportAsync();

        var cut = RenderPage(id);

        cut.WaitForAssertion(() => Assert.Equal($"Report {reference}", cut.Find("h1").TextContent.Trim()));
        Assert.Equal("Submitted", cut.Find("[data-testid='detail-state']").TextContent.Trim());
        Assert.Equal("Normal", cut.Find("[data-testid='detail-priority']").TextContent.Trim());
        Assert.Equal("Unassigned", cut.Find("[data-testid='detail-assignee']").TextContent.Trim());
        Assert.Equal("French", cut.Find("[data-testid='reporter-language']").TextContent.Trim());
        Assert.Equal("True", cut.Find("[data-testid='addressed-to-reporter']").GetAttribute("data-value"));
        Assert.NotEmpty(cut.FindAll("[data-testid='evidence']"));
        Assert.Equal("Report submitted", cut.Find("[data-testid='timeline'] li[data-kind='Submitted'] strong").TextContent.Trim());
        var select = cut.FindComponent<MudSelect<ReportState?>>();
        Assert.Equal(
            [ReportState.InReview, ReportState.ActionTaken, ReportState.NoViolation, ReportState.Duplicate],
            select.FindComponents<MudSelectItem<ReportState?>>().Select(i => i.Instance.Value!.Value));
        cut.WaitForAssertion(() => Assert.Equal("Not linked to a seller, and no seller's identifier matches its evidence.", cut.Find("[data-testid='seller-none']").TextContent.Trim()));
    }

    [Fact]
    public async Task A_state_change_without_a_reason_gets_a_message_and_stores_nothing_then_with_one_it_moves()
    {
        var (id, _, _) = await host.NewReportAsync();
        var cut = RenderPage(id);
        cut.WaitForAssertion(() => cut.Find("[data-testid='state-submit']"));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ReportState?>>().Instance.ValueChanged.InvokeAsync(ReportState.NoViolation));
        await cut.Find("[data-testid='state-submit']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Give a reason: the reporter reads it.", cut.Find("[data-testid='state-error']").TextContent.Trim()));
        Assert.Equal((ReportState.Submitted, 1), await StateAndEventsAsync(id));

        cut.Find("#state-reason").Input("A newsletter the customer subscribed to.");
        await cut.Find("[data-testid='state-submit']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("No violation found", cut.Find("[data-testid='detail-state']").TextContent.Trim()));
        Assert.Equal((ReportState.NoViolation, 2), await StateAndEventsAsync(id));
        Assert.Equal([ReportState.Closed, ReportState.InReview], cut.FindComponent<MudSelect<ReportState?>>().FindComponents<MudSelectItem<ReportState?>>()
            .Select(i => i.Instance.Value!.Value));
    }

    [Fact]
    public async Task In_french_a_missing_or_unknown_reference_and_an_over_long_note_get_french_messages_and_store_nothing()
    {
        var (id, reference, _) = await host.NewReportAsync();
        UseCulture("fr");
        var cut = RenderPage(id);
        cut.WaitForAssertion(() => cut.Find("[data-testid='mark-duplicate']"));

        await cut.Find("[data-testid='link-related']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Saisissez la référence de l'autre signalement (AR-XXXX-XXXX).", cut.Find("[data-testid='link-error']").TextContent.Trim()));

        cut.Find("#link-reference").Input("AR-ZZZZ-ZZZZ");
        await cut.Find("[data-testid='mark-duplicate']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Aucun signalement n'a la référence « AR-ZZZZ-ZZZZ ».", cut.Find("[data-testid='link-error']").TextContent.Trim()));

        cut.Find("#composer-text").Input(new string('n', ReportEvent.TextMaxLength + 1));
        await cut.Find("[data-testid='composer-submit']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Le texte est trop long : 8 000 caractères au plus.", cut.Find("[data-testid='composer-error']").TextContent.Trim().Replace('\u202f', ' ').Replace('\u00a0', ' ')));

        Assert.Equal((ReportState.Submitted, 1), await StateAndEventsAsync(id));
        Assert.Null(await Portal.WithDbAsync(db => db.AbuseReports.Where(r => r.Id == id).Select(r => r.DuplicateOfId).SingleAsync(Token)));
        Assert.Equal(0, await Portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Target == $"report:{reference}", Token)));
    }

    [Fact]
    public async Task A_note_stays_internal_and_a_duplicate_mark_can_be_undone_from_the_page()
    {
        var (id, _, _) = await host.NewReportAsync();
        var (_, other, _) = await host.NewReportAsync();
        var cut = RenderPage(id);
        cut.WaitForAssertion(() => cut.Find("[data-testid='composer-submit']"));

        cut.Find("#composer-text").Input("Seen this sender before.");
        await cut.Find("[data-testid='composer-submit']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Seen this sender before.", cut.Find("[data-testid='timeline'] li[data-visibility='internal'][data-kind='Note']").TextContent, StringComparison.Ordinal));
        Assert.Contains("Internal note added.", cut.Markup, StringComparison.Ordinal);

        cut.Find("#link-reference").Input(other.ToLowerInvariant());
        await cut.Find("[data-testid='mark-duplicate']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(other, cut.Find("[data-testid='duplicate-of']").TextContent, StringComparison.Ordinal));
        Assert.Contains(cut.FindAll(".mud-snackbar"), bar => bar.TextContent.Contains($"Marked as a duplicate of {other}.", StringComparison.Ordinal)
            && bar.QuerySelector("button")?.TextContent.Trim() == "Undo");

        await cut.Find("[data-testid='unmark-duplicate']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='duplicate-of']")));
        Assert.Null(await Portal.WithDbAsync(db => db.AbuseReports.Where(r => r.Id == id).Select(r => r.DuplicateOfId).SingleAsync(Token)));
        // Nothing of it reaches the reporter: their timeline (and so their emails) still holds only the submission.
        Assert.Equal([ReportEventKind.Submitted], await Portal.WithDbAsync(db => db.ReportEvents.Where(e => e.ReportId == id && e.ReporterVisible).Select(e => e.Kind).ToListAsync(Token)));
    }

    [Fact]
    public async Task Assign_to_me_and_a_priority_change_show_in_the_header_and_on_the_internal_timeline()
    {
        var (id, reference, _) = await host.NewReportAsync();
        var cut = RenderPage(id);
        cut.WaitForAssertion(() => cut.Find("[data-testid='assign-me']"));

        await cut.Find("[data-testid='assign-me']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Test Person", cut.Find("[data-testid='detail-assignee']").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='assign-me']"));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ReportPriority>>().Instance.ValueChanged.InvokeAsync(ReportPriority.High));

        cut.WaitForAssertion(() => Assert.Equal("High", cut.Find("[data-testid='detail-priority']").TextContent.Trim()));
        Assert.Equal(
            ["Assigned to Test Person", "Priority changed to High"],
            cut.FindAll("[data-testid='timeline'] li[data-visibility='internal'] strong").Select(e => e.TextContent.Trim()));
        Assert.Equal(
            ["report.assign", "report.priority"],
            await Portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Target == $"report:{reference}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Token)));
    }

    private async Task<(ReportState State, int Events)> StateAndEventsAsync(long id) =>
        (await Portal.WithDbAsync(db => db.AbuseReports.Where(r => r.Id == id).Select(r => r.State).SingleAsync(Token)),
         await Portal.WithDbAsync(db => db.ReportEvents.CountAsync(e => e.ReportId == id, Token)));

    private IRenderedComponent<ContainerFragment> RenderPage(long id)
    {
        Services.AddSingleton(Portal.Services.GetRequiredService<ReportTriage>());
        Services.AddSingleton(Portal.Services.GetRequiredService<AbuseReportService>());
        Services.AddSingleton(Portal.Services.GetRequiredService<SellerService>());
        AddAuthorization().SetAuthorized("agent@portal.test").SetRoles(PortalRoles.Agent).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, host.AgentId),
            new Claim(PortalClaims.DisplayName, "Alex Agent"));
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<ReportTriagePage>(2);
            builder.AddAttribute(3, nameof(ReportTriagePage.Id), id);
            builder.CloseComponent();
        });
    }

    /// <summary>One running portal for the class, with a French-speaking reporter and an agent.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private string reporterId = "";

        public PortalAppFactory Portal { get; } = new();

        public string ReporterEmail { get; } = TestAccounts.NewEmail("reporter");

        public string AgentId { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            reporterId = (await TestAccounts.CreateAsync(Portal, ReporterEmail, language: "fr")).Id;
            AgentId = (await TestAccounts.CreateAsync(Portal, TestAccounts.NewEmail("agent"), PortalRoles.Agent)).Id;
        }

        /// <summary>
        /// A new report by the reporter from an export sent to their address, with a Message-ID of its own (the same
        /// message twice from one reporter is refused). Returns the uploaded bytes too.
        /// </summary>
        public async Task<(long Id, string Reference, byte[] Eml)> NewReportAsync()
        {
            var eml = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(ReportFixtures.Read("gmail-seller-offer.eml"))
                .Replace("customer@demo.example", ReporterEmail, StringComparison.Ordinal)
                .Replace("<CAGmail-7f3a9c2e.", $"<CAGmail-{Guid.NewGuid():N}.", StringComparison.Ordinal));
            var result = await Portal.Services.GetRequiredService<AbuseReportService>().SubmitAsync(
                reporterId, new ReportDraft { Source = ReportSource.Upload, Eml = eml, FileName = "offer.eml" }, Token);
            Assert.Equal(SubmitStatus.Created, result.Status);
            var id = await Portal.WithDbAsync(db => db.AbuseReports.Where(r => r.Reference == result.Reference).Select(r => r.Id).SingleAsync(Token));
            return (id, result.Reference!, eml);
        }

        public ValueTask DisposeAsync() => Portal.DisposeAsync();
    }
}

using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Triage;
using Portal.Web.Components.Account;
using Portal.Web.Features.Triage;

namespace Portal.Web.Tests.Triage;

/// <summary>The queue page in bUnit over a real, migrated SQLite file: rows, tab counts, a saved view, and a bulk assignment.</summary>
public sealed class TriageQueuePageTests : IAsyncLifetime
{
    private const string Agent = "agent-1";
    private const string Other = "agent-2";
    private static readonly DateTime Now = DateTime.UtcNow;

    private readonly BunitContext context = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-triage-page-");
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private DbContextOptions<PortalDbContext> options = null!;

    // Set here, not in InitializeAsync: the culture set there does not flow into the test method.
    public TriageQueuePageTests() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync(Token);
            db.Users.AddRange(User("reporter"), User(Agent), User(Other));
            db.AbuseReports.AddRange(
                Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 30, assignee: null),
                Report("AR-AAAA-0002", ReportState.InReview, hoursAgo: 5, assignee: Other),
                Report("AR-AAAA-0003", ReportState.Submitted, hoursAgo: 2, assignee: null),
                Report("AR-AAAA-0004", ReportState.Closed, hoursAgo: 50, assignee: null));
            await db.SaveChangesAsync(Token);
            await db.AbuseReports.Where(r => r.Reference == "AR-AAAA-0002").ExecuteUpdateAsync(set => set.SetProperty(r => r.Priority, ReportPriority.Urgent), Token);
        }

        var factory = new PooledDbContextFactory<PortalDbContext>(options);
        context.Services.AddQueuePage(factory);
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("agent@portal.test").SetRoles(PortalRoles.Agent).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, Agent),
            new Claim(PortalClaims.DisplayName, "Alex Agent"));
    }

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = uiCulture;
        CultureInfo.CurrentCulture = culture;
        await context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    public void The_queue_lists_reports_newest_first_with_counts_per_state_and_marks_overdue_ones()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(["AR-AAAA-0003", "AR-AAAA-0002", "AR-AAAA-0001", "AR-AAAA-0004"], References(cut)));
        var tabs = cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal("All (4)", tabs[0]);
        Assert.Contains("Submitted (2)", tabs);
        Assert.Contains("Being reviewed (1)", tabs);
        Assert.Equal(["AR-AAAA-0001"], cut.FindAll("tr").Where(r => r.QuerySelector("[data-testid='triage-overdue']") is not null)
            .Select(r => r.QuerySelector("[data-reference]")!.GetAttribute("data-reference")!));
    }

    [Fact]
    public async Task The_unassigned_view_then_assign_to_me_assigns_the_selected_report_and_audits_it()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(4, References(cut).Count));

        await cut.Find("[data-view='Unassigned']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(["AR-AAAA-0003", "AR-AAAA-0001"], References(cut)));
        var row = cut.FindAll("tbody tr").Single(r => r.QuerySelector("[data-reference='AR-AAAA-0003']") is not null);
        await row.QuerySelector("input[type='checkbox']")!.ChangeAsync(new() { Value = true });
        await cut.Find("[data-testid='triage-assign-me']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(["AR-AAAA-0001"], References(cut)));
        await using var db = new PortalDbContext(options);
        Assert.Equal(Agent, await db.AbuseReports.Where(r => r.Reference == "AR-AAAA-0003").Select(r => r.AssigneeId).SingleAsync(Token));
        var audit = await db.AuditEntries.SingleAsync(Token);
        Assert.Equal(("report.assign", "report:AR-AAAA-0003", "Alex Agent"), (audit.Action, audit.Target, audit.ActorName));
    }

    [Fact]
    public async Task A_search_that_matches_nothing_shows_the_empty_state()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(4, References(cut).Count));

        await cut.Find("[data-testid='triage-reset']").ClickAsync(new());
        cut.Find("input.mud-input-root").Input("no-such-report");

        cut.WaitForAssertion(() => Assert.Equal("No report matches these filters.", cut.Find("[data-testid='triage-empty']").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Empty(References(cut));
    }

    [Fact]
    public async Task A_bulk_state_change_needs_a_reason_then_moves_the_reports_that_can_and_says_how_many_were_skipped()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(4, References(cut).Count));
        foreach (var reference in new[] { "AR-AAAA-0001", "AR-AAAA-0004" })
        {
            var row = cut.FindAll("tbody tr").Single(r => r.QuerySelector($"[data-reference='{reference}']") is not null);
            await row.QuerySelector("input[type='checkbox']")!.ChangeAsync(new() { Value = true });
        }

        await cut.Find("[data-testid='triage-change-state']").ClickAsync(new());
        var target = cut.FindComponent<MudSelect<ReportState?>>();
        await cut.InvokeAsync(() => target.Instance.ValueChanged.InvokeAsync(ReportState.InReview));
        await cut.Find("[data-testid='bulk-state-apply']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Give a reason: the reporter reads it.", cut.Find("[data-testid='bulk-state-error']").TextContent.Trim()));
        await using (var db = new PortalDbContext(options))
        {
            Assert.Equal(0, await db.ReportEvents.CountAsync(Token));
        }

        cut.Find("#bulk-reason").Input("Checking the sender.");
        await cut.Find("[data-testid='bulk-state-apply']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("1 report(s) changed, 1 skipped (no legal move to \"Being reviewed\").", cut.Markup, StringComparison.Ordinal));
        await using var check = new PortalDbContext(options);
        Assert.Equal(
            [("AR-AAAA-0001", ReportState.InReview), ("AR-AAAA-0004", ReportState.Closed)],
            await check.AbuseReports.Where(r => r.Reference == "AR-AAAA-0001" || r.Reference == "AR-AAAA-0004").OrderBy(r => r.Reference)
                .Select(r => new ValueTuple<string, ReportState>(r.Reference, r.State)).ToListAsync(Token));
        Assert.Equal("report:AR-AAAA-0001", (await check.AuditEntries.SingleAsync(Token)).Target);
        Assert.Equal("reporter@example.org", (await check.OutboxMessages.SingleAsync(Token)).Recipient);
    }

    [Fact]
    public void Each_reference_links_to_its_report_page_and_high_priorities_are_marked()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(4, References(cut).Count));
        var link = cut.Find("a[data-reference='AR-AAAA-0002']");
        Assert.Matches("^admin/reports/[0-9]+$", link.GetAttribute("href"));
        Assert.Equal(["Urgent"], cut.FindAll("[data-testid='triage-priority']").Select(c => c.TextContent.Trim()));
        Assert.NotNull(link.ParentElement!.QuerySelector("[data-testid='triage-priority']"));
    }

    private static List<string> References(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindAll("[data-reference]").Select(e => e.GetAttribute("data-reference")!).ToList();

    private IRenderedComponent<ContainerFragment> RenderPage() => context.Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<TriageQueuePage>(2);
        builder.CloseComponent();
    });

    private static AbuseReport Report(string reference, ReportState state, int hoursAgo, string? assignee) => new()
    {
        Reference = reference,
        ReporterId = "reporter",
        State = state,
        AssigneeId = assignee,
        Subject = "Offer " + reference,
        SenderAddress = "seller@deals.example",
        MessageSha256 = new string('0', 64),
        CreatedAt = Now.AddHours(-hoursAgo),
        UpdatedAt = Now.AddHours(-hoursAgo),
        DueAt = Now.AddHours(24 - hoursAgo),
    };

    private static ApplicationUser User(string id) => new()
    {
        Id = id,
        UserName = id + "@example.org",
        NormalizedUserName = (id + "@example.org").ToUpperInvariant(),
        Email = id + "@example.org",
        EmailConfirmed = true,
        DisplayName = "Test " + id,
        PreferredLanguage = "en",
    };
}

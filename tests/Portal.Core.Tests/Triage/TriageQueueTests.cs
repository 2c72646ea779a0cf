using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Core.Reports;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

public sealed class TriageQueueTests : IAsyncLifetime
{
    private const string Reporter = "reporter-id";
    private const string Alex = "alex-id";
    private const string Sam = "sam-id";

    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private TestDatabase database = null!;
    private TriageQueue queue = null!;
    private int incidentId;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("triage");
        await using var db = database.NewContext();
        db.Users.AddRange(User(Reporter, "reporter@example.org"), User(Alex, "alex@example.org"), User(Sam, "sam@example.org"));
        var incident = new Incident { Slug = "leak", Status = IncidentStatus.Published, CreatedAt = Now, UpdatedAt = Now };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(Token);
        incidentId = incident.Id;
        queue = new TriageQueue(database.Factory, clock);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task The_default_view_lists_every_report_newest_first_with_counts_per_state()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 30),
            Report("AR-AAAA-0002", ReportState.InReview, hoursAgo: 20),
            Report("AR-AAAA-0003", ReportState.Closed, hoursAgo: 10),
            Report("AR-AAAA-0004", ReportState.Submitted, hoursAgo: 1));

        var page = await queue.QueryAsync(new TriageQuery(), Alex, Token);

        Assert.Equal(["AR-AAAA-0004", "AR-AAAA-0003", "AR-AAAA-0002", "AR-AAAA-0001"], page.Rows.Select(r => r.Reference));
        Assert.Equal(4, page.Total);
        Assert.Equal(2, page.CountsByState[ReportState.Submitted]);
        Assert.Equal(1, page.CountsByState[ReportState.InReview]);
        Assert.Equal(1, page.CountsByState[ReportState.Closed]);
        Assert.False(page.CountsByState.ContainsKey(ReportState.Withdrawn));
    }

    [Fact]
    public async Task A_state_filter_narrows_the_rows_but_the_tab_counts_keep_every_state()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 3, assignee: Alex),
            Report("AR-AAAA-0002", ReportState.InReview, hoursAgo: 2, assignee: Alex),
            Report("AR-AAAA-0003", ReportState.InReview, hoursAgo: 1, assignee: Sam));

        var page = await queue.QueryAsync(new TriageQuery { State = ReportState.InReview, Assignee = AssigneeFilter.Me }, Alex, Token);

        Assert.Equal(["AR-AAAA-0002"], page.Rows.Select(r => r.Reference));
        Assert.Equal(1, page.Total);
        Assert.Equal(1, page.CountsByState[ReportState.Submitted]);
        Assert.Equal(1, page.CountsByState[ReportState.InReview]);
    }

    [Fact]
    public async Task The_assignee_filter_chooses_me_unassigned_or_anyone_and_names_the_assignee()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 3, assignee: Alex),
            Report("AR-AAAA-0002", ReportState.Submitted, hoursAgo: 2, assignee: Sam),
            Report("AR-AAAA-0003", ReportState.Submitted, hoursAgo: 1));

        var mine = await queue.QueryAsync(new TriageQuery { Assignee = AssigneeFilter.Me }, Alex, Token);
        var unassigned = await queue.QueryAsync(new TriageQuery { Assignee = AssigneeFilter.Unassigned }, Alex, Token);
        var anyone = await queue.QueryAsync(new TriageQuery { Assignee = AssigneeFilter.Anyone }, Alex, Token);

        Assert.Equal(["AR-AAAA-0001"], mine.Rows.Select(r => r.Reference));
        Assert.Equal("Test alex-id", mine.Rows[0].AssigneeName);
        Assert.Equal(["AR-AAAA-0003"], unassigned.Rows.Select(r => r.Reference));
        Assert.Null(unassigned.Rows[0].AssigneeName);
        Assert.Equal(3, anyone.Total);
    }

    [Fact]
    public async Task The_incident_and_received_date_filters_include_both_days()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, at: new DateTime(2026, 11, 24, 23, 59, 0, DateTimeKind.Utc)),
            Report("AR-AAAA-0002", ReportState.Submitted, at: new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), incident: true),
            Report("AR-AAAA-0003", ReportState.Submitted, at: new DateTime(2026, 11, 26, 23, 59, 0, DateTimeKind.Utc)),
            Report("AR-AAAA-0004", ReportState.Submitted, at: new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), incident: true));

        var range = await queue.QueryAsync(new TriageQuery { ReceivedFrom = new(2026, 11, 25), ReceivedTo = new(2026, 11, 26) }, Alex, Token);
        var incident = await queue.QueryAsync(new TriageQuery { IncidentId = incidentId }, Alex, Token);

        Assert.Equal(["AR-AAAA-0003", "AR-AAAA-0002"], range.Rows.Select(r => r.Reference));
        Assert.Equal(["AR-AAAA-0004", "AR-AAAA-0002"], incident.Rows.Select(r => r.Reference));
    }

    [Fact]
    public async Task Overdue_means_open_and_past_its_due_date()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 30),
            Report("AR-AAAA-0002", ReportState.InReview, hoursAgo: 25),
            Report("AR-AAAA-0003", ReportState.Closed, hoursAgo: 40),
            Report("AR-AAAA-0004", ReportState.Submitted, hoursAgo: 23));

        var overdue = await queue.QueryAsync(TriageQuery.For(SavedView.Overdue), Alex, Token);
        var all = await queue.QueryAsync(new TriageQuery(), Alex, Token);

        Assert.Equal(["AR-AAAA-0001", "AR-AAAA-0002"], overdue.Rows.Select(r => r.Reference));
        Assert.Equal(["AR-AAAA-0001", "AR-AAAA-0002"], all.Rows.Where(r => r.Overdue).Select(r => r.Reference).Order());
    }

    [Fact]
    public async Task The_saved_views_my_open_and_unassigned_leave_out_finished_reports()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 4, assignee: Alex),
            Report("AR-AAAA-0002", ReportState.ActionTaken, hoursAgo: 3, assignee: Alex),
            Report("AR-AAAA-0003", ReportState.InReview, hoursAgo: 2),
            Report("AR-AAAA-0004", ReportState.Withdrawn, hoursAgo: 1));

        var myOpen = await queue.QueryAsync(TriageQuery.For(SavedView.MyOpen), Alex, Token);
        var unassigned = await queue.QueryAsync(TriageQuery.For(SavedView.Unassigned), Alex, Token);

        Assert.Equal(["AR-AAAA-0001"], myOpen.Rows.Select(r => r.Reference));
        Assert.Equal(["AR-AAAA-0003"], unassigned.Rows.Select(r => r.Reference));
        Assert.Equal(1, unassigned.CountsByState[ReportState.InReview]);
        Assert.False(unassigned.CountsByState.ContainsKey(ReportState.Withdrawn));
    }

    [Fact]
    public async Task Search_matches_part_of_the_reference_subject_or_sender_ignoring_case_and_treating_wildcards_literally()
    {
        await SeedAsync(
            Report("AR-K7QX-0001", ReportState.Submitted, hoursAgo: 3, subject: "Cheap watches", sender: "promo@deals.example"),
            Report("AR-AAAA-0002", ReportState.Submitted, hoursAgo: 2, subject: "100% discount_today", sender: "news@shop.example"),
            Report("AR-AAAA-0003", ReportState.Submitted, hoursAgo: 1, subject: "Hello", sender: "someone@other.example"));

        Assert.Equal(["AR-K7QX-0001"], await SearchAsync("k7qx"));
        Assert.Equal(["AR-K7QX-0001"], await SearchAsync("WATCHES"));
        Assert.Equal(["AR-AAAA-0002"], await SearchAsync("shop.example"));
        Assert.Equal(["AR-AAAA-0002"], await SearchAsync("0% d"));
        Assert.Empty(await SearchAsync("t_d"));
        Assert.Equal(["AR-AAAA-0002"], await SearchAsync("discount_"));
        Assert.Equal(3, (await queue.QueryAsync(new TriageQuery { Search = "   " }, Alex, Token)).Total);
    }

    [Fact]
    public async Task Search_follows_edits_and_deletions_takes_short_terms_and_quotes_as_text()
    {
        await SeedAsync(
            Report("AR-K7QX-0001", ReportState.Submitted, hoursAgo: 3, subject: "Cheap watches", sender: "promo@deals.example"),
            Report("AR-AAAA-0003", ReportState.Submitted, hoursAgo: 1, subject: "Hello \"friend\"", sender: "someone@other.example"));

        Assert.Equal(["AR-AAAA-0003", "AR-K7QX-0001"], await SearchAsync("he"));
        Assert.Equal(["AR-AAAA-0003"], await SearchAsync("\"friend\""));
        Assert.Empty(await SearchAsync("friend\" OR \"cheap"));

        await using (var db = database.NewContext())
        {
            await db.AbuseReports.Where(r => r.Reference == "AR-K7QX-0001").ExecuteUpdateAsync(set => set.SetProperty(r => r.SenderAddress, "erased@invalid.example"), Token);
            await db.AbuseReports.Where(r => r.Reference == "AR-AAAA-0003").ExecuteDeleteAsync(Token);
        }

        Assert.Empty(await SearchAsync("deals.example"));
        Assert.Equal(["AR-K7QX-0001"], await SearchAsync("invalid.example"));
        Assert.Empty(await SearchAsync("friend"));
    }

    [Fact]
    public async Task Sorting_by_reference_state_and_received_date_both_ways()
    {
        await SeedAsync(
            Report("AR-BBBB-0001", ReportState.InReview, hoursAgo: 3),
            Report("AR-AAAA-0002", ReportState.Closed, hoursAgo: 2),
            Report("AR-CCCC-0003", ReportState.Submitted, hoursAgo: 1));

        Assert.Equal(["AR-AAAA-0002", "AR-BBBB-0001", "AR-CCCC-0003"], await SortAsync(TriageSort.Reference, descending: false));
        Assert.Equal(["AR-CCCC-0003", "AR-BBBB-0001", "AR-AAAA-0002"], await SortAsync(TriageSort.Reference, descending: true));
        Assert.Equal(["AR-CCCC-0003", "AR-BBBB-0001", "AR-AAAA-0002"], await SortAsync(TriageSort.State, descending: false));
        Assert.Equal(["AR-AAAA-0002", "AR-BBBB-0001", "AR-CCCC-0003"], await SortAsync(TriageSort.State, descending: true));
        Assert.Equal(["AR-BBBB-0001", "AR-AAAA-0002", "AR-CCCC-0003"], await SortAsync(TriageSort.Received, descending: false));
    }

    [Fact]
    public async Task Paging_returns_pages_of_fifty_by_default_with_the_total()
    {
        await SeedAsync(Enumerable.Range(1, 120).Select(i => Report($"AR-PAGE-{i:0000}", ReportState.Submitted, at: Now.AddMinutes(-i))).ToArray());

        var first = await queue.QueryAsync(new TriageQuery(), Alex, Token);
        var last = await queue.QueryAsync(new TriageQuery { Page = 2 }, Alex, Token);
        var small = await queue.QueryAsync(new TriageQuery { Page = 1, PageSize = 10 }, Alex, Token);

        Assert.Equal(50, first.Rows.Count);
        Assert.Equal(120, first.Total);
        Assert.Equal("AR-PAGE-0001", first.Rows[0].Reference);
        Assert.Equal(20, last.Rows.Count);
        Assert.Equal("AR-PAGE-0101", last.Rows[0].Reference);
        Assert.Equal(Enumerable.Range(11, 10).Select(i => $"AR-PAGE-{i:0000}"), small.Rows.Select(r => r.Reference));
    }

    [Fact]
    public async Task Bulk_assign_and_unassign_change_only_what_differs_and_audit_each_report()
    {
        await SeedAsync(
            Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 2),
            Report("AR-AAAA-0002", ReportState.Submitted, hoursAgo: 1, assignee: Alex),
            Report("AR-AAAA-0003", ReportState.Submitted, hoursAgo: 1, assignee: Sam));
        var ids = await IdsAsync("AR-AAAA-0001", "AR-AAAA-0002");
        var actor = new TriageActor(Alex, "Alex Agent");

        var assigned = await queue.AssignAsync(ids, Alex, actor, Token);
        var unassigned = await queue.AssignAsync(await IdsAsync("AR-AAAA-0002", "AR-AAAA-0003"), null, actor, Token);

        Assert.Equal(1, assigned);
        Assert.Equal(2, unassigned);
        await using var db = database.NewContext();
        Assert.Equal(
            [("AR-AAAA-0001", (string?)Alex), ("AR-AAAA-0002", null), ("AR-AAAA-0003", null)],
            (await db.AbuseReports.OrderBy(r => r.Reference).Select(r => new { r.Reference, r.AssigneeId }).ToListAsync(Token)).Select(r => (r.Reference, r.AssigneeId)));
        var audit = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync(Token);
        Assert.Equal(
            [("report.assign", "report:AR-AAAA-0001"), ("report.unassign", "report:AR-AAAA-0002"), ("report.unassign", "report:AR-AAAA-0003")],
            audit.Select(a => (a.Action, a.Target!)));
        Assert.All(audit, a => Assert.Equal((Alex, "Alex Agent", Now), (a.ActorId!, a.ActorName!, a.At)));
    }

    [Fact]
    public async Task Bulk_actions_refuse_an_empty_or_oversized_selection()
    {
        await SeedAsync(Report("AR-AAAA-0001", ReportState.Submitted, hoursAgo: 1));
        var actor = new TriageActor(Alex, "Alex");

        Assert.Equal(0, await queue.AssignAsync([], Alex, actor, Token));
        Assert.Equal(0, await queue.AssignAsync(Enumerable.Range(1, TriageQueue.MaxBulk + 1).Select(i => (long)i).ToList(), Alex, actor, Token));
        await using var db = database.NewContext();
        Assert.Null(await db.AbuseReports.Select(r => r.AssigneeId).SingleAsync(Token));
        Assert.Empty(await db.AuditEntries.ToListAsync(Token));
    }

    private async Task<List<string>> SearchAsync(string search) =>
        (await queue.QueryAsync(new TriageQuery { Search = search }, Alex, Token)).Rows.Select(r => r.Reference).ToList();

    private async Task<List<string>> SortAsync(TriageSort sort, bool descending) =>
        (await queue.QueryAsync(new TriageQuery { Sort = sort, Descending = descending }, Alex, Token)).Rows.Select(r => r.Reference).ToList();

    private async Task<List<long>> IdsAsync(params string[] references)
    {
        await using var db = database.NewContext();
        return await db.AbuseReports.Where(r => references.Contains(r.Reference)).Select(r => r.Id).ToListAsync(Token);
    }

    private async Task SeedAsync(params AbuseReport[] reports)
    {
        await using var db = database.NewContext();
        db.AbuseReports.AddRange(reports);
        await db.SaveChangesAsync(Token);
    }

    private AbuseReport Report(
        string reference, ReportState state, int hoursAgo = 0, DateTime? at = null, string? assignee = null, bool incident = false, string? subject = null, string? sender = null)
    {
        var created = at ?? Now.AddHours(-hoursAgo);
        return new AbuseReport
        {
            Reference = reference,
            ReporterId = Reporter,
            State = state,
            AssigneeId = assignee,
            IncidentId = incident ? incidentId : null,
            Subject = subject ?? "Offer " + reference,
            SenderAddress = sender ?? "seller@deals.example",
            MessageSha256 = new string('0', 64),
            CreatedAt = created,
            UpdatedAt = created,
            DueAt = created.AddHours(24),
        };
    }

    private static ApplicationUser User(string id, string email) => new()
    {
        Id = id,
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        DisplayName = "Test " + id,
        PreferredLanguage = "en",
    };
}

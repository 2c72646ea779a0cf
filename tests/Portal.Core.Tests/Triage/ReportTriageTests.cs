using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

/// <summary>The staff actions on a report, against a real SQLite file with the real email composer and outbox.</summary>
public sealed class ReportTriageTests : IAsyncLifetime
{
    private const string Camille = "camille-id";
    private const string Dominique = "dominique-id";
    private const string AgentId = "agent-id";

    private static readonly TriageActor Agent = new(AgentId, "Alex Agent");

    /// <summary>The legal staff moves as the workflow describes them, written out independently of <see cref="ReportStates"/>.</summary>
    private static readonly HashSet<(ReportState From, ReportState To)> LegalForStaff =
    [
        (ReportState.Submitted, ReportState.InReview), (ReportState.Submitted, ReportState.ActionTaken),
        (ReportState.Submitted, ReportState.NoViolation), (ReportState.Submitted, ReportState.Duplicate),
        (ReportState.InReview, ReportState.ActionTaken), (ReportState.InReview, ReportState.NoViolation), (ReportState.InReview, ReportState.Duplicate),
        (ReportState.ActionTaken, ReportState.Closed), (ReportState.ActionTaken, ReportState.InReview),
        (ReportState.NoViolation, ReportState.Closed), (ReportState.NoViolation, ReportState.InReview),
        (ReportState.Duplicate, ReportState.Closed), (ReportState.Duplicate, ReportState.InReview),
    ];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider emailServices = ComposerServices.Create();
    private TestDatabase database = null!;
    private AbuseReportService reports = null!;
    private ReportTriage triage = null!;
    private int sequence;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("report-triage");
        await using var db = database.NewContext();
        db.Users.AddRange(User(Camille, "camille@example.org", "fr"), User(Dominique, "dominique@example.org", "en"), User(AgentId, "agent@example.org", "en"));
        var agentRole = new IdentityRole(PortalRoles.Agent) { NormalizedName = PortalRoles.Agent.ToUpperInvariant() };
        db.Roles.Add(agentRole);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = AgentId, RoleId = agentRole.Id });
        await db.SaveChangesAsync(Token);
        reports = new AbuseReportService(
            database.Factory,
            emailServices.GetRequiredService<EmailComposer>(),
            new EmailOutbox(Options.Create(new EmailOptions { MessageIdDomain = "portal.example" }), clock),
            Options.Create(new ReportOptions()),
            Options.Create(new TriageOptions()),
            clock);
        triage = new ReportTriage(database.Factory, reports, new TriageQueue(database.Factory, clock), clock);
    }

    public async ValueTask DisposeAsync()
    {
        await emailServices.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public void The_state_machine_allows_exactly_the_workflows_moves()
    {
        foreach (var from in Enum.GetValues<ReportState>())
        {
            foreach (var to in Enum.GetValues<ReportState>())
            {
                // Withdrawal is the reporter's own move from an open report, and nobody else's.
                var expected = LegalForStaff.Contains((from, to)) || (to == ReportState.Withdrawn && from is ReportState.Submitted or ReportState.InReview);
                Assert.True(expected == ReportStates.CanMove(from, to), $"{from} -> {to}");
                Assert.Equal(expected, ReportStates.NextStates(from).Contains(to));
            }
        }
    }

    [Fact]
    public async Task Every_from_to_pair_through_the_service_moves_only_legal_ones_with_the_reason_on_the_timeline_and_stores_nothing_for_the_rest()
    {
        var pairs = Enum.GetValues<ReportState>().SelectMany(from => Enum.GetValues<ReportState>().Select(to => (From: from, To: to))).ToList();
        var ids = new Dictionary<(ReportState, ReportState), long>();
        foreach (var pair in pairs)
        {
            ids[pair] = await SeedAsync(Camille, pair.From);
        }

        foreach (var (from, to) in pairs)
        {
            var result = await triage.ChangeStateAsync(ids[(from, to)], to, $"Reason {from}->{to}", Agent, Token);
            Assert.True((result == TriageResult.Done) == LegalForStaff.Contains((from, to)), $"{from} -> {to}: {result}");
            Assert.True(result is TriageResult.Done or TriageResult.IllegalTransition, $"{from} -> {to}: {result}");
        }

        await using var db = database.NewContext();
        foreach (var (from, to) in pairs)
        {
            var id = ids[(from, to)];
            var report = await db.AbuseReports.SingleAsync(r => r.Id == id, Token);
            var events = await db.ReportEvents.Where(e => e.ReportId == id).ToListAsync(Token);
            var audit = await db.AuditEntries.CountAsync(a => a.Target == $"report:{report.Reference}", Token);
            if (LegalForStaff.Contains((from, to)))
            {
                Assert.Equal(to, report.State);
                var change = Assert.Single(events);
                Assert.Equal((ReportEventKind.StateChanged, to, $"Reason {from}->{to}", AgentId, true), (change.Kind, change.State, change.Text, change.ActorId, change.ReporterVisible));
                Assert.Equal(1, audit);
                Assert.Equal(ReportStates.IsFinished(to), report.ClosedAt is not null);
            }
            else
            {
                Assert.Equal(from, report.State);
                Assert.Empty(events);
                Assert.Equal(0, audit);
            }
        }

        // One email per legal move, none for a refused one.
        Assert.Equal(LegalForStaff.Count, await db.OutboxMessages.CountAsync(Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_state_change_without_a_reason_is_refused_and_stores_nothing(string? reason)
    {
        var id = await SeedAsync(Camille, ReportState.Submitted);

        Assert.Equal(TriageResult.ReasonRequired, await triage.ChangeStateAsync(id, ReportState.InReview, reason, Agent, Token));
        Assert.Equal(TriageResult.TextTooLong, await triage.ChangeStateAsync(id, ReportState.InReview, new string('x', ReportEvent.TextMaxLength + 1), Agent, Token));

        await AssertUntouchedAsync(id, ReportState.Submitted);
    }

    [Fact]
    public async Task A_reply_is_on_the_reporters_timeline_and_emailed_in_their_language_and_a_note_is_neither()
    {
        var french = await SeedAsync(Camille, ReportState.InReview);
        var english = await SeedAsync(Dominique, ReportState.InReview);
        var frenchReply = CannedResponses.For(CultureInfo.GetCultureInfo("en"), "fr").Single(c => c.Key == "Thanks");
        var englishReply = CannedResponses.For(CultureInfo.GetCultureInfo("fr"), "en").Single(c => c.Key == "Thanks");

        Assert.Equal(TriageResult.Done, await triage.AddNoteAsync(french, "Same seller as AR-2; check the DKIM domain.", Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.ReplyAsync(french, frenchReply.Text, Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.ReplyAsync(english, englishReply.Text, Agent, Token));

        // The titles follow the agent's language, the texts the reporter's.
        Assert.Equal("Thanks, we are looking into it", frenchReply.Title);
        Assert.StartsWith("Merci pour votre signalement.", frenchReply.Text, StringComparison.Ordinal);
        Assert.Equal("Merci, nous examinons votre signalement", englishReply.Title);
        Assert.StartsWith("Thank you for your report.", englishReply.Text, StringComparison.Ordinal);

        await using var db = database.NewContext();
        var emails = await db.OutboxMessages.OrderBy(m => m.Recipient).ToListAsync(Token);
        Assert.Equal([("camille@example.org", "fr"), ("dominique@example.org", "en")], emails.Select(e => (e.Recipient, e.Culture)));
        Assert.Contains(frenchReply.Text, emails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains(englishReply.Text, emails[1].TextBody, StringComparison.Ordinal);
        Assert.All(emails, e => Assert.DoesNotContain("DKIM domain", e.TextBody, StringComparison.Ordinal));

        var reference = await db.AbuseReports.Where(r => r.Id == french).Select(r => r.Reference).SingleAsync(Token);
        var reporterView = (await reports.FindForReporterAsync(Camille, reference, Token))!;
        Assert.Equal([ReportEventKind.Reply], reporterView.Events.Select(e => e.Kind));
        Assert.DoesNotContain(reporterView.Events, e => e.Text?.Contains("DKIM", StringComparison.Ordinal) == true);

        var staffView = (await triage.LoadAsync(french, Token))!;
        Assert.Equal([(ReportEventKind.Note, false), (ReportEventKind.Reply, true)], staffView.Timeline.Select(t => (t.Event.Kind, t.Event.ReporterVisible)));
        Assert.All(staffView.Timeline, t => Assert.Equal("Test agent-id", t.ActorName));
        Assert.Equal("fr", staffView.ReporterLanguage);
        Assert.Equal([ReportTriage.NoteAction, ReportTriage.ReplyAction, ReportTriage.ReplyAction], await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Token));
    }

    [Fact]
    public async Task An_empty_or_over_long_note_or_reply_is_refused_and_stores_nothing()
    {
        var id = await SeedAsync(Camille, ReportState.Submitted);
        var tooLong = new string('a', ReportEvent.TextMaxLength + 1);

        Assert.Equal(TriageResult.TextRequired, await triage.AddNoteAsync(id, " ", Agent, Token));
        Assert.Equal(TriageResult.TextTooLong, await triage.AddNoteAsync(id, tooLong, Agent, Token));
        Assert.Equal(TriageResult.TextRequired, await triage.ReplyAsync(id, null, Agent, Token));
        Assert.Equal(TriageResult.TextTooLong, await triage.ReplyAsync(id, tooLong, Agent, Token));
        Assert.Equal(TriageResult.NotFound, await triage.AddNoteAsync(id + 1000, "Hello", Agent, Token));

        await AssertUntouchedAsync(id, ReportState.Submitted);
        Assert.Equal(TriageResult.Done, await triage.AddNoteAsync(id, new string('a', ReportEvent.TextMaxLength), Agent, Token));
    }

    [Fact]
    public async Task Marking_a_duplicate_checks_the_reference_refuses_itself_and_loops_and_undo_puts_the_previous_mark_back()
    {
        var a = await SeedAsync(Camille, ReportState.Submitted);
        var b = await SeedAsync(Dominique, ReportState.Submitted);
        var c = await SeedAsync(Dominique, ReportState.InReview);
        var (refA, refB, refC) = (await ReferenceAsync(a), await ReferenceAsync(b), await ReferenceAsync(c));

        Assert.Equal(TriageResult.UnknownReference, await triage.MarkDuplicateAsync(a, "AR-ZZZZ-ZZZZ", Agent, Token));
        Assert.Equal(TriageResult.UnknownReference, await triage.MarkDuplicateAsync(a, "not a reference", Agent, Token));
        Assert.Equal(TriageResult.SameReport, await triage.MarkDuplicateAsync(a, refA.ToLowerInvariant(), Agent, Token));
        await AssertUntouchedAsync(a, ReportState.Submitted);

        // a → b → c, then c → a would close a loop.
        Assert.Equal(TriageResult.Done, await triage.MarkDuplicateAsync(a, $" {refB.ToLowerInvariant()} ", Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.MarkDuplicateAsync(b, refC, Agent, Token));
        Assert.Equal(TriageResult.DuplicateCycle, await triage.MarkDuplicateAsync(c, refA, Agent, Token));
        Assert.Equal(TriageResult.DuplicateCycle, await triage.MarkDuplicateAsync(b, refA, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.MarkDuplicateAsync(a, refB, Agent, Token));

        var detailB = (await triage.LoadAsync(b, Token))!;
        Assert.Equal(refC, detailB.DuplicateOf!.Reference);
        Assert.Equal([refA], detailB.Duplicates.Select(d => d.Reference));

        // Re-pointing a to c, then undoing with the previous reference, puts the mark on b back; undoing the first mark clears it.
        Assert.Equal(TriageResult.Done, await triage.MarkDuplicateAsync(a, refC, Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.MarkDuplicateAsync(a, refB, Agent, Token));
        Assert.Equal(refB, (await triage.LoadAsync(a, Token))!.DuplicateOf!.Reference);
        Assert.Equal(TriageResult.Done, await triage.MarkDuplicateAsync(a, null, Agent, Token));
        Assert.Null((await triage.LoadAsync(a, Token))!.DuplicateOf);

        await using var db = database.NewContext();
        var timeline = await db.ReportEvents.Where(e => e.ReportId == a).OrderBy(e => e.Id).ToListAsync(Token);
        Assert.Equal([refB, refC, refB, null], timeline.Select(e => e.Text));
        Assert.All(timeline, e => Assert.Equal((ReportEventKind.DuplicateMarked, false), (e.Kind, e.ReporterVisible)));
        Assert.Equal(5, await db.AuditEntries.CountAsync(e => e.Action == ReportTriage.DuplicateAction, Token));
        // Marks are internal: no reporter is emailed about them.
        Assert.Equal(0, await db.OutboxMessages.CountAsync(Token));
    }

    [Fact]
    public async Task Related_links_show_on_both_reports_and_unlinking_undoes_them()
    {
        var a = await SeedAsync(Camille, ReportState.Submitted);
        var b = await SeedAsync(Dominique, ReportState.Closed);
        var refB = await ReferenceAsync(b);

        Assert.Equal(TriageResult.Done, await triage.LinkAsync(a, refB, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.LinkAsync(b, await ReferenceAsync(a), Agent, Token));
        Assert.Equal(TriageResult.SameReport, await triage.LinkAsync(b, refB, Agent, Token));
        Assert.Equal(TriageResult.UnknownReference, await triage.LinkAsync(b, "", Agent, Token));

        Assert.Equal([refB], (await triage.LoadAsync(a, Token))!.Related.Select(r => r.Reference));
        Assert.Equal([(a, ReportState.Submitted)], (await triage.LoadAsync(b, Token))!.Related.Select(r => (r.Id, r.State)));

        Assert.Equal(TriageResult.Done, await triage.UnlinkAsync(b, a, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.UnlinkAsync(a, b, Agent, Token));
        Assert.Empty((await triage.LoadAsync(a, Token))!.Related);

        await using var db = database.NewContext();
        Assert.Equal(0, await db.ReportLinks.CountAsync(Token));
        Assert.Equal([ReportEventKind.Linked, ReportEventKind.Unlinked], await db.ReportEvents.Where(e => e.ReportId == a).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync(Token));
        Assert.Equal([ReportTriage.LinkAction, ReportTriage.UnlinkAction], await db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Token));
    }

    [Fact]
    public async Task The_bulk_state_change_moves_the_reports_that_can_and_counts_the_others_as_skipped()
    {
        var open = await SeedAsync(Camille, ReportState.Submitted);
        var reviewing = await SeedAsync(Dominique, ReportState.InReview);
        var closed = await SeedAsync(Dominique, ReportState.Closed);
        var withdrawn = await SeedAsync(Camille, ReportState.Withdrawn);

        var refused = await triage.ChangeStatesAsync([open, reviewing], ReportState.NoViolation, " ", Agent, Token);
        Assert.Equal(new BulkStateResult(TriageResult.ReasonRequired, 0, 2), refused);

        var result = await triage.ChangeStatesAsync([open, reviewing, closed, withdrawn, 987_654], ReportState.NoViolation, "Newsletter the customer signed up to.", Agent, Token);

        Assert.Equal(new BulkStateResult(TriageResult.Done, 2, 3), result);
        await using var db = database.NewContext();
        Assert.Equal(
            [ReportState.NoViolation, ReportState.NoViolation, ReportState.Closed, ReportState.Withdrawn],
            await db.AbuseReports.OrderBy(r => r.Id).Select(r => r.State).ToListAsync(Token));
        Assert.Equal(["camille@example.org", "dominique@example.org"], await db.OutboxMessages.OrderBy(m => m.Recipient).Select(m => m.Recipient).ToListAsync(Token));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == ReportTriage.StateAction, Token));
        Assert.All(await db.ReportEvents.ToListAsync(Token), e => Assert.Equal("Newsletter the customer signed up to.", e.Text));
    }

    [Fact]
    public async Task Assignment_takes_staff_only_and_priority_changes_are_on_the_internal_timeline()
    {
        var id = await SeedAsync(Camille, ReportState.Submitted);

        Assert.Equal(TriageResult.NotStaff, await triage.AssignAsync(id, Dominique, Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.AssignAsync(id, AgentId, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.AssignAsync(id, AgentId, Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.AssignAsync(id, null, Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.SetPriorityAsync(id, ReportPriority.Urgent, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.SetPriorityAsync(id, ReportPriority.Urgent, Agent, Token));
        Assert.Equal(TriageResult.Unchanged, await triage.SetPriorityAsync(id, (ReportPriority)42, Agent, Token));

        var detail = (await triage.LoadAsync(id, Token))!;
        Assert.Equal((ReportPriority.Urgent, null), (detail.Report.Priority, detail.Report.AssigneeId));
        Assert.Equal(
            [(ReportEventKind.Assigned, "Test agent-id"), (ReportEventKind.Assigned, null), (ReportEventKind.PriorityChanged, "Urgent")],
            detail.Timeline.Select(t => (t.Event.Kind, t.Event.Text)));
        Assert.All(detail.Timeline, t => Assert.False(t.Event.ReporterVisible));
        Assert.Equal([("Test agent-id")], (await triage.StaffAsync(Token)).Select(s => s.Name));
    }

    [Fact]
    public async Task A_staff_reply_on_an_erased_reporters_report_is_kept_and_emails_nobody()
    {
        var id = await SeedAsync(Camille, ReportState.Submitted);
        await using (var db = database.NewContext())
        {
            await db.AbuseReports.ExecuteUpdateAsync(s => s.SetProperty(r => r.ReporterId, (string?)null), Token);
        }

        Assert.Equal(TriageResult.Done, await triage.ReplyAsync(id, "Thanks.", Agent, Token));
        Assert.Equal(TriageResult.Done, await triage.ChangeStateAsync(id, ReportState.InReview, "Looking.", Agent, Token));

        await using var check = database.NewContext();
        Assert.Equal(0, await check.OutboxMessages.CountAsync(Token));
        Assert.Equal(2, await check.ReportEvents.CountAsync(Token));
    }

    private async Task AssertUntouchedAsync(long id, ReportState state)
    {
        await using var db = database.NewContext();
        Assert.Equal(state, await db.AbuseReports.Where(r => r.Id == id).Select(r => r.State).SingleAsync(Token));
        Assert.Equal(0, await db.ReportEvents.CountAsync(e => e.ReportId == id, Token));
        Assert.Equal(0, await db.AuditEntries.CountAsync(Token));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(Token));
    }

    private async Task<string> ReferenceAsync(long id)
    {
        await using var db = database.NewContext();
        return await db.AbuseReports.Where(r => r.Id == id).Select(r => r.Reference).SingleAsync(Token);
    }

    private async Task<long> SeedAsync(string reporterId, ReportState state)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var report = new AbuseReport
        {
            Reference = $"AR-{++sequence:0000}-TEST",
            ReporterId = reporterId,
            State = state,
            Subject = "Offer",
            MessageSha256 = new string('0', 64),
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = now.AddHours(24),
            ClosedAt = ReportStates.IsFinished(state) ? now : null,
        };
        await using var db = database.NewContext();
        db.AbuseReports.Add(report);
        await db.SaveChangesAsync(Token);
        return report.Id;
    }

    private static ApplicationUser User(string id, string email, string language) => new()
    {
        Id = id,
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        DisplayName = "Test " + id,
        PreferredLanguage = language,
    };
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Reports;

namespace Portal.Core.Triage;

/// <summary>
/// What staff do on one report (and the bulk state change of the queue): notes, replies, state, assignee, priority,
/// duplicate and related links. Each action is checked here, whatever the page offered, and saved in one transaction
/// with its timeline entry, its email to the reporter when it is one they see, and its audit entry.
/// </summary>
public sealed class ReportTriage(IDbContextFactory<PortalDbContext> dbFactory, AbuseReportService reports, TriageQueue queue, TimeProvider clock)
{
    public const string NoteAction = "report.note";
    public const string ReplyAction = "report.reply";
    public const string StateAction = "report.state";
    public const string PriorityAction = "report.priority";
    public const string DuplicateAction = "report.duplicate";
    public const string LinkAction = "report.link";
    public const string UnlinkAction = "report.unlink";

    /// <summary>Longest chain of duplicates followed when looking for a loop (a real chain is a handful long).</summary>
    private const int MaxDuplicateChain = 1000;

    public async Task<ReportDetail?> LoadAsync(long reportId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return null;
        }

        var events = await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == reportId)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var people = events.Select(e => e.ActorId).Append(report.ReporterId).Append(report.AssigneeId).OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.PreferredLanguage }).ToDictionaryAsync(u => u.Id, cancellationToken);
        string? NameOf(string? id) => id is not null && users.TryGetValue(id, out var user) ? user.DisplayName ?? user.Email : null;
        var reporter = report.ReporterId is { } reporterId ? users.GetValueOrDefault(reporterId) : null;

        var linkedIds = await db.ReportLinks.Where(l => l.ReportId == reportId || l.RelatedId == reportId)
            .Select(l => l.ReportId == reportId ? l.RelatedId : l.ReportId).ToListAsync(cancellationToken);
        var others = new[] { report.DuplicateOfId, report.SameMessageAsId }.OfType<long>().Concat(linkedIds).Distinct().ToList();
        var refs = await db.AbuseReports.AsNoTracking().Where(r => others.Contains(r.Id) || r.DuplicateOfId == reportId)
            .Select(r => new { Ref = new ReportRef(r.Id, r.Reference, r.State), r.DuplicateOfId }).ToListAsync(cancellationToken);
        ReportRef? RefOf(long? id) => refs.FirstOrDefault(r => r.Ref.Id == id)?.Ref;

        var messages = await AbuseReportService.MessagesAsync(db, reportId, cancellationToken);
        var incident = report.IncidentId is null ? null
            : await db.Incidents.AsNoTracking().Where(i => i.Id == report.IncidentId).Select(i => i.Title).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new ReportDetail(
            report,
            events.Select(e => new TimelineEntry(e, NameOf(e.ActorId))).ToList(),
            messages,
            incident?.For(CultureInfo.CurrentUICulture.Name),
            reporter?.DisplayName,
            reporter?.Email,
            AbuseReportService.EmailCulture(reporter?.PreferredLanguage),
            NameOf(report.AssigneeId),
            RefOf(report.DuplicateOfId),
            refs.Where(r => r.DuplicateOfId == reportId).Select(r => r.Ref).OrderBy(r => r.Id).ToList(),
            linkedIds.Select(id => RefOf(id)).OfType<ReportRef>().OrderBy(r => r.Id).ToList(),
            RefOf(report.SameMessageAsId),
            ReportStates.IsOpen(report.State) && report.DueAt < now);
    }

    /// <summary>The agents and admins a report can be assigned to, by name.</summary>
    public async Task<IReadOnlyList<StaffRef>> StaffAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var staff = await StaffQuery(db).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return staff.Select(u => new StaffRef(u.Id, u.DisplayName ?? u.Email ?? u.Id)).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>An internal note: staff see it on the timeline; the reporter never does, and it is never emailed.</summary>
    public Task<TriageResult> AddNoteAsync(long reportId, string? text, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, Text(text, TriageResult.TextRequired), actor, cancellationToken, (db, report, clean, now) =>
        {
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.Note, Text = clean, ActorId = actor.Id });
            Audit(db, actor, NoteAction, report, $"Internal note added to {report.Reference}.", now);
            return Task.FromResult(TriageResult.Done);
        });

    /// <summary>A reply to the reporter: on their timeline, and emailed to them in their language through the outbox.</summary>
    public Task<TriageResult> ReplyAsync(long reportId, string? text, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, Text(text, TriageResult.TextRequired), actor, cancellationToken, async (db, report, clean, now) =>
        {
            await reports.StageReplyAsync(db, report, clean!, actor.Id, cancellationToken);
            Audit(db, actor, ReplyAction, report, $"Reply sent to the reporter of {report.Reference}.", now);
            return TriageResult.Done;
        });

    /// <summary>Moves the report along a legal transition only, with a reason the reporter reads (and is emailed).</summary>
    public Task<TriageResult> ChangeStateAsync(long reportId, ReportState to, string? reason, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, Text(reason, TriageResult.ReasonRequired), actor, cancellationToken, async (db, report, clean, now) =>
        {
            var from = report.State;
            if (!await reports.StageStateChangeAsync(db, report, to, null, actor.Id, clean, cancellationToken))
            {
                return TriageResult.IllegalTransition;
            }

            Audit(db, actor, StateAction, report, $"State of {report.Reference} changed from {from} to {to}: {clean}", now);
            return TriageResult.Done;
        });

    /// <summary>
    /// The queue's bulk "change state": each selected report that can legally move to <paramref name="to"/> does (with
    /// the reason, its email and audit entry); the others are skipped. All in one transaction.
    /// </summary>
    public async Task<BulkStateResult> ChangeStatesAsync(IReadOnlyCollection<long> reportIds, ReportState to, string? reason, TriageActor actor, CancellationToken cancellationToken)
    {
        var (clean, error) = Text(reason, TriageResult.ReasonRequired);
        if (error is { } refused)
        {
            return new(refused, 0, reportIds.Count);
        }

        if (reportIds.Count is 0 or > TriageQueue.MaxBulk)
        {
            return new(TriageResult.Unchanged, 0, reportIds.Count);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selected = await db.AbuseReports.Where(r => reportIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var report in selected)
        {
            var from = report.State;
            if (await reports.StageStateChangeAsync(db, report, to, null, actor.Id, clean, cancellationToken))
            {
                Audit(db, actor, StateAction, report, $"State of {report.Reference} changed from {from} to {to} (bulk): {clean}", now);
                changed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(TriageResult.Done, changed, reportIds.Count - changed);
    }

    /// <summary>Assigns the report to an agent or admin, or to nobody (null).</summary>
    public async Task<TriageResult> AssignAsync(long reportId, string? assigneeId, TriageActor actor, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (assigneeId is not null && !await StaffQuery(db).AnyAsync(u => u.Id == assigneeId, cancellationToken))
            {
                return TriageResult.NotStaff;
            }

            if (!await db.AbuseReports.AnyAsync(r => r.Id == reportId, cancellationToken))
            {
                return TriageResult.NotFound;
            }
        }

        return await queue.AssignAsync([reportId], assigneeId, actor, cancellationToken) == 1 ? TriageResult.Done : TriageResult.Unchanged;
    }

    public Task<TriageResult> SetPriorityAsync(long reportId, ReportPriority priority, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, (null, null), actor, cancellationToken, (db, report, _, now) =>
        {
            if (!Enum.IsDefined(priority) || report.Priority == priority)
            {
                return Task.FromResult(TriageResult.Unchanged);
            }

            var from = report.Priority;
            report.Priority = priority;
            report.UpdatedAt = now;
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.PriorityChanged, Text = priority.ToString(), ActorId = actor.Id });
            Audit(db, actor, PriorityAction, report, $"Priority of {report.Reference} changed from {from} to {priority}.", now);
            return Task.FromResult(TriageResult.Done);
        });

    /// <summary>
    /// Marks the report as a duplicate of the report with <paramref name="reference"/> (which must exist, be another
    /// report, and not lead back to this one through its own duplicate marks), or unmarks it when the reference is
    /// null. Undo is the same call with the previous reference.
    /// </summary>
    public Task<TriageResult> MarkDuplicateAsync(long reportId, string? reference, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, (null, null), actor, cancellationToken, async (db, report, _, now) =>
        {
            long? targetId = null;
            string? targetReference = null;
            if (reference is not null)
            {
                var target = await FindByReferenceAsync(db, reference, cancellationToken);
                if (target is null)
                {
                    return TriageResult.UnknownReference;
                }

                if (target.Id == report.Id)
                {
                    return TriageResult.SameReport;
                }

                if (await LeadsBackAsync(db, target.Id, report.Id, cancellationToken))
                {
                    return TriageResult.DuplicateCycle;
                }

                (targetId, targetReference) = (target.Id, target.Reference);
            }

            if (report.DuplicateOfId == targetId)
            {
                return TriageResult.Unchanged;
            }

            report.DuplicateOfId = targetId;
            report.UpdatedAt = now;
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.DuplicateMarked, Text = targetReference, ActorId = actor.Id });
            Audit(db, actor, DuplicateAction, report,
                targetReference is null ? $"{report.Reference} is no longer marked as a duplicate." : $"{report.Reference} marked as a duplicate of {targetReference}.", now);
            return TriageResult.Done;
        });

    /// <summary>Links the report to another one as related (both show the link); linking twice changes nothing.</summary>
    public Task<TriageResult> LinkAsync(long reportId, string? reference, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, (null, null), actor, cancellationToken, async (db, report, _, now) =>
        {
            var target = await FindByReferenceAsync(db, reference, cancellationToken);
            if (target is null)
            {
                return TriageResult.UnknownReference;
            }

            if (target.Id == report.Id)
            {
                return TriageResult.SameReport;
            }

            var (low, high) = report.Id < target.Id ? (report.Id, target.Id) : (target.Id, report.Id);
            if (await db.ReportLinks.AnyAsync(l => l.ReportId == low && l.RelatedId == high, cancellationToken))
            {
                return TriageResult.Unchanged;
            }

            db.ReportLinks.Add(new ReportLink { ReportId = low, RelatedId = high, CreatedAt = now, CreatedById = actor.Id });
            AddLinkEvents(db, ReportEventKind.Linked, report, target, actor, now);
            Audit(db, actor, LinkAction, report, $"{report.Reference} linked to the related report {target.Reference}.", now);
            return TriageResult.Done;
        });

    /// <summary>Removes the link between the report and a related one (the undo of <see cref="LinkAsync"/>).</summary>
    public Task<TriageResult> UnlinkAsync(long reportId, long relatedId, TriageActor actor, CancellationToken cancellationToken) =>
        WithReportAsync(reportId, (null, null), actor, cancellationToken, async (db, report, _, now) =>
        {
            var (low, high) = report.Id < relatedId ? (report.Id, relatedId) : (relatedId, report.Id);
            var link = await db.ReportLinks.SingleOrDefaultAsync(l => l.ReportId == low && l.RelatedId == high, cancellationToken);
            if (link is null)
            {
                return TriageResult.Unchanged;
            }

            var other = await db.AbuseReports.SingleAsync(r => r.Id == relatedId, cancellationToken);
            db.ReportLinks.Remove(link);
            AddLinkEvents(db, ReportEventKind.Unlinked, report, other, actor, now);
            Audit(db, actor, UnlinkAction, report, $"Link between {report.Reference} and {other.Reference} removed.", now);
            return TriageResult.Done;
        });

    /// <summary>A report by its reference (any casing and spacing), or null when there is none or it is no reference.</summary>
    public async Task<ReportRef?> FindAsync(string? reference, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindByReferenceAsync(db, reference, cancellationToken) is { } report ? new ReportRef(report.Id, report.Reference, report.State) : null;
    }

    private static async Task<AbuseReport?> FindByReferenceAsync(PortalDbContext db, string? reference, CancellationToken cancellationToken) =>
        ReportReference.Normalize(reference) is { } normalized
            ? await db.AbuseReports.SingleOrDefaultAsync(r => r.Reference == normalized, cancellationToken)
            : null;

    /// <summary>Whether following duplicate marks from <paramref name="startId"/> reaches <paramref name="reportId"/>.</summary>
    private static async Task<bool> LeadsBackAsync(PortalDbContext db, long startId, long reportId, CancellationToken cancellationToken)
    {
        long? current = startId;
        for (var step = 0; current is { } id && step < MaxDuplicateChain; step++)
        {
            if (id == reportId)
            {
                return true;
            }

            current = await db.AbuseReports.Where(r => r.Id == id).Select(r => r.DuplicateOfId).SingleOrDefaultAsync(cancellationToken);
        }

        return current is not null;
    }

    private static void AddLinkEvents(PortalDbContext db, ReportEventKind kind, AbuseReport report, AbuseReport other, TriageActor actor, DateTime now)
    {
        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = kind, Text = other.Reference, ActorId = actor.Id });
        db.ReportEvents.Add(new ReportEvent { ReportId = other.Id, At = now, Kind = kind, Text = report.Reference, ActorId = actor.Id });
    }

    /// <summary>Loads the tracked report, runs the action and saves what it staged; refused input stores nothing.</summary>
    private async Task<TriageResult> WithReportAsync(
        long reportId,
        (string? Clean, TriageResult? Error) text,
        TriageActor actor,
        CancellationToken cancellationToken,
        Func<PortalDbContext, AbuseReport, string?, DateTime, Task<TriageResult>> action)
    {
        if (text.Error is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return TriageResult.NotFound;
        }

        var result = await action(db, report, text.Clean, clock.GetUtcNow().UtcDateTime);
        if (result == TriageResult.Done)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    private static (string? Clean, TriageResult? Error) Text(string? text, TriageResult whenEmpty) => AbuseReportService.Clean(text) switch
    {
        null => (null, whenEmpty),
        { Length: > ReportEvent.TextMaxLength } => (null, TriageResult.TextTooLong),
        var clean => (clean, null),
    };

    private static IQueryable<ApplicationUser> StaffQuery(PortalDbContext db) =>
        from user in db.Users
        where (from userRole in db.UserRoles
               join role in db.Roles on userRole.RoleId equals role.Id
               where userRole.UserId == user.Id && (role.Name == PortalRoles.Agent || role.Name == PortalRoles.Admin)
               select userRole).Any()
        select user;

    private static void Audit(PortalDbContext db, TriageActor actor, string action, AbuseReport report, string summary, DateTime now) =>
        db.AuditEntries.Add(actor.Audit(now, action, $"report:{report.Reference}", summary));
}

using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Email.Templates;
using Portal.Core.Incidents;
using Portal.Core.Triage;

namespace Portal.Core.Reports;

public enum SubmitStatus
{
    Created,
    /// <summary>This reporter already reported the same Message-ID: <see cref="SubmitResult.Reference"/> is that report.</summary>
    AlreadyReported,
    InvalidMessage,
    InvalidFields,
}

public sealed record SubmitResult(SubmitStatus Status, string? Reference = null, EvidenceError? Error = null, IReadOnlyList<ReportField>? Fields = null);

public enum ReportChange
{
    Done,
    NotFound,
    /// <summary>The report is no longer open, or the transition is not a legal one.</summary>
    NotAllowed,
    InvalidMessage,
    /// <summary>Nothing to add (no comment and no message), or the report holds as many messages as it may.</summary>
    NothingAdded,
}

public sealed record ReportChangeResult(ReportChange Status, EvidenceError? Error = null)
{
    public static readonly ReportChangeResult Done = new(ReportChange.Done);
    public static readonly ReportChangeResult NotFound = new(ReportChange.NotFound);
    public static readonly ReportChangeResult NotAllowed = new(ReportChange.NotAllowed);
}

/// <summary>A row of "My reports".</summary>
public sealed record ReportSummary(
    long Id, string Reference, string? Subject, string? Sender, ReportState State, ReportOutcome Outcome, DateTime? OutcomeAt, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ReportListPage(IReadOnlyList<ReportSummary> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A message of a report as its pages show it: metadata and parsed evidence, never the bytes.</summary>
public sealed record ReportMessageView(long Id, ReportSource Source, DateTime AddedAt, string? FileName, long Size, string Sha256, ReportEvidence? Evidence);

/// <summary>A message's bytes with what a download needs to name and audit it.</summary>
public sealed record RawMessage(long MessageId, string Reference, string? ReporterId, ReportSource Source, string Sha256, byte[] Bytes);

/// <summary>A report as its reporter sees it: only reporter-visible events.</summary>
public sealed record ReportView(AbuseReport Report, IReadOnlyList<ReportEvent> Events, IReadOnlyList<ReportMessageView> Messages, string? IncidentTitle);

/// <summary>
/// Abuse reports from submission to outcome. Reporters see and change only their own reports (anything else reads
/// as "not found"); every change made by staff that the reporter can see is emailed to them, in their language,
/// through the outbox in the same transaction.
/// </summary>
public sealed class AbuseReportService(
    IDbContextFactory<PortalDbContext> dbFactory,
    EmailComposer composer,
    EmailOutbox outbox,
    IOptions<ReportOptions> options,
    IOptions<TriageOptions> triage,
    TimeProvider clock)
{
    public const int PageSize = 20;
    private const int ReferenceAttempts = 5;

    public ReportOptions Settings => options.Value;

    public async Task<SubmitResult> SubmitAsync(string reporterId, ReportDraft draft, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fields = draft.Validate(DateOnly.FromDateTime(now));
        if (fields.Count > 0)
        {
            return new(SubmitStatus.InvalidFields, Fields: fields);
        }

        var content = draft.Source == ReportSource.Upload ? draft.Eml ?? [] : Encoding.UTF8.GetBytes(draft.Text!.Trim());
        var parsed = draft.Source == ReportSource.Upload ? EvidenceParser.Parse(content, Settings.MaxUploadBytes) : null;
        if (parsed is { IsValid: false })
        {
            return new(SubmitStatus.InvalidMessage, Error: parsed.Error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reporter = await db.Users.AsNoTracking().Where(u => u.Id == reporterId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage }).SingleAsync(cancellationToken);
        if (draft.IncidentId is { } incidentId && !await db.Incidents.AnyAsync(i => i.Id == incidentId && i.Status == IncidentStatus.Published, cancellationToken))
        {
            return new(SubmitStatus.InvalidFields, Fields: [ReportField.Incident]);
        }

        var evidence = parsed?.Evidence;
        var messageId = Truncate(evidence?.MessageId, AbuseReport.MessageIdMaxLength);
        if (messageId is not null)
        {
            var own = await db.AbuseReports.Where(r => r.MessageId == messageId && r.ReporterId == reporterId)
                .OrderBy(r => r.Id).Select(r => r.Reference).FirstOrDefaultAsync(cancellationToken);
            if (own is not null)
            {
                return new(SubmitStatus.AlreadyReported, own);
            }
        }

        var report = new AbuseReport
        {
            Reference = ReportReference.New(),
            ReporterId = reporterId,
            Source = draft.Source,
            State = ReportState.Submitted,
            IncidentId = draft.IncidentId,
            ClaimedSeller = Clean(draft.ClaimedSeller),
            MessageSha256 = parsed?.Sha256 ?? EvidenceParser.Sha256Hex(content),
            DueAt = now.AddHours(triage.Value.FirstResponseHours),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (evidence is not null)
        {
            report.SenderAddress = Truncate(evidence.SenderAddress, AbuseReport.AddressMaxLength);
            report.SenderDomain = Truncate(evidence.SenderDomain, AbuseReport.DomainMaxLength);
            report.ReturnPathDomain = Truncate(evidence.ReturnPathDomain, AbuseReport.DomainMaxLength);
            report.DkimDomain = Truncate(evidence.DkimDomain, AbuseReport.DomainMaxLength);
            report.OriginatingIp = evidence.OriginatingIp;
            report.Subject = Truncate(evidence.Subject, AbuseReport.SubjectMaxLength);
            report.MessageId = messageId;
            report.MessageDate = evidence.Date;
            report.AddressedToReporter = reporter.Email is { } email && evidence.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase);
            report.SameMessageAsId = messageId is null ? null : await db.AbuseReports.Where(r => r.MessageId == messageId)
                .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        }
        else
        {
            report.SenderAddress = EvidenceParser.AddressOnly(draft.SenderAddress);
            report.SenderDomain = EvidenceParser.DomainOf(draft.SenderAddress);
            report.Subject = Clean(draft.Subject);
            report.MessageDate = draft.ReceivedOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        }

        report.Messages.Add(NewMessage(draft.Source, content, draft.FileName, parsed, now));
        report.Events.Add(new ReportEvent { At = now, Kind = ReportEventKind.Submitted, ReporterVisible = true, State = ReportState.Submitted, ActorId = reporterId, ByReporter = true });
        if (Clean(draft.Comment) is { } comment)
        {
            report.Events.Add(new ReportEvent { At = now, Kind = ReportEventKind.Comment, ReporterVisible = true, Text = comment, ActorId = reporterId, ByReporter = true });
        }

        var culture = EmailCulture(reporter.PreferredLanguage);
        db.AbuseReports.Add(report);
        for (var attempt = 1; ; attempt++)
        {
            var email = await composer.ComposeAsync<ReportReceivedEmail>(culture, new Dictionary<string, object?>
            {
                [nameof(ReportReceivedEmail.Reference)] = report.Reference,
                [nameof(ReportReceivedEmail.RecipientName)] = reporter.DisplayName,
                [nameof(ReportReceivedEmail.ReportSubject)] = report.Subject,
            });
            var queued = outbox.Add(db, email, reporter.Email!, reporter.DisplayName);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new(SubmitStatus.Created, report.Reference);
            }
            catch (DbUpdateException) when (attempt < ReferenceAttempts)
            {
                // Eight random characters rarely collide; when they do, draw again (anything else fails as it is).
                if (!await ReferenceTakenAsync(report.Reference, cancellationToken))
                {
                    throw;
                }

                db.Entry(queued).State = EntityState.Detached;
                report.Reference = ReportReference.New();
            }
        }
    }

    /// <summary>Whether one of the message's recipients is the reporter's account address.</summary>
    public async Task<bool> IsAddressedToAsync(string reporterId, ReportEvidence evidence, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == reporterId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        return email is not null && evidence.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<ReportListPage> ListAsync(string reporterId, int page, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.AbuseReports.AsNoTracking().Where(r => r.ReporterId == reporterId);
        var total = await mine.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await mine.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(r => new ReportSummary(r.Id, r.Reference, r.Subject, r.SenderAddress, r.State, r.Outcome, r.OutcomeAt, r.CreatedAt, r.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new(rows, total, page, PageSize);
    }

    /// <summary>The reporter's own report by reference (<c>AR-…</c>) or by id; null for anyone else's or none.</summary>
    public async Task<ReportView?> FindForReporterAsync(string reporterId, string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.AbuseReports.AsNoTracking().Where(r => r.ReporterId == reporterId);
        var report = ReportReference.Normalize(key) is { } reference
            ? await mine.SingleOrDefaultAsync(r => r.Reference == reference, cancellationToken)
            : long.TryParse(key, out var id) ? await mine.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
        if (report is null)
        {
            return null;
        }

        var events = await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == report.Id && e.ReporterVisible)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var messages = await MessagesAsync(db, report.Id, cancellationToken);
        var incident = report.IncidentId is null ? null
            : await db.Incidents.AsNoTracking().Where(i => i.Id == report.IncidentId).Select(i => i.Title).SingleOrDefaultAsync(cancellationToken);
        return new ReportView(report, events, messages, incident?.For(System.Globalization.CultureInfo.CurrentUICulture.Name));
    }

    /// <summary>The parsed messages of a report (staff pages use this too).</summary>
    public static async Task<IReadOnlyList<ReportMessageView>> MessagesAsync(PortalDbContext db, long reportId, CancellationToken cancellationToken)
    {
        var rows = await db.ReportMessages.AsNoTracking().Where(m => m.ReportId == reportId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Source, m.AddedAt, m.FileName, m.Size, m.Sha256, m.EvidenceJson })
            .ToListAsync(cancellationToken);
        return rows.Select(m => new ReportMessageView(m.Id, m.Source, m.AddedAt, m.FileName, m.Size, m.Sha256,
            m.EvidenceJson is null ? null : JsonSerializer.Deserialize<ReportEvidence>(m.EvidenceJson))).ToList();
    }

    /// <summary>
    /// The raw bytes of a report's message for its reporter, or for anyone when <paramref name="asStaff"/>; null
    /// otherwise, whether or not it exists. The caller audits staff downloads.
    /// </summary>
    public async Task<RawMessage?> RawMessageAsync(long messageId, string userId, bool asStaff, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (
                from message in db.ReportMessages.AsNoTracking()
                join report in db.AbuseReports on message.ReportId equals report.Id
                join content in db.ReportMessageContents on message.Id equals content.ReportMessageId
                where message.Id == messageId && (asStaff || report.ReporterId == userId)
                select new RawMessage(message.Id, report.Reference, report.ReporterId, message.Source, message.Sha256, content.Bytes))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The bodies of messages the caller may already show (their ids come from a report it loaded), made safe.</summary>
    public async Task<Dictionary<long, SafeMessageBody>> SafeBodiesAsync(IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from message in db.ReportMessages.AsNoTracking()
                join content in db.ReportMessageContents on message.Id equals content.ReportMessageId
                where messageIds.Contains(message.Id)
                select new { message.Id, message.Source, content.Bytes })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(
            r => r.Id,
            r => r.Source == ReportSource.Paste ? new SafeMessageBody(Encoding.UTF8.GetString(r.Bytes), null) : MessageBody.Read(r.Bytes));
    }

    /// <summary>The reporter adds a comment, another message (.eml), or both, while the report is open.</summary>
    public async Task<ReportChangeResult> AddInformationAsync(string reporterId, string reference, string? comment, byte[]? eml, string? fileName, CancellationToken cancellationToken)
    {
        comment = Clean(comment);
        if ((comment is null && eml is null) || comment is { Length: > ReportDraft.CommentMaxLength })
        {
            return new(ReportChange.NothingAdded);
        }

        var parsed = eml is null ? null : EvidenceParser.Parse(eml, Settings.MaxUploadBytes);
        if (parsed is { IsValid: false })
        {
            return new(ReportChange.InvalidMessage, parsed.Error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.SingleOrDefaultAsync(r => r.Reference == reference && r.ReporterId == reporterId, cancellationToken);
        if (report is null)
        {
            return ReportChangeResult.NotFound;
        }

        if (!ReportStates.IsOpen(report.State))
        {
            return ReportChangeResult.NotAllowed;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (parsed is not null)
        {
            if (await db.ReportMessages.CountAsync(m => m.ReportId == report.Id, cancellationToken) >= Settings.MaxMessagesPerReport)
            {
                return new(ReportChange.NothingAdded);
            }

            db.ReportMessages.Add(WithReport(NewMessage(ReportSource.Upload, eml!, fileName, parsed, now), report.Id));
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.MessageAdded, ReporterVisible = true, Text = Truncate(parsed.Evidence!.Subject, 500), ActorId = reporterId, ByReporter = true });
        }

        if (comment is not null)
        {
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.Comment, ReporterVisible = true, Text = comment, ActorId = reporterId, ByReporter = true });
        }

        report.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return ReportChangeResult.Done;
    }

    /// <summary>The reporter withdraws an open report; nothing is emailed, they did it themselves.</summary>
    public async Task<ReportChangeResult> WithdrawAsync(string reporterId, string reference, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.SingleOrDefaultAsync(r => r.Reference == reference && r.ReporterId == reporterId, cancellationToken);
        if (report is null)
        {
            return ReportChangeResult.NotFound;
        }

        if (!ReportStates.CanMove(report.State, ReportState.Withdrawn))
        {
            return ReportChangeResult.NotAllowed;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Move(report, ReportState.Withdrawn, now);
        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.Withdrawn, ReporterVisible = true, State = ReportState.Withdrawn, ActorId = reporterId, ByReporter = true });
        await db.SaveChangesAsync(cancellationToken);
        return ReportChangeResult.Done;
    }

    /// <summary>
    /// Staff move a report along a legal transition, with an optional reason for the reporter; the reporter gets an
    /// email. (Withdrawal is the reporter's: staff cannot withdraw a report for them.)
    /// </summary>
    public Task<ReportChangeResult> ChangeStateAsync(long reportId, ReportState to, string? actorId, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(reportId, to == ReportState.Withdrawn ? null : to, null, actorId, reason, cancellationToken);

    /// <summary>
    /// Staff record what was done: the outcome, the resolved state that goes with it, a reporter-visible event and an
    /// email. This is what a seller-wide enforcement decision calls for each open linked report.
    /// </summary>
    public Task<ReportChangeResult> ResolveAsync(long reportId, ReportOutcome outcome, string? actorId, string? text, CancellationToken cancellationToken) =>
        outcome == ReportOutcome.None
            ? Task.FromResult(ReportChangeResult.NotAllowed)
            : ChangeAsync(reportId, outcome == ReportOutcome.NoViolationFound ? ReportState.NoViolation : ReportState.ActionTaken, outcome, actorId, text, cancellationToken);

    /// <summary>
    /// <see cref="ResolveAsync"/> for a report the caller loaded (tracked) in its own context, without saving: a
    /// seller-wide decision resolves many reports and saves them, their events and emails in one transaction.
    /// </summary>
    public async Task<ReportChangeResult> ResolveInAsync(PortalDbContext db, AbuseReport report, ReportOutcome outcome, string? actorId, string? text, CancellationToken cancellationToken) =>
        outcome != ReportOutcome.None
        && await StageStateChangeAsync(db, report, outcome == ReportOutcome.NoViolationFound ? ReportState.NoViolation : ReportState.ActionTaken, outcome, actorId, text, cancellationToken)
            ? ReportChangeResult.Done
            : ReportChangeResult.NotAllowed;

    /// <summary>A message from staff to the reporter: on the timeline and by email.</summary>
    public async Task<ReportChangeResult> AddReporterVisibleEventAsync(long reportId, string text, string? actorId, CancellationToken cancellationToken)
    {
        text = Clean(text) ?? "";
        if (text.Length is 0 or > ReportEvent.TextMaxLength)
        {
            return new(ReportChange.NothingAdded);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return ReportChangeResult.NotFound;
        }

        await StageReplyAsync(db, report, text, actorId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return ReportChangeResult.Done;
    }

    /// <summary>A staff note: on the timeline for staff only, never emailed.</summary>
    public async Task<ReportChangeResult> AddInternalNoteAsync(long reportId, string text, string actorId, CancellationToken cancellationToken)
    {
        text = Clean(text) ?? "";
        if (text.Length is 0 or > ReportEvent.TextMaxLength)
        {
            return new(ReportChange.NothingAdded);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.AbuseReports.AnyAsync(r => r.Id == reportId, cancellationToken))
        {
            return ReportChangeResult.NotFound;
        }

        db.ReportEvents.Add(new ReportEvent { ReportId = reportId, At = clock.GetUtcNow().UtcDateTime, Kind = ReportEventKind.Note, ReporterVisible = false, Text = text, ActorId = actorId });
        await db.SaveChangesAsync(cancellationToken);
        return ReportChangeResult.Done;
    }

    /// <summary>
    /// Adds a reply (already checked: trimmed, not empty, not too long) to a tracked report and queues its email,
    /// without saving, so a caller can save it together with its own records (the audit entry) in one transaction.
    /// </summary>
    internal async Task<ReportEvent> StageReplyAsync(PortalDbContext db, AbuseReport report, string text, string? actorId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reply = new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.Reply, ReporterVisible = true, Text = text, ActorId = actorId };
        db.ReportEvents.Add(reply);
        report.UpdatedAt = now;
        await QueueUpdateEmailAsync(db, report, reply, cancellationToken);
        return reply;
    }

    /// <summary>
    /// Moves a tracked report along a legal staff transition (never to Withdrawn, which is the reporter's), with its
    /// reporter-visible event and email, without saving. False, and nothing staged, when the move is not legal.
    /// </summary>
    internal async Task<bool> StageStateChangeAsync(
        PortalDbContext db, AbuseReport report, ReportState to, ReportOutcome? outcome, string? actorId, string? text, CancellationToken cancellationToken)
    {
        if (to == ReportState.Withdrawn || !ReportStates.CanMove(report.State, to))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Move(report, to, now);
        if (outcome is { } decided)
        {
            report.Outcome = decided;
            report.OutcomeAt = now;
        }

        var change = new ReportEvent
        {
            ReportId = report.Id,
            At = now,
            Kind = outcome is null ? ReportEventKind.StateChanged : ReportEventKind.OutcomeSet,
            ReporterVisible = true,
            State = to,
            Outcome = outcome,
            Text = Clean(text),
            ActorId = actorId,
        };
        db.ReportEvents.Add(change);
        await QueueUpdateEmailAsync(db, report, change, cancellationToken);
        return true;
    }

    private async Task<ReportChangeResult> ChangeAsync(long reportId, ReportState? to, ReportOutcome? outcome, string? actorId, string? text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return ReportChangeResult.NotFound;
        }

        if (to is not { } target || !await StageStateChangeAsync(db, report, target, outcome, actorId, text, cancellationToken))
        {
            return ReportChangeResult.NotAllowed;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ReportChangeResult.Done;
    }

    private static void Move(AbuseReport report, ReportState to, DateTime now)
    {
        report.State = to;
        report.UpdatedAt = now;
        report.ClosedAt = ReportStates.IsFinished(to) ? report.ClosedAt ?? now : null;
    }

    private async Task QueueUpdateEmailAsync(PortalDbContext db, AbuseReport report, ReportEvent change, CancellationToken cancellationToken)
    {
        var reporter = await db.Users.AsNoTracking().Where(u => u.Id == report.ReporterId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage }).SingleOrDefaultAsync(cancellationToken);
        if (reporter?.Email is null)
        {
            // The reporter erased their account: the report stays, anonymised, and there is nobody to tell.
            return;
        }

        var email = await composer.ComposeAsync<ReportUpdatedEmail>(EmailCulture(reporter.PreferredLanguage), new Dictionary<string, object?>
        {
            [nameof(ReportUpdatedEmail.Reference)] = report.Reference,
            [nameof(ReportUpdatedEmail.RecipientName)] = reporter.DisplayName,
            [nameof(ReportUpdatedEmail.Change)] = change,
        });
        outbox.Add(db, email, reporter.Email!, reporter.DisplayName);
    }

    private async Task<bool> ReferenceTakenAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AbuseReports.AnyAsync(r => r.Reference == reference, cancellationToken);
    }

    private static ReportMessage NewMessage(ReportSource source, byte[] content, string? fileName, ParsedMessage? parsed, DateTime now) => new()
    {
        Source = source,
        AddedAt = now,
        FileName = fileName is null ? null : Truncate(Path.GetFileName(fileName), ReportMessage.FileNameMaxLength),
        Size = content.Length,
        Sha256 = parsed?.Sha256 ?? EvidenceParser.Sha256Hex(content),
        MessageId = Truncate(parsed?.Evidence?.MessageId, AbuseReport.MessageIdMaxLength),
        EvidenceJson = parsed?.Evidence is { } evidence ? JsonSerializer.Serialize(evidence) : null,
        Content = new ReportMessageContent { Bytes = content },
    };

    private static ReportMessage WithReport(ReportMessage message, long reportId)
    {
        message.ReportId = reportId;
        return message;
    }

    /// <summary>Emails go out in the reporter's language: French if they chose it, English otherwise.</summary>
    internal static string EmailCulture(string? language) => language?.StartsWith("fr", StringComparison.OrdinalIgnoreCase) == true ? "fr" : "en";

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } value ? (value.Length > max ? value[..max] : value) : null;
}

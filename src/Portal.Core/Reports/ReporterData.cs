using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Reports;

/// <summary>One report as its reporter's personal-data download shows it.</summary>
public sealed record ReporterReportData(
    string Reference, DateTime CreatedAt, ReportState State, ReportOutcome Outcome, DateTime? ClosedAt,
    string? Subject, string? SenderAddress, string? ClaimedSeller, IReadOnlyList<string> MessageSha256,
    IReadOnlyList<ReporterEntryData> OwnEntries);

/// <summary>Something the reporter did on a report (comment, added message, withdrawal), with its text.</summary>
public sealed record ReporterEntryData(DateTime At, ReportEventKind Kind, string? Text);

/// <summary>
/// What Portal holds about a customer as a reporter: exported with their personal data, and erased with their
/// account. Erasing keeps the reports (they are evidence against a seller) but removes what identifies the
/// reporter — the link to the account, the raw messages (addressed to them), the text of their own comments, and
/// their address wherever the parsed evidence names it.
/// </summary>
public sealed class ReporterData(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ReporterReportData>> ExportAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reports = await db.AbuseReports.AsNoTracking()
            .Where(r => r.ReporterId == userId)
            .Include(r => r.Events.Where(e => e.ByReporter))
            .Include(r => r.Messages)
            .OrderBy(r => r.CreatedAt)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return [.. reports.Select(r => new ReporterReportData(
            r.Reference, r.CreatedAt, r.State, r.Outcome, r.ClosedAt, r.Subject, r.SenderAddress, r.ClaimedSeller,
            [.. r.Messages.OrderBy(m => m.AddedAt).Select(m => m.Sha256)],
            [.. r.Events.OrderBy(e => e.At).Select(e => new ReporterEntryData(e.At, e.Kind, e.Text))]))];
    }

    /// <summary>Anonymises every report of <paramref name="userId"/> in one transaction; returns how many.</summary>
    public async Task<int> EraseAsync(string userId, string? email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reports = db.AbuseReports.Where(r => r.ReporterId == userId);
        var messages = db.ReportMessages.Where(m => reports.Any(r => r.Id == m.ReportId));

        await db.ReportMessageContents.Where(c => messages.Any(m => m.Id == c.ReportMessageId)).ExecuteDeleteAsync(cancellationToken);
        foreach (var message in await messages.Where(m => m.EvidenceJson != null).ToListAsync(cancellationToken))
        {
            message.EvidenceJson = JsonSerializer.Serialize(WithoutReporter(JsonSerializer.Deserialize<ReportEvidence>(message.EvidenceJson!)!, email));
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.ReportEvents.Where(e => e.ByReporter && reports.Any(r => r.Id == e.ReportId))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Text, (string?)null).SetProperty(e => e.ActorId, (string?)null), cancellationToken);
        var anonymised = await reports.ExecuteUpdateAsync(set => set.SetProperty(r => r.ReporterId, (string?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return anonymised;
    }

    private static ReportEvidence WithoutReporter(ReportEvidence evidence, string? email) => evidence with
    {
        To = [],
        DeliveredTo = [],
        Urls = [.. evidence.Urls.Where(url => !Names(url, email))],
        ListUnsubscribe = Names(evidence.ListUnsubscribe, email) ? null : evidence.ListUnsubscribe,
    };

    private static bool Names(string? text, string? email) =>
        email is { Length: > 0 } && text is not null
        && (text.Contains(email, StringComparison.OrdinalIgnoreCase) || text.Contains(Uri.EscapeDataString(email), StringComparison.OrdinalIgnoreCase));
}

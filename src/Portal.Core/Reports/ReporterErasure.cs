using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Reports;

/// <summary>
/// Before a customer's account is deleted: the reports they filed stay (they are evidence against a seller), but
/// lose what identifies the reporter — the link to the account, the raw messages (addressed to them), the text of
/// their own comments, and their address wherever the parsed evidence names it.
/// </summary>
public sealed class ReporterErasure(IDbContextFactory<PortalDbContext> dbFactory)
{
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

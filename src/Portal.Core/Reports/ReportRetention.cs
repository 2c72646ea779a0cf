using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Reports;

/// <summary>
/// Raw messages are kept only while they may be needed: <see cref="ReportOptions.RawRetentionDays"/> after their
/// report closed, they are deleted. The SHA-256 of each, the parsed evidence and the timeline stay.
/// </summary>
public sealed class ReportRetention(IDbContextFactory<PortalDbContext> dbFactory, IOptions<ReportOptions> options, TimeProvider clock)
{
    /// <summary>Deletes the raw messages due for deletion; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var closedBefore = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RawRetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = db.ReportMessages.Where(m => db.AbuseReports.Any(r => r.Id == m.ReportId && r.ClosedAt != null && r.ClosedAt < closedBefore));
        return await db.ReportMessageContents.Where(c => expired.Any(m => m.Id == c.ReportMessageId)).ExecuteDeleteAsync(cancellationToken);
    }
}

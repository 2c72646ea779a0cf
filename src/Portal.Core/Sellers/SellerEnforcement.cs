using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Reports;
using Portal.Core.Triage;

namespace Portal.Core.Sellers;

/// <summary>
/// One decision about a seller closes the loop on every open report linked to it: each gets the outcome, the
/// reporter-visible event and one email to its own reporter (through <see cref="AbuseReportService"/>'s resolve
/// path), and the decision joins the seller's history, all in one transaction. Finished reports are left alone.
/// </summary>
public sealed class SellerEnforcement(IDbContextFactory<PortalDbContext> dbFactory, AbuseReportService reports, TimeProvider clock)
{
    public async Task<EnforcementPreview?> PreviewAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Sellers.AnyAsync(s => s.Id == sellerId, cancellationToken))
        {
            return null;
        }

        var open = OpenReports(db, sellerId);
        return new(await open.CountAsync(cancellationToken), await open.Where(r => r.ReporterId != null).Select(r => r.ReporterId).Distinct().CountAsync(cancellationToken));
    }

    /// <summary>
    /// Applies the decision. The reason is for the seller's history and the audit log; reporters read the outcome in
    /// the portal's own words, since a reason written about a seller may speak of other reporters.
    /// </summary>
    public async Task<EnforcementResult> ApplyAsync(long sellerId, EnforcementAction action, string? reason, TriageActor actor, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return new(SellerResult.ReasonRequired);
        }

        if (reason.Length > SellerAction.ReasonMaxLength)
        {
            return new(SellerResult.ReasonTooLong);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (seller is null)
        {
            return new(SellerResult.NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = EnforcementActions.Outcome(action);
        var open = await OpenReports(db, sellerId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var resolved = new List<AbuseReport>();
        foreach (var report in open)
        {
            var change = await reports.ResolveInAsync(db, report, outcome, actor.Id, null, cancellationToken);
            if (change.Status != ReportChange.Done)
            {
                throw new InvalidOperationException($"Open report {report.Reference} could not be resolved: {change.Status}.");
            }

            resolved.Add(report);
            db.AuditEntries.Add(actor.Audit(now, "report.resolve", $"report:{report.Reference}",
                $"Resolved {report.Reference} as {outcome} by the decision on seller {sellerId}."));
        }

        var notified = resolved.Where(r => r.ReporterId != null).Select(r => r.ReporterId).Distinct().Count();
        var previous = seller.State;
        seller.State = EnforcementActions.State(action);
        seller.UpdatedAt = now;
        db.SellerActions.Add(new SellerAction
        {
            SellerId = sellerId,
            Action = action,
            Reason = reason,
            ActorId = actor.Id,
            ActorName = actor.Name,
            At = now,
            ReportsResolved = resolved.Count,
            ReportersNotified = notified,
        });
        db.AuditEntries.Add(actor.Audit(now, "seller.enforce", $"seller:{sellerId}", string.Create(CultureInfo.InvariantCulture,
            $"{action} seller {sellerId} \"{seller.Name}\" ({previous} → {seller.State}): {resolved.Count} open reports resolved, {notified} reporters notified. Reason: {reason}")));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(SellerResult.Done, resolved.Count, notified);
    }

    private static IQueryable<AbuseReport> OpenReports(PortalDbContext db, long sellerId) =>
        db.AbuseReports.Where(r => r.SellerId == sellerId && (r.State == ReportState.Submitted || r.State == ReportState.InReview));
}

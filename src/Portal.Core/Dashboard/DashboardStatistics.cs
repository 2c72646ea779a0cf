using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Reports;

namespace Portal.Core.Dashboard;

public sealed record DailyCount(DateOnly Day, int Count);

public sealed record SellerCount(string Seller, int Count);

/// <summary>Where one breach-notification campaign's delivery stands.</summary>
public sealed record CampaignDelivery(int CampaignId, string IncidentSlug, CampaignState State, DateTime PreparedAt, int Sent, int Failed, int Pending);

/// <summary>The staff dashboard's figures for the last <see cref="Days"/> days (UTC calendar days, today included).</summary>
public sealed record DashboardFigures(
    int Days,
    IReadOnlyList<DailyCount> ReportsPerDay,
    IReadOnlyDictionary<ReportState, int> ByState,
    IReadOnlyList<SellerCount> TopSellers,
    TimeSpan? MedianFirstResponse,
    TimeSpan? MedianResolution,
    int Open,
    int Overdue,
    IReadOnlyList<CampaignDelivery> Campaigns)
{
    public int ReportsInPeriod => ReportsPerDay.Sum(d => d.Count);
}

/// <summary>
/// The figures of the staff dashboard, read over indexes only (GROUP BY on the state, a received-date range, the
/// timeline by report), so they stay cheap on a million reports (the <c>triage-queue</c> benchmark measures them).
/// </summary>
public sealed class DashboardStatistics(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int TopSellerCount = 5;
    public const int LatestCampaignCount = 3;
    public static readonly int[] Periods = [30, 90];

    public async Task<DashboardFigures> ReadAsync(int days, CancellationToken cancellationToken)
    {
        days = Periods.Contains(days) ? days : Periods[0];
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var from = today.AddDays(1 - days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inPeriod = db.AbuseReports.AsNoTracking().Where(r => r.CreatedAt >= from);

        var byState = await db.AbuseReports.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var overdue = await db.AbuseReports.CountAsync(r => (r.State == ReportState.Submitted || r.State == ReportState.InReview) && r.DueAt < now, cancellationToken);
        // A report counts under the seller it is linked to, and until it is linked under the seller its reporter named.
        var sellers = await (
                from r in inPeriod
                join linked in db.Sellers on r.SellerId equals linked.Id into links
                from linked in links.DefaultIfEmpty()
                let name = linked != null ? linked.Name : r.ClaimedSeller
                where name != null && name != ""
                group r by name into g
                select new { Seller = g.Key, Count = g.Count() })
            .OrderByDescending(s => s.Count).ThenBy(s => s.Seller).Take(TopSellerCount).ToListAsync(cancellationToken);

        // Per report received in the period: the first thing staff did that the reporter saw (a reply or a state
        // change) and its closing. The reports per day are counted from the same rows: grouping by day in SQL costs
        // a date function per row, more than reading the dates.
        var timings = await inPeriod
            .Select(r => new
            {
                r.CreatedAt,
                r.State,
                r.ClosedAt,
                FirstResponse = db.ReportEvents
                    .Where(e => e.ReportId == r.Id && !e.ByReporter
                        && (e.Kind == ReportEventKind.Reply || e.Kind == ReportEventKind.StateChanged || e.Kind == ReportEventKind.OutcomeSet))
                    .Min(e => (DateTime?)e.At),
            })
            .ToListAsync(cancellationToken);
        var firstResponse = Median(timings.Where(t => t.FirstResponse is not null).Select(t => t.FirstResponse!.Value - t.CreatedAt));
        var perDay = timings.CountBy(t => DateOnly.FromDateTime(t.CreatedAt)).ToDictionary();
        var resolution = Median(timings.Where(t => t.ClosedAt is not null && t.State is not ReportState.Withdrawn).Select(t => t.ClosedAt!.Value - t.CreatedAt));

        return new DashboardFigures(
            days,
            Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).Select(d => new DailyCount(d, perDay.GetValueOrDefault(d))).ToList(),
            byState,
            sellers.Select(s => new SellerCount(s.Seller, s.Count)).ToList(),
            firstResponse,
            resolution,
            byState.GetValueOrDefault(ReportState.Submitted) + byState.GetValueOrDefault(ReportState.InReview),
            overdue,
            await CampaignsAsync(db, cancellationToken));
    }

    private static async Task<IReadOnlyList<CampaignDelivery>> CampaignsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var latest = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(LatestCampaignCount)
            .Select(c => new { c.Id, c.State, c.PreparedAt, Slug = db.Incidents.Where(i => i.Id == c.IncidentId).Select(i => i.Slug).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var deliveries = new List<CampaignDelivery>();
        foreach (var campaign in latest)
        {
            var counts = await CampaignCounts.ReadAsync(db, campaign.Id, cancellationToken);
            deliveries.Add(new(campaign.Id, campaign.Slug ?? "", campaign.State, campaign.PreparedAt, counts.Sent, counts.Failed, counts.Pending));
        }

        return deliveries;
    }

    /// <summary>The middle value, or the mean of the two middle ones; null when there is none.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

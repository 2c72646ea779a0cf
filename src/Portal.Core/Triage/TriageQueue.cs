using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Reports;

namespace Portal.Core.Triage;

/// <summary>
/// The staff queue of abuse reports: filtering, search, sorting and paging run in the database (indexes serve the
/// standard views, a trigram full-text index the search on SQLite), plus bulk assignment.
/// </summary>
public sealed class TriageQueue(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Most reports one bulk action changes (a few pages' worth of selection).</summary>
    public const int MaxBulk = 500;

    /// <summary>Trigrams need three characters; a shorter search term is looked for the slow way.</summary>
    private const int MinIndexedSearchLength = 3;

    /// <summary>Most search matches read once and passed to the queries (beyond, the queries read the index themselves).</summary>
    private const int MaxSearchMatchesRead = 10_000;

    public async Task<TriagePage> QueryAsync(TriageQuery query, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var filtered = Filter(db, query with { State = null }, userId, now, await SearchMatchesAsync(db, query.Search, cancellationToken));

        var counts = IsWholeQueue(query)
            ? await WholeQueueCountsAsync(db, cancellationToken)
            : await filtered.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var matching = query.State is { } state ? filtered.Where(r => r.State == state) : filtered;
        var total = query.State is { } only ? counts.GetValueOrDefault(only) : counts.Values.Sum();

        var pageSize = Math.Clamp(query.PageSize, 1, TriageQuery.MaxPageSize);
        var page = Math.Max(query.Page, 0);
        var rows = await Order(matching, query).Skip(page * pageSize).Take(pageSize)
            .Select(r => new TriageRow(
                r.Id,
                r.Reference,
                r.Subject,
                r.SenderAddress,
                r.State,
                r.AssigneeId,
                db.Users.Where(u => u.Id == r.AssigneeId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault(),
                r.IncidentId,
                r.CreatedAt,
                r.DueAt,
                (r.State == ReportState.Submitted || r.State == ReportState.InReview) && r.DueAt < now,
                r.Priority))
            .ToListAsync(cancellationToken);
        return new(rows, total, counts);
    }

    /// <summary>
    /// No filter but the state tab: the tab counts are those of every report. Compared with a default query, so a
    /// filter added to <see cref="TriageQuery"/> later counts as a filter without being listed here.
    /// </summary>
    private static bool IsWholeQueue(TriageQuery query) =>
        query with { State = null, Sort = default, Descending = true, Page = 0, PageSize = TriageQuery.DefaultPageSize } == new TriageQuery();

    /// <summary>
    /// The counts per state of every report. The total is a b-tree count that reads no row, and Closed, where
    /// finished reports pile up, is the total less the other states; so only the other states' part of the state
    /// index is read (on a million reports, half the work of grouping them all).
    /// </summary>
    private static async Task<Dictionary<ReportState, int>> WholeQueueCountsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var total = await db.AbuseReports.CountAsync(cancellationToken);
        var counts = new Dictionary<ReportState, int>();
        foreach (var state in Enum.GetValues<ReportState>().Where(s => s != ReportState.Closed))
        {
            // One range count per state: cheaper in SQLite than grouping, which compares every row with the last.
            if (await db.AbuseReports.CountAsync(r => r.State == state, cancellationToken) is var count and > 0)
            {
                counts[state] = count;
            }
        }

        var closed = total - counts.Values.Sum();
        if (closed > 0)
        {
            counts[ReportState.Closed] = closed;
        }

        return counts;
    }

    /// <summary>
    /// Assigns the given reports to <paramref name="assigneeId"/> (null: unassigns them), auditing each change and
    /// noting it on each report's staff timeline. Returns how many changed.
    /// </summary>
    public async Task<int> AssignAsync(IReadOnlyCollection<long> reportIds, string? assigneeId, TriageActor actor, CancellationToken cancellationToken)
    {
        if (reportIds.Count is 0 or > MaxBulk)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reports = await db.AbuseReports.Where(r => reportIds.Contains(r.Id) && r.AssigneeId != assigneeId).ToListAsync(cancellationToken);
        var assigneeName = assigneeId is null ? null
            : await db.Users.Where(u => u.Id == assigneeId).Select(u => u.DisplayName ?? u.Email).FirstOrDefaultAsync(cancellationToken);
        foreach (var report in reports)
        {
            report.AssigneeId = assigneeId;
            report.UpdatedAt = now;
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, At = now, Kind = ReportEventKind.Assigned, Text = assigneeName ?? assigneeId, ActorId = actor.Id });
            db.AuditEntries.Add(actor.Audit(
                now,
                assigneeId is null ? "report.unassign" : "report.assign",
                $"report:{report.Reference}",
                assigneeId is null ? $"Unassigned {report.Reference}." : $"Assigned {report.Reference} to user {assigneeId}."));
        }

        await db.SaveChangesAsync(cancellationToken);
        return reports.Count;
    }

    /// <summary>
    /// SQLite: the ids of the reports the search matches, read once from the trigram index (migration
    /// ReportSearchIndex) for both the counts and the page; null when there is no search, it is too short for
    /// trigrams, or it matches so many reports that the index is better read in the queries themselves.
    /// </summary>
    private static async Task<List<long>?> SearchMatchesAsync(PortalDbContext db, string? search, CancellationToken cancellationToken)
    {
        if (SearchTerms.Clean(search, TriageQuery.SearchMaxLength) is not { Length: >= MinIndexedSearchLength } term || !db.Database.IsSqlite())
        {
            return null;
        }

        var ids = await SearchIndex(db, term).Take(MaxSearchMatchesRead + 1).ToListAsync(cancellationToken);
        return ids.Count > MaxSearchMatchesRead ? null : ids;
    }

    /// <summary>A quoted phrase of trigrams matches the term anywhere in the reference, subject or sender, ignoring case, as LIKE does.</summary>
    private static IQueryable<long> SearchIndex(PortalDbContext db, string term) =>
        db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM AbuseReportSearch WHERE AbuseReportSearch MATCH {Phrase(term)}");

    private static IQueryable<AbuseReport> Filter(PortalDbContext db, TriageQuery query, string userId, DateTime now, List<long>? searchMatches)
    {
        var reports = db.AbuseReports.AsNoTracking();
        if (query.OpenOnly || query.OverdueOnly)
        {
            reports = reports.Where(r => r.State == ReportState.Submitted || r.State == ReportState.InReview);
        }

        if (query.OverdueOnly)
        {
            reports = reports.Where(r => r.DueAt < now);
        }

        reports = query.Assignee switch
        {
            AssigneeFilter.Me => reports.Where(r => r.AssigneeId == userId),
            AssigneeFilter.Unassigned => reports.Where(r => r.AssigneeId == null),
            _ => reports,
        };
        if (query.IncidentId is { } incidentId)
        {
            reports = reports.Where(r => r.IncidentId == incidentId);
        }

        if (query.SellerId is { } sellerId)
        {
            reports = reports.Where(r => r.SellerId == sellerId);
        }

        if (query.ReceivedFrom is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            reports = reports.Where(r => r.CreatedAt >= start);
        }

        if (query.ReceivedTo is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            reports = reports.Where(r => r.CreatedAt < end);
        }

        if (SearchTerms.Clean(query.Search, TriageQuery.SearchMaxLength) is { } term)
        {
            if (searchMatches is not null)
            {
                reports = reports.Where(r => EF.Parameter(searchMatches).Contains(r.Id));
            }
            else if (db.Database.IsSqlite() && term.Length >= MinIndexedSearchLength)
            {
                var matches = SearchIndex(db, term);
                reports = reports.Where(r => matches.Contains(r.Id));
            }
            else
            {
                var pattern = SearchTerms.ContainsPattern(term);
                reports = reports.Where(r => EF.Functions.Like(r.Reference, pattern, "\\")
                    || EF.Functions.Like(r.Subject!, pattern, "\\")
                    || EF.Functions.Like(r.SenderAddress!, pattern, "\\"));
            }
        }

        return reports;
    }

    /// <summary>An FTS5 phrase: the term in double quotes, its own quotes doubled, so no character is query syntax.</summary>
    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IQueryable<AbuseReport> Order(IQueryable<AbuseReport> reports, TriageQuery query) => (query.Sort, query.Descending) switch
    {
        (TriageSort.State, false) => reports.OrderBy(r => r.State).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        (TriageSort.State, true) => reports.OrderByDescending(r => r.State).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
        (TriageSort.Reference, false) => reports.OrderBy(r => r.Reference),
        (TriageSort.Reference, true) => reports.OrderByDescending(r => r.Reference),
        (_, false) => reports.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        _ => reports.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
    };
}

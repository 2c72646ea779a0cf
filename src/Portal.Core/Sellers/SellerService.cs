using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Reports;
using Portal.Core.Triage;

namespace Portal.Core.Sellers;

/// <summary>
/// Sellers, their identifiers and the reports linked to them; suggestions from evidence (the likely seller of a
/// report, clusters of unlinked reports). Every change is appended to the audit log in the same save.
/// </summary>
public sealed class SellerService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Most reports one bulk link changes, as for the queue's other bulk actions.</summary>
    public const int MaxBulk = TriageQueue.MaxBulk;

    /// <summary>A cluster is at least this many unlinked reports sharing a value.</summary>
    public const int MinimumClusterSize = 2;

    public const int MaxClusterPageSize = 100;

    public async Task<SellerListPage> ListAsync(SellerQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sellers = db.Sellers.AsNoTracking();
        if (SearchTerms.Clean(query.Search, SellerQuery.SearchMaxLength) is { } term)
        {
            var pattern = SearchTerms.ContainsPattern(term);
            sellers = sellers.Where(s => EF.Functions.Like(s.Name, pattern, "\\")
                || db.SellerIdentifiers.Any(i => i.SellerId == s.Id && EF.Functions.Like(i.Value, pattern, "\\")));
        }

        var total = await sellers.CountAsync(cancellationToken);
        var rows = sellers.Select(s => new
        {
            s.Id,
            s.Name,
            s.State,
            OpenReports = db.AbuseReports.Count(r => r.SellerId == s.Id && (r.State == ReportState.Submitted || r.State == ReportState.InReview)),
            TotalReports = db.AbuseReports.Count(r => r.SellerId == s.Id),
            s.UpdatedAt,
        });
        rows = (query.Sort, query.Descending) switch
        {
            (SellerSort.OpenReports, false) => rows.OrderBy(r => r.OpenReports).ThenBy(r => r.Name),
            (SellerSort.OpenReports, true) => rows.OrderByDescending(r => r.OpenReports).ThenBy(r => r.Name),
            (SellerSort.TotalReports, false) => rows.OrderBy(r => r.TotalReports).ThenBy(r => r.Name),
            (SellerSort.TotalReports, true) => rows.OrderByDescending(r => r.TotalReports).ThenBy(r => r.Name),
            (SellerSort.Updated, false) => rows.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id),
            (SellerSort.Updated, true) => rows.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
            (_, true) => rows.OrderByDescending(r => r.Name).ThenByDescending(r => r.Id),
            _ => rows.OrderBy(r => r.Name).ThenBy(r => r.Id),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, SellerQuery.MaxPageSize);
        var list = await rows.Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new(list.Select(r => new SellerRow(r.Id, r.Name, r.State, r.OpenReports, r.TotalReports, r.UpdatedAt)).ToList(), total);
    }

    /// <summary>Sellers whose name or an identifier contains the text, by name: the pickers' suggestions.</summary>
    public async Task<IReadOnlyList<SellerChoice>> SearchAsync(string? text, int take, CancellationToken cancellationToken)
    {
        var page = await ListAsync(new SellerQuery(text, PageSize: take), cancellationToken);
        return page.Rows.Select(r => new SellerChoice(r.Id, r.Name, r.State)).ToList();
    }

    public async Task<SellerChange> CreateAsync(string? name, string? notes, TriageActor actor, CancellationToken cancellationToken)
    {
        name = Clean(name);
        notes = Clean(notes);
        if (name is null or { Length: > Seller.NameMaxLength } || notes is { Length: > Seller.NotesMaxLength })
        {
            return new(SellerResult.InvalidName);
        }

        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The audit entry names the new id, so the seller is saved first; one transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var seller = new Seller { Name = name, Notes = notes, CreatedAt = now, UpdatedAt = now };
        db.Sellers.Add(seller);
        await db.SaveChangesAsync(cancellationToken);
        db.AuditEntries.Add(Audit(actor, "seller.create", seller.Id, $"Created seller {seller.Id} \"{name}\"."));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(SellerResult.Done, seller.Id);
    }

    public async Task<SellerDetail?> GetAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (seller is null)
        {
            return null;
        }

        var identifiers = await db.SellerIdentifiers.AsNoTracking().Where(i => i.SellerId == sellerId)
            .OrderBy(i => i.Kind).ThenBy(i => i.Value).ToListAsync(cancellationToken);
        var actions = await db.SellerActions.AsNoTracking().Where(a => a.SellerId == sellerId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToListAsync(cancellationToken);
        var reports = await db.AbuseReports.AsNoTracking().Where(r => r.SellerId == sellerId)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new LinkedReport(r.Id, r.Reference, r.Subject, r.SenderAddress, r.State, r.Outcome, r.CreatedAt))
            .ToListAsync(cancellationToken);
        return new(seller, identifiers, actions, reports);
    }

    public async Task<SellerChange> AddIdentifierAsync(long sellerId, SellerIdentifierKind kind, string? raw, TriageActor actor, CancellationToken cancellationToken)
    {
        var (value, error) = IdentifierRules.Normalise(kind, raw);
        if (value is null)
        {
            return new(SellerResult.InvalidIdentifier, IdentifierError: error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (seller is null)
        {
            return SellerChange.NotFound;
        }

        if (await OwnerOfAsync(db, kind, value, cancellationToken) is { } owner)
        {
            return new(SellerResult.DuplicateIdentifier, owner.Id, Owner: owner.Name);
        }

        var now = Now;
        db.SellerIdentifiers.Add(new SellerIdentifier { SellerId = sellerId, Kind = kind, Value = value, AddedAt = now });
        seller.UpdatedAt = now;
        db.AuditEntries.Add(Audit(actor, "seller.identifier.add", sellerId, $"Added {kind} \"{value}\" to seller {sellerId}."));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another agent added the same identifier in the meantime: the unique index says so.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await OwnerOfAsync(fresh, kind, value, cancellationToken) is { } taken)
            {
                return new(SellerResult.DuplicateIdentifier, taken.Id, Owner: taken.Name);
            }

            throw;
        }

        return new(SellerResult.Done, sellerId);
    }

    public async Task<SellerChange> RemoveIdentifierAsync(long sellerId, long identifierId, TriageActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var identifier = await db.SellerIdentifiers.SingleOrDefaultAsync(i => i.Id == identifierId && i.SellerId == sellerId, cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (identifier is null || seller is null)
        {
            return SellerChange.NotFound;
        }

        db.SellerIdentifiers.Remove(identifier);
        seller.UpdatedAt = Now;
        db.AuditEntries.Add(Audit(actor, "seller.identifier.remove", sellerId, $"Removed {identifier.Kind} \"{identifier.Value}\" from seller {sellerId}."));
        await db.SaveChangesAsync(cancellationToken);
        return new(SellerResult.Done, sellerId);
    }

    /// <summary>Links the reports to the seller (moving any linked elsewhere), auditing each. Count: how many changed.</summary>
    public async Task<SellerChange> LinkAsync(IReadOnlyCollection<long> reportIds, long sellerId, TriageActor actor, CancellationToken cancellationToken)
    {
        if (reportIds.Count is 0 or > MaxBulk)
        {
            return new(SellerResult.NothingToDo);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (seller is null)
        {
            return SellerChange.NotFound;
        }

        var reports = await db.AbuseReports.Where(r => reportIds.Contains(r.Id) && (r.SellerId == null || r.SellerId != sellerId)).ToListAsync(cancellationToken);
        return new(SellerResult.Done, sellerId, Count: await LinkAsync(db, reports, seller, actor, cancellationToken));
    }

    /// <summary>Unlinks the reports from whatever seller they are linked to, auditing each.</summary>
    public async Task<SellerChange> UnlinkAsync(IReadOnlyCollection<long> reportIds, TriageActor actor, CancellationToken cancellationToken)
    {
        if (reportIds.Count is 0 or > MaxBulk)
        {
            return new(SellerResult.NothingToDo);
        }

        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reports = await db.AbuseReports.Where(r => reportIds.Contains(r.Id) && r.SellerId != null).ToListAsync(cancellationToken);
        foreach (var report in reports)
        {
            db.AuditEntries.Add(Audit(actor, "seller.unlink", null, $"Unlinked report {report.Reference} from seller {report.SellerId}.", $"report:{report.Reference}"));
            report.SellerId = null;
            report.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(SellerResult.Done, Count: reports.Count);
    }

    /// <summary>
    /// The report's seller, or the likely one: a seller with an identifier equal to the report's sender address,
    /// DKIM <c>d=</c> domain, sender or Return-Path domain, or claimed store (in that order of strength).
    /// </summary>
    public async Task<SellerLink?> LinkOfAsync(long reportId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.AbuseReports.AsNoTracking().Where(r => r.Id == reportId)
            .Select(r => new { r.SellerId, r.SenderAddress, r.DkimDomain, r.SenderDomain, r.ReturnPathDomain, r.ClaimedSeller })
            .SingleOrDefaultAsync(cancellationToken);
        if (report is null)
        {
            return null;
        }

        if (report.SellerId is { } linkedId)
        {
            var linked = await db.Sellers.AsNoTracking().Where(s => s.Id == linkedId).Select(s => new SellerChoice(s.Id, s.Name, s.State)).SingleAsync(cancellationToken);
            return new(reportId, linked, null, null, null);
        }

        (SellerIdentifierKind Kind, string? Value)[] candidates =
        [
            (SellerIdentifierKind.Address, IdentifierRules.ForMatching(SellerIdentifierKind.Address, report.SenderAddress)),
            (SellerIdentifierKind.DkimDomain, IdentifierRules.ForMatching(SellerIdentifierKind.DkimDomain, report.DkimDomain)),
            (SellerIdentifierKind.Domain, IdentifierRules.ForMatching(SellerIdentifierKind.Domain, report.SenderDomain)),
            (SellerIdentifierKind.Domain, IdentifierRules.ForMatching(SellerIdentifierKind.Domain, report.ReturnPathDomain)),
            (SellerIdentifierKind.StoreId, IdentifierRules.ForMatching(SellerIdentifierKind.StoreId, report.ClaimedSeller)),
        ];
        var values = candidates.Select(c => c.Value).OfType<string>().Distinct().ToList();
        var matches = await (
                from identifier in db.SellerIdentifiers.AsNoTracking()
                join seller in db.Sellers on identifier.SellerId equals seller.Id
                where values.Contains(identifier.Value)
                select new { identifier.Kind, identifier.Value, Seller = new SellerChoice(seller.Id, seller.Name, seller.State) })
            .ToListAsync(cancellationToken);
        foreach (var (kind, value) in candidates)
        {
            if (matches.FirstOrDefault(m => m.Kind == kind && m.Value == value) is { } match)
            {
                return new(reportId, null, match.Seller, kind, value);
            }
        }

        return new(reportId, null, null, null, null);
    }

    /// <summary>Unlinked reports grouped by one evidence field, largest groups first.</summary>
    public async Task<ClusterPage> ClustersAsync(ClusterKind kind, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = Unlinked(db, kind, value: null)
            .GroupBy(Key(kind))
            .Where(g => g.Count() >= MinimumClusterSize)
            .Select(g => new
            {
                Value = g.Key!,
                Reports = g.Count(),
                Open = g.Count(r => r.State == ReportState.Submitted || r.State == ReportState.InReview),
                Latest = g.Max(r => r.CreatedAt),
            });
        var total = await groups.CountAsync(cancellationToken);
        pageSize = Math.Clamp(pageSize, 1, MaxClusterPageSize);
        var rows = await groups.OrderByDescending(g => g.Reports).ThenBy(g => g.Value)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new(rows.Select(g => new ReportCluster(kind, g.Value, g.Reports, g.Open, g.Latest)).ToList(), total);
    }

    /// <summary>Links every still-unlinked report of the cluster to the seller.</summary>
    public async Task<SellerChange> LinkClusterAsync(ClusterKind kind, string value, long sellerId, TriageActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(s => s.Id == sellerId, cancellationToken);
        if (seller is null)
        {
            return SellerChange.NotFound;
        }

        var reports = await Unlinked(db, kind, value).ToListAsync(cancellationToken);
        if (reports.Count == 0)
        {
            return new(SellerResult.NothingToDo);
        }

        return new(SellerResult.Done, sellerId, Count: await LinkAsync(db, reports, seller, actor, cancellationToken));
    }

    private async Task<int> LinkAsync(PortalDbContext db, List<AbuseReport> reports, Seller seller, TriageActor actor, CancellationToken cancellationToken)
    {
        var now = Now;
        foreach (var report in reports)
        {
            report.SellerId = seller.Id;
            report.UpdatedAt = now;
            db.AuditEntries.Add(Audit(actor, "seller.link", null, $"Linked report {report.Reference} to seller {seller.Id} \"{seller.Name}\".", $"report:{report.Reference}"));
        }

        if (reports.Count > 0)
        {
            seller.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return reports.Count;
    }

    private static IQueryable<AbuseReport> Unlinked(PortalDbContext db, ClusterKind kind, string? value)
    {
        var reports = db.AbuseReports.Where(r => r.SellerId == null);
        return kind switch
        {
            ClusterKind.SenderDomain => value is null ? reports.Where(r => r.SenderDomain != null) : reports.Where(r => r.SenderDomain == value),
            ClusterKind.DkimDomain => value is null ? reports.Where(r => r.DkimDomain != null) : reports.Where(r => r.DkimDomain == value),
            ClusterKind.ReturnPathDomain => value is null ? reports.Where(r => r.ReturnPathDomain != null) : reports.Where(r => r.ReturnPathDomain == value),
            ClusterKind.OriginatingIp => value is null ? reports.Where(r => r.OriginatingIp != null) : reports.Where(r => r.OriginatingIp == value),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static Expression<Func<AbuseReport, string?>> Key(ClusterKind kind) => kind switch
    {
        ClusterKind.SenderDomain => r => r.SenderDomain,
        ClusterKind.DkimDomain => r => r.DkimDomain,
        ClusterKind.ReturnPathDomain => r => r.ReturnPathDomain,
        ClusterKind.OriginatingIp => r => r.OriginatingIp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static async Task<SellerChoice?> OwnerOfAsync(PortalDbContext db, SellerIdentifierKind kind, string value, CancellationToken cancellationToken) =>
        await (
                from identifier in db.SellerIdentifiers.AsNoTracking()
                join seller in db.Sellers on identifier.SellerId equals seller.Id
                where identifier.Kind == kind && identifier.Value == value
                select new SellerChoice(seller.Id, seller.Name, seller.State))
            .FirstOrDefaultAsync(cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private AuditEntry Audit(TriageActor actor, string action, long? sellerId, string summary, string? target = null) =>
        actor.Audit(Now, action, target ?? $"seller:{sellerId}", summary);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

using Portal.Core.Reports;

namespace Portal.Core.Sellers;

public enum SellerSort
{
    Name = 0,
    OpenReports = 1,
    TotalReports = 2,
    Updated = 3,
}

/// <summary>A page of the seller list. <see cref="Search"/> matches part of the name or of an identifier.</summary>
public sealed record SellerQuery(string? Search = null, SellerSort Sort = SellerSort.Name, bool Descending = false, int Page = 0, int PageSize = 25)
{
    public const int MaxPageSize = 100;
    public const int SearchMaxLength = 200;
}

public sealed record SellerRow(long Id, string Name, EnforcementState State, int OpenReports, int TotalReports, DateTime UpdatedAt);

public sealed record SellerListPage(IReadOnlyList<SellerRow> Rows, int Total);

/// <summary>A seller for a picker.</summary>
public sealed record SellerChoice(long Id, string Name, EnforcementState State)
{
    public override string ToString() => Name;
}

public sealed record LinkedReport(long Id, string Reference, string? Subject, string? SenderAddress, ReportState State, ReportOutcome Outcome, DateTime CreatedAt);

public sealed record SellerDetail(Seller Seller, IReadOnlyList<SellerIdentifier> Identifiers, IReadOnlyList<SellerAction> Actions, IReadOnlyList<LinkedReport> Reports);

public enum SellerResult
{
    Done,
    NotFound,
    /// <summary>The name is missing or too long, or the notes are too long.</summary>
    InvalidName,
    InvalidIdentifier,
    /// <summary>The identifier already belongs to this seller or another one (<see cref="SellerChange.Owner"/>).</summary>
    DuplicateIdentifier,
    ReasonRequired,
    ReasonTooLong,
    /// <summary>Nothing to do: no reports given, or more than a bulk action may change.</summary>
    NothingToDo,
}

public sealed record SellerChange(SellerResult Status, long? Id = null, IdentifierError IdentifierError = IdentifierError.None, string? Owner = null, int Count = 0)
{
    public static readonly SellerChange NotFound = new(SellerResult.NotFound);
}

/// <summary>The evidence field a cluster of unlinked reports shares.</summary>
public enum ClusterKind
{
    SenderDomain = 0,
    DkimDomain = 1,
    ReturnPathDomain = 2,
    OriginatingIp = 3,
}

public sealed record ReportCluster(ClusterKind Kind, string Value, int Reports, int OpenReports, DateTime Latest);

public sealed record ClusterPage(IReadOnlyList<ReportCluster> Rows, int Total);

/// <summary>The seller a report is linked to, or failing that, the seller one of its evidence values points at.</summary>
public sealed record SellerLink(long ReportId, SellerChoice? Linked, SellerChoice? Likely, SellerIdentifierKind? MatchedKind, string? MatchedValue);

/// <summary>What a decision would touch: the open linked reports and their distinct reporters.</summary>
public sealed record EnforcementPreview(int OpenReports, int Reporters);

public sealed record EnforcementResult(SellerResult Status, int ReportsResolved = 0, int ReportersNotified = 0);

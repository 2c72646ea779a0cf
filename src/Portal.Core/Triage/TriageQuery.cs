using Portal.Core.Audit;
using Portal.Core.Reports;

namespace Portal.Core.Triage;

public enum AssigneeFilter
{
    Anyone = 0,
    Me = 1,
    Unassigned = 2,
}

public enum TriageSort
{
    Received = 0,
    State = 1,
    Reference = 2,
}

/// <summary>The one-click presets of the queue.</summary>
public enum SavedView
{
    MyOpen = 0,
    Unassigned = 1,
    Overdue = 2,
}

/// <summary>What the queue shows: filters, search, order and page. Dates are UTC calendar days, both ends included.</summary>
public sealed record TriageQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int SearchMaxLength = 200;

    public ReportState? State { get; init; }

    /// <summary>Only Submitted and In review reports (the saved views; ignored when <see cref="State"/> is set).</summary>
    public bool OpenOnly { get; init; }

    public AssigneeFilter Assignee { get; init; }

    public int? IncidentId { get; init; }

    /// <summary>Only reports linked to this seller.</summary>
    public long? SellerId { get; init; }

    public DateOnly? ReceivedFrom { get; init; }

    public DateOnly? ReceivedTo { get; init; }

    /// <summary>Open reports whose first-response date has passed.</summary>
    public bool OverdueOnly { get; init; }

    /// <summary>Part of the reference, the subject or the sender address.</summary>
    public string? Search { get; init; }

    public TriageSort Sort { get; init; }

    public bool Descending { get; init; } = true;

    /// <summary>Zero-based page index.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public static TriageQuery For(SavedView view) => view switch
    {
        SavedView.MyOpen => new() { Assignee = AssigneeFilter.Me, OpenOnly = true },
        SavedView.Unassigned => new() { Assignee = AssigneeFilter.Unassigned, OpenOnly = true },
        SavedView.Overdue => new() { OverdueOnly = true, Sort = TriageSort.Received, Descending = false },
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
    };
}

public sealed record TriageRow(
    long Id,
    string Reference,
    string? Subject,
    string? SenderAddress,
    ReportState State,
    string? AssigneeId,
    string? AssigneeName,
    int? IncidentId,
    DateTime CreatedAt,
    DateTime? DueAt,
    bool Overdue,
    ReportPriority Priority);

/// <summary>One page of the queue, the total matching the query, and per state how many match its other filters (the tab counts).</summary>
public sealed record TriagePage(IReadOnlyList<TriageRow> Rows, int Total, IReadOnlyDictionary<ReportState, int> CountsByState);

/// <summary>The signed-in staff member as the audit log names them.</summary>
public sealed record TriageActor(string Id, string Name)
{
    /// <summary>The audit entry of an action this staff member took; a long summary is cut to the column's length.</summary>
    public AuditEntry Audit(DateTime at, string action, string target, string summary) => new()
    {
        At = at,
        ActorId = Id,
        ActorName = Name,
        Action = action,
        Target = target,
        Summary = summary.Length <= AuditEntry.SummaryMaxLength ? summary : summary[..AuditEntry.SummaryMaxLength],
    };
}

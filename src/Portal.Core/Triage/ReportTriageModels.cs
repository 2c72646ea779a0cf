using Portal.Core.Reports;

namespace Portal.Core.Triage;

/// <summary>What a staff action on one report came to; the page words each one.</summary>
public enum TriageResult
{
    Done,
    NotFound,
    /// <summary>Nothing to do: the value asked for is already the report's.</summary>
    Unchanged,
    /// <summary>The state change is not one of <see cref="ReportStates.NextStates"/>.</summary>
    IllegalTransition,
    ReasonRequired,
    TextRequired,
    TextTooLong,
    /// <summary>The reference is not one of an existing report (or not a reference at all).</summary>
    UnknownReference,
    /// <summary>A report cannot duplicate or be linked to itself.</summary>
    SameReport,
    /// <summary>Marking would close a loop of duplicates (the other report is, through others, a duplicate of this one).</summary>
    DuplicateCycle,
    /// <summary>The assignee is not an agent or admin.</summary>
    NotStaff,
}

/// <summary>Another report as the detail page names it.</summary>
public sealed record ReportRef(long Id, string Reference, ReportState State);

/// <summary>One timeline entry with the name of whoever did it (null: the system or an erased account).</summary>
public sealed record TimelineEntry(ReportEvent Event, string? ActorName);

/// <summary>An agent or admin, for the assign menu.</summary>
public sealed record StaffRef(string Id, string Name);

/// <summary>Everything the staff detail page of a report shows, internal notes included.</summary>
public sealed record ReportDetail(
    AbuseReport Report,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ReportMessageView> Messages,
    string? IncidentTitle,
    string? ReporterName,
    string? ReporterEmail,
    string ReporterLanguage,
    string? AssigneeName,
    ReportRef? DuplicateOf,
    IReadOnlyList<ReportRef> Duplicates,
    IReadOnlyList<ReportRef> Related,
    ReportRef? SameMessageAs,
    bool Overdue);

/// <summary>How a bulk state change went: how many moved, how many were skipped (no legal move, or gone).</summary>
public sealed record BulkStateResult(TriageResult Status, int Changed, int Skipped);

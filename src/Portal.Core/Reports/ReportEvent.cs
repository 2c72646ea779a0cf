namespace Portal.Core.Reports;

public enum ReportEventKind
{
    Submitted = 0,
    /// <summary>A comment by the reporter.</summary>
    Comment = 1,
    /// <summary>The reporter added another message (.eml).</summary>
    MessageAdded = 2,
    StateChanged = 3,
    OutcomeSet = 4,
    Withdrawn = 5,
    /// <summary>A message from staff to the reporter.</summary>
    Reply = 6,
    /// <summary>A staff note the reporter never sees.</summary>
    Note = 7,
    /// <summary>Staff only: the assignee changed (<see cref="ReportEvent.Text"/> names the new one; empty: nobody).</summary>
    Assigned = 8,
    /// <summary>Staff only: the priority changed (<see cref="ReportEvent.Text"/> is the new priority).</summary>
    PriorityChanged = 9,
    /// <summary>Staff only: marked as a duplicate of the report whose reference is the text; no text: unmarked.</summary>
    DuplicateMarked = 10,
    /// <summary>Staff only: linked to the related report whose reference is the text.</summary>
    Linked = 11,
    /// <summary>Staff only: the link to the related report whose reference is the text was removed.</summary>
    Unlinked = 12,
}

/// <summary>One entry of a report's timeline, visible to its reporter or internal to staff.</summary>
public class ReportEvent
{
    public const int TextMaxLength = 8000;

    public long Id { get; set; }

    public long ReportId { get; set; }

    public DateTime At { get; set; }

    public ReportEventKind Kind { get; set; }

    public bool ReporterVisible { get; set; }

    /// <summary>Free text: the comment, the reply, the note, the reason of a state change.</summary>
    public string? Text { get; set; }

    /// <summary>The state entered (for <see cref="ReportEventKind.StateChanged"/> and the terminal kinds).</summary>
    public ReportState? State { get; set; }

    public ReportOutcome? Outcome { get; set; }

    /// <summary>User id of the actor; null for the system.</summary>
    public string? ActorId { get; set; }

    /// <summary>True when the reporter did it (their own comments, messages and withdrawal).</summary>
    public bool ByReporter { get; set; }
}

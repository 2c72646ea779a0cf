namespace Portal.Core.Reports;

/// <summary>
/// Where a report is in its lifecycle: <c>Submitted → InReview → (ActionTaken | NoViolation | Duplicate) → Closed</c>,
/// or <c>Withdrawn</c> by its reporter while it is open. The outcome is kept apart (<see cref="ReportOutcome"/>).
/// </summary>
public enum ReportState
{
    Submitted = 0,
    InReview = 1,
    ActionTaken = 2,
    NoViolation = 3,
    Duplicate = 4,
    Closed = 5,
    Withdrawn = 6,
}

/// <summary>What was done about the seller, in words a reporter can read.</summary>
public enum ReportOutcome
{
    None = 0,
    SellerWarned = 1,
    SellerSuspended = 2,
    SellerBanned = 3,
    ReferredToLawEnforcement = 4,
    NoViolationFound = 5,
}

/// <summary>The legal transitions; anything else is refused.</summary>
public static class ReportStates
{
    private static readonly Dictionary<ReportState, ReportState[]> Allowed = new()
    {
        [ReportState.Submitted] = [ReportState.InReview, ReportState.ActionTaken, ReportState.NoViolation, ReportState.Duplicate, ReportState.Withdrawn],
        [ReportState.InReview] = [ReportState.ActionTaken, ReportState.NoViolation, ReportState.Duplicate, ReportState.Withdrawn],
        // A resolved report can be reopened (new evidence) or closed.
        [ReportState.ActionTaken] = [ReportState.Closed, ReportState.InReview],
        [ReportState.NoViolation] = [ReportState.Closed, ReportState.InReview],
        [ReportState.Duplicate] = [ReportState.Closed, ReportState.InReview],
        [ReportState.Closed] = [],
        [ReportState.Withdrawn] = [],
    };

    /// <summary>Open reports are still being worked on: their reporter may add information or withdraw them.</summary>
    public static bool IsOpen(ReportState state) => state is ReportState.Submitted or ReportState.InReview;

    /// <summary>States that end the work on a report (its closed date is set on entering one).</summary>
    public static bool IsFinished(ReportState state) => !IsOpen(state);

    public static bool CanMove(ReportState from, ReportState to) => Allowed[from].Contains(to);

    public static IReadOnlyList<ReportState> NextStates(ReportState from) => Allowed[from];
}

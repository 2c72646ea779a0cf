using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Core.Reports;

/// <summary>States, outcomes and timeline entries in plain words, the same in the pages and in the emails.</summary>
public static class ReportWording
{
    public static string State(this IStringLocalizer<ReportText> text, ReportState state) => text[$"State.{state}"];

    /// <summary>The outcome as a sentence with its date, e.g. "The seller was banned from the marketplace on 3 December 2026."</summary>
    public static string Outcome(this IStringLocalizer<ReportText> text, ReportOutcome outcome, DateTime? at) =>
        outcome == ReportOutcome.None ? text["Outcome.None"] : text[$"Outcome.{outcome}", Day(at)];

    public static string Event(this IStringLocalizer<ReportText> text, ReportEvent change) => change.Kind switch
    {
        ReportEventKind.StateChanged => text["Event.StateChanged", text.State(change.State ?? ReportState.Submitted)],
        ReportEventKind.OutcomeSet => text.Outcome(change.Outcome ?? ReportOutcome.None, change.At),
        ReportEventKind.Comment or ReportEventKind.MessageAdded => text[$"Event.{change.Kind}.{(change.ByReporter ? "Reporter" : "Staff")}"],
        _ => text[$"Event.{change.Kind}"],
    };

    /// <summary>A date as people write it in the current culture ("3 December 2026", "3 décembre 2026").</summary>
    public static string Day(DateTime? at) => at?.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) ?? "";
}

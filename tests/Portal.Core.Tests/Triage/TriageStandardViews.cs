using Portal.Core.Reports;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

/// <summary>
/// The views an agent uses every day: the default list, each state tab, the saved views, searches, the filters and
/// each sort. The query-plan test and the <c>triage-queue</c> benchmark (which links this file) run the same list.
/// </summary>
public static class TriageStandardViews
{
    public static IEnumerable<(string Name, TriageQuery Query)> All(int incidentId, DateOnly today)
    {
        yield return ("all", new TriageQuery());
        foreach (var state in Enum.GetValues<ReportState>())
        {
            yield return ($"state_{state}", new TriageQuery { State = state });
        }

        yield return ("my_open", TriageQuery.For(SavedView.MyOpen));
        yield return ("unassigned", TriageQuery.For(SavedView.Unassigned));
        yield return ("overdue", TriageQuery.For(SavedView.Overdue));
        yield return ("incident", new TriageQuery { IncidentId = incidentId });
        yield return ("last_7_days", new TriageQuery { ReceivedFrom = today.AddDays(-6), ReceivedTo = today });
        yield return ("sort_received_asc", new TriageQuery { Sort = TriageSort.Received, Descending = false });
        yield return ("sort_state_asc", new TriageQuery { Sort = TriageSort.State, Descending = false });
        yield return ("sort_state_desc", new TriageQuery { Sort = TriageSort.State, Descending = true });
        yield return ("sort_reference_asc", new TriageQuery { Sort = TriageSort.Reference, Descending = false });
        yield return ("sort_reference_desc", new TriageQuery { Sort = TriageSort.Reference, Descending = true });

        // Last: a contains-search reads the whole table, which pushes the other views' index pages out of the cache.
        yield return ("search_reference", new TriageQuery { Search = "AR-0000-00" });
        yield return ("search_sender", new TriageQuery { Search = "megasaver17" });
    }
}

using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Portal.Core.Data;
using Portal.Core.Incidents;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Triage;

/// <summary>
/// Every standard queue view's SQL, as EF generates it, explained by SQLite on a migrated file: each access to the
/// reports table is an index search, a scan of a covering index, or a walk in index order that stops at the page's
/// end; no view sorts the whole table. The portal never runs ANALYZE, so these
/// plans are the ones SQLite chooses on a production-sized file too.
/// </summary>
public sealed partial class TriageQueryPlanTests : IAsyncLifetime
{
    private readonly CommandRecorder recorder = new();
    private TestDatabase database = null!;
    private TriageQueue queue = null!;
    private int incidentId;

    public static IEnumerable<TheoryDataRow<string>> ViewNames => TriageStandardViews.All(1, new DateOnly(2026, 11, 28)).Select(v => new TheoryDataRow<string>(v.Name));

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("triage-plan");
        await using (var db = database.NewContext())
        {
            var incident = new Incident { Slug = "plan", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            incidentId = incident.Id;
        }

        var options = new DbContextOptionsBuilder<PortalDbContext>(database.ContextOptions).AddInterceptors(recorder).Options;
        queue = new TriageQueue(new PooledDbContextFactory<PortalDbContext>(options), TimeProvider.System);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [MemberData(nameof(ViewNames))]
    public async Task Each_standard_view_reads_the_reports_through_an_index_and_sorts_nothing_whole(string view)
    {
        var query = TriageStandardViews.All(incidentId, DateOnly.FromDateTime(DateTime.UtcNow)).Single(v => v.Name == view).Query;

        await queue.QueryAsync(query, "agent-id", TestContext.Current.CancellationToken);

        Assert.NotEmpty(recorder.Commands);
        foreach (var command in recorder.Commands)
        {
            var plan = await ExplainAsync(command);
            TestContext.Current.TestOutputHelper?.WriteLine(command.Sql + "\n" + string.Join("\n", plan) + "\n");
            // A scan is only allowed through an index: a covering one (counting the whole queue reads the narrowest
            // index, not the table), or in index order for a page that stops after its LIMIT.
            var limited = command.Sql.Contains("LIMIT", StringComparison.Ordinal);
            Assert.DoesNotContain(plan, line => IsScan(line)
                && !line.Contains(" USING COVERING INDEX ", StringComparison.Ordinal)
                && !(limited && line.Contains(" USING INDEX ", StringComparison.Ordinal) && !plan.Any(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal))));
            // Sorting is only allowed for rows an index search narrowed down, never for the whole table.
            Assert.False(plan.Any(line => line.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal)) && plan.Any(IsScan));
        }
    }

    /// <summary>
    /// A scan of a table or index. Two virtual-table "scans" read no table: the search's full-text table read by a
    /// MATCH (FTS5 marks it "M"; without one it would read every row), and json_each over the ids the search matched,
    /// which reads the query's parameter.
    /// </summary>
    private static bool IsScan(string line) =>
        line.StartsWith("SCAN ", StringComparison.Ordinal) && !FullTextMatch().IsMatch(line) && !ParameterList().IsMatch(line);

    [GeneratedRegex(@"^SCAN (?!AbuseReportSearch )\w+ VIRTUAL TABLE INDEX \d+:$")]
    private static partial Regex ParameterList();

    [GeneratedRegex(@"^SCAN AbuseReportSearch VIRTUAL TABLE INDEX \d+:M")]
    private static partial Regex FullTextMatch();

    private async Task<List<string>> ExplainAsync(RecordedCommand command)
    {
        await using var connection = new SqliteConnection(DatabaseRegistration.SqliteConnectionString(database.DatabaseOptions, database.Folder));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<RecordedCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(new(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return ValueTask.FromResult(result);
        }
    }
}

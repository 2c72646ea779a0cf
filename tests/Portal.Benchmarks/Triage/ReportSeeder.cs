using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Core.Reports;

namespace Portal.Benchmarks.Triage;

/// <summary>
/// <c>seed-reports</c>: fills a real, migrated SQLite file with a year of realistic abuse reports and their timelines
/// (raw ADO.NET, multi-row prepared inserts in one transaction, the table's indexes rebuilt afterwards). A file that
/// already holds the asked number of reports is reused as it is (migrated to the current model first).
/// </summary>
public static class ReportSeeder
{
    /// <summary>The staff the reports are assigned to; the first is the "me" of the benchmark's My open view.</summary>
    public static readonly string[] Staff = ["bench-agent-1", "bench-agent-2", "bench-agent-3", "bench-agent-4"];

    private const int Reporters = 2_000;
    private const int RowsPerStatement = 100;

    private static readonly string[] Sellers =
        ["Deal Galaxy", "MegaSaver", "PrimeOffers", "Shop Express", "Best Bargains", "Lucky Coupons", "Fashion Outlet", "Tech Discount", "Home Goods Direct", "Vita Pharma"];

    private static readonly string[] Products = ["watches", "sneakers", "headphones", "handbags", "vitamins", "phones", "perfume", "sunglasses"];

    private static readonly ReportState[] Finished = [ReportState.Closed, ReportState.ActionTaken, ReportState.NoViolation, ReportState.Duplicate, ReportState.Withdrawn];

    public static DbContextOptions<PortalDbContext> Options(string path) =>
        DatabaseRegistration.StandaloneOptions(new DatabaseOptions { ConnectionString = $"Data Source={path};Default Timeout=30" }, Path.GetDirectoryName(path)!);

    /// <summary>Returns the seconds spent seeding, or 0 when the file already held <paramref name="count"/> reports.</summary>
    public static async Task<double> EnsureAsync(string path, int count)
    {
        path = Path.GetFullPath(path);
        if (File.Exists(path))
        {
            await using var existing = new PortalDbContext(Options(path));
            await existing.Database.MigrateAsync();
            var held = await existing.AbuseReports.CountAsync();
            return held == count ? 0 : throw new InvalidOperationException($"{path} holds {held} reports, not {count}: delete it or choose another file.");
        }

        // Seeded under another name and renamed at the end, so an interrupted run leaves no half-filled file to reuse.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        File.Delete(partial);
        var clock = Stopwatch.StartNew();
        await SeedAsync(partial, count);
        SqliteConnection.ClearAllPools();
        File.Move(partial, path);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task SeedAsync(string path, int count)
    {
        await using var db = new PortalDbContext(Options(path));
        await db.Database.MigrateAsync();
        var now = DateTime.UtcNow;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        db.Users.AddRange(Staff.Select((id, i) => User(id, $"Agent {i + 1}", now)));
        db.Users.AddRange(Enumerable.Range(1, Reporters).Select(i => User($"bench-reporter-{i}", null, now)));
        var incidents = new[] { new Incident { Slug = "bench-leak", CreatedAt = now, UpdatedAt = now }, new Incident { Slug = "bench-second", CreatedAt = now, UpdatedAt = now } };
        db.Incidents.AddRange(incidents);
        await db.SaveChangesAsync();

        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // No ANALYZE: the portal never runs it, so the planner here decides as it would in production.
        // Rows are generated consistent (every event's report exists once both tables are written), so the
        // row-by-row foreign key checks are switched off; journal_mode=DELETE leaves one file to rename.
        Execute(connection, "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000; PRAGMA temp_store=MEMORY; PRAGMA threads=4;");
        // Inserting into bare tables and indexing once afterwards is several times faster than maintaining the indexes row by row.
        var indexes = IndexDefinitions(connection);
        foreach (var name in indexes.Keys)
        {
            Execute(connection, $"DROP INDEX \"{name}\";");
        }

        var phase = Stopwatch.StartNew();
        await using (var transaction = connection.BeginTransaction())
        {
            Insert(connection, transaction, count, now, incidents.Select(i => i.Id).ToArray());
            transaction.Commit();
        }

        Console.WriteLine($"rows written in {phase.Elapsed.TotalSeconds:F1} s");
        phase.Restart();
        foreach (var sql in indexes.Values)
        {
            Execute(connection, sql);
        }

        Console.WriteLine($"{indexes.Count} indexes built in {phase.Elapsed.TotalSeconds:F1} s");

        await db.Database.CloseConnectionAsync();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, int count, DateTime now, int[] incidentIds)
    {
        string[] reportColumns =
        [
            "Id", "Reference", "ReporterId", "Source", "State", "Outcome", "OutcomeAt", "IncidentId", "ClaimedSeller", "SenderAddress", "SenderDomain",
            "ReturnPathDomain", "DkimDomain", "OriginatingIp", "Subject", "MessageId", "MessageSha256", "AssigneeId", "DueAt", "CreatedAt", "UpdatedAt", "ClosedAt",
        ];
        string[] eventColumns = ["ReportId", "At", "Kind", "ReporterVisible", "Text", "State", "Outcome", "ActorId", "ByReporter"];
        using var reports = MultiRowInsert(connection, transaction, "AbuseReports", reportColumns);
        using var events = MultiRowInsert(connection, transaction, "ReportEvents", eventColumns);
        var reportRows = new RowBuffer(reports.Command, reportColumns.Length);
        var eventRows = new RowBuffer(events.Command, eventColumns.Length);
        var random = new Random(20261128);
        var year = TimeSpan.FromDays(365);
        for (var i = 0; i < count; i++)
        {
            // Ids grow with time, as they do in production; a few seconds of jitter within each slot.
            var created = now - year + TimeSpan.FromTicks(year.Ticks / count * i) + TimeSpan.FromSeconds(random.Next(20));
            var age = now - created;
            var state = PickState(random, age);
            var seller = random.Next(Sellers.Length * 20);
            var domain = $"{Sellers[seller % Sellers.Length].Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}{seller / Sellers.Length}.example";
            var respondedAt = state is ReportState.Submitted || (state is ReportState.Withdrawn && random.Next(2) == 0)
                ? (DateTime?)null
                : Min(created + TimeSpan.FromMinutes(10 + random.Next(48 * 60)), now);
            var closedAt = ReportStates.IsFinished(state) ? Min((respondedAt ?? created) + TimeSpan.FromMinutes(30 + random.Next(10 * 24 * 60)), now) : (DateTime?)null;
            var assignee = state is ReportState.Submitted or ReportState.InReview && random.Next(10) < 4 ? null : Staff[random.Next(Staff.Length)];
            var outcome = state switch
            {
                ReportState.ActionTaken => (ReportOutcome)(1 + random.Next(4)),
                ReportState.NoViolation => ReportOutcome.NoViolationFound,
                _ => ReportOutcome.None,
            };
            var reporter = $"bench-reporter-{1 + random.Next(Reporters)}";
            var id = i + 1L;

            reportRows.Add(
                id, Reference(i), reporter, random.Next(10) < 7 ? 0 : 1, (int)state, (int)outcome, outcome == ReportOutcome.None ? null : closedAt,
                random.Next(10) switch { < 7 => incidentIds[0], < 9 => incidentIds[1], _ => null }, Sellers[seller % Sellers.Length],
                $"offers{random.Next(100)}@{domain}", domain, "bounce." + domain, domain, $"203.0.{seller % 256}.{random.Next(256)}",
                $"{10 + random.Next(80)}% off {Products[random.Next(Products.Length)]} today only - order {random.Next(1_000_000):D6}",
                $"{id}.{random.Next()}@mail.{domain}", id.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), assignee, created.AddHours(24), created,
                closedAt ?? respondedAt ?? created, closedAt);

            if (respondedAt is { } responded)
            {
                var reply = random.Next(3) == 0;
                eventRows.Add(id, responded, (int)(reply ? ReportEventKind.Reply : ReportEventKind.StateChanged), 1, reply ? "Thank you, we are looking into it." : null,
                    reply ? null : (int)ReportState.InReview, null, assignee ?? Staff[0], 0);
            }
        }

        reportRows.Flush(connection, transaction, "AbuseReports", reportColumns);
        eventRows.Flush(connection, transaction, "ReportEvents", eventColumns);

        // The submission and the closing of each report follow from its row: written by SQLite itself, without
        // binding a parameter per value (most of the seeding time otherwise).
        Execute(connection, $"""
            INSERT INTO ReportEvents (ReportId, At, Kind, ReporterVisible, State, ActorId, ByReporter)
            SELECT Id, CreatedAt, {(int)ReportEventKind.Submitted}, 1, {(int)ReportState.Submitted}, ReporterId, 1 FROM AbuseReports;
            INSERT INTO ReportEvents (ReportId, At, Kind, ReporterVisible, State, Outcome, ActorId, ByReporter)
            SELECT Id, ClosedAt,
                CASE WHEN State = {(int)ReportState.Withdrawn} THEN {(int)ReportEventKind.Withdrawn} WHEN Outcome <> 0 THEN {(int)ReportEventKind.OutcomeSet} ELSE {(int)ReportEventKind.StateChanged} END,
                1, State, NULLIF(Outcome, 0),
                CASE WHEN State = {(int)ReportState.Withdrawn} THEN ReporterId ELSE COALESCE(AssigneeId, '{Staff[0]}') END,
                State = {(int)ReportState.Withdrawn}
            FROM AbuseReports WHERE ClosedAt IS NOT NULL;
            """, transaction);
    }

    /// <summary>Mostly finished reports, except among the last two weeks' (the working set of the queue).</summary>
    private static ReportState PickState(Random random, TimeSpan age)
    {
        var roll = random.Next(100);
        var open = age.TotalDays switch { < 2 => 90, < 14 => 40, _ => 3 };
        if (roll < open)
        {
            return roll < open / 2 ? ReportState.Submitted : ReportState.InReview;
        }

        return random.Next(100) switch
        {
            < 55 => Finished[0],
            < 75 => Finished[1],
            < 85 => Finished[2],
            < 92 => Finished[3],
            _ => Finished[4],
        };
    }

    /// <summary>A distinct reference per row in the real format, in no particular order.</summary>
    private static string Reference(int i)
    {
        // Multiplying by an odd constant modulo 2^40 is a bijection, so references are unique but not sequential.
        var value = (ulong)i * 0x9E3779B97UL & ((1UL << 40) - 1);
        Span<char> code = stackalloc char[8];
        for (var c = 7; c >= 0; c--)
        {
            code[c] = ReportReference.Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return $"AR-{code[..4]}-{code[4..]}";
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static ApplicationUser User(string id, string? name, DateTime now) => new()
    {
        Id = id,
        UserName = id + "@bench.example",
        NormalizedUserName = (id + "@bench.example").ToUpperInvariant(),
        Email = id + "@bench.example",
        NormalizedEmail = (id + "@bench.example").ToUpperInvariant(),
        EmailConfirmed = true,
        DisplayName = name,
        PreferredLanguage = "en",
        CreatedAt = now,
        SecurityStamp = Guid.NewGuid().ToString(),
    };

    private static Dictionary<string, string> IndexDefinitions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('AbuseReports', 'ReportEvents') AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        var indexes = new Dictionary<string, string>();
        while (reader.Read())
        {
            indexes[reader.GetString(0)] = reader.GetString(1);
        }

        return indexes;
    }

    private sealed record PreparedInsert(SqliteCommand Command) : IDisposable
    {
        public void Dispose() => Command.Dispose();
    }

    private static PreparedInsert MultiRowInsert(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, int rows = RowsPerStatement)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES " +
            string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"$p{r}_{c}")) + ")"));
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{r}_{c}", null));
            }
        }

        command.Prepare();
        return new PreparedInsert(command);
    }

    /// <summary>Collects rows and executes the prepared statement each time it holds a full statement's worth.</summary>
    private sealed class RowBuffer(SqliteCommand command, int width)
    {
        private int rows;

        public void Add(params object?[] values)
        {
            for (var c = 0; c < width; c++)
            {
                command.Parameters[(rows * width) + c].Value = values[c] ?? DBNull.Value;
            }

            if (++rows == RowsPerStatement)
            {
                command.ExecuteNonQuery();
                rows = 0;
            }
        }

        /// <summary>The last, partial statement's rows, one by one.</summary>
        public void Flush(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns)
        {
            if (rows == 0)
            {
                return;
            }

            using var single = MultiRowInsert(connection, transaction, table, columns, rows: 1);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    single.Command.Parameters[c].Value = command.Parameters[(r * width) + c].Value;
                }

                single.Command.ExecuteNonQuery();
            }

            rows = 0;
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}

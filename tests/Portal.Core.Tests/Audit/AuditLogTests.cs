using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Audit;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private AuditLog log = null!;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("audit");
        log = new AuditLog(database.Factory, clock);
        await using var db = database.NewContext();
        db.AuditEntries.AddRange(
            Entry(1, new DateTime(2026, 11, 20, 9, 0, 0), "ada-id", "Ada Admin", "incident.create", "incident:seller-leak"),
            Entry(2, new DateTime(2026, 11, 21, 23, 59, 0), "ada-id", "Ada Admin", "incident.publish", "incident:seller-leak"),
            Entry(3, new DateTime(2026, 11, 22, 0, 0, 0), "bob-id", "Bob Agent", "report.raw-download", "report:AR-7KQ2-M9XD"),
            Entry(4, new DateTime(2026, 11, 23, 8, 0, 0), null, "system", "exposure.import.cancelled", "incident:seller-leak"),
            Entry(5, new DateTime(2026, 11, 23, 8, 0, 0), "bob-id", "Bob Agent", "report.raw-download", "report:AR-AAAA-BBBB"));
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_filter_every_entry_comes_newest_first_with_the_total()
    {
        var page = await log.SearchAsync(new AuditFilter(), 0, 50, Token);

        Assert.Equal(5, page.Total);
        // Same instant: the later write first.
        Assert.Equal([5, 4, 3, 2, 1], page.Entries.Select(e => (int)e.Id));
    }

    [Fact]
    public async Task Paging_skips_and_takes_while_the_total_counts_every_match()
    {
        var second = await log.SearchAsync(new AuditFilter(), 2, 2, Token);

        Assert.Equal(5, second.Total);
        Assert.Equal([3, 2], second.Entries.Select(e => (int)e.Id));
    }

    [Theory]
    [InlineData("bob agent", null, null, null, new[] { 5, 3 })]
    [InlineData("ada-id", null, null, null, new[] { 2, 1 })]
    [InlineData(null, "incident.", null, null, new[] { 2, 1 })]
    [InlineData(null, null, "report", null, new[] { 5, 3 })]
    [InlineData(null, null, "report", "AR-7KQ2-M9XD", new[] { 3 })]
    [InlineData(null, null, null, "seller-leak", new[] { 4, 2, 1 })]
    [InlineData("  Ada ", " incident.publish ", " incident ", " seller-leak ", new[] { 2 })]
    [InlineData("nobody", null, null, null, new int[0])]
    public async Task Filters_on_who_action_and_record_combine(string? who, string? action, string? type, string? id, int[] expected)
    {
        var page = await log.SearchAsync(new AuditFilter(who, action, type, id), 0, 50, Token);

        Assert.Equal(expected, page.Entries.Select(e => (int)e.Id));
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task The_date_range_covers_whole_days_at_both_ends()
    {
        var page = await log.SearchAsync(new AuditFilter(From: new DateOnly(2026, 11, 21), To: new DateOnly(2026, 11, 22)), 0, 50, Token);

        Assert.Equal([3, 2], page.Entries.Select(e => (int)e.Id));
    }

    [Fact]
    public async Task A_range_ending_before_it_starts_is_invalid_and_matches_nothing()
    {
        var filter = new AuditFilter(From: new DateOnly(2026, 11, 23), To: new DateOnly(2026, 11, 20));

        var page = await log.SearchAsync(filter, 0, 50, Token);

        Assert.False(filter.IsValid);
        Assert.Equal(0, page.Total);
        Assert.Empty(page.Entries);
    }

    [Fact]
    public async Task The_csv_export_holds_the_matching_entries_newest_first_and_is_itself_audited()
    {
        await using (var db = database.NewContext())
        {
            db.AuditEntries.Add(Entry(6, new DateTime(2026, 11, 24, 10, 0, 0), "bob-id", "Bob Agent", "report.note", "report:AR-7KQ2-M9XD",
                summary: "=HYPERLINK(\"http://evil.example\"), \"quoted\""));
            await db.SaveChangesAsync(Token);
        }

        using var output = new StringWriter();
        await log.WriteCsvAsync(new AuditFilter(RecordType: "report", RecordId: "AR-7KQ2-M9XD"), "ada-id", "Ada Admin", output, Token);

        var lines = output.ToString().TrimEnd().Split("\r\n");
        Assert.Equal("at_utc,actor_id,actor,action,target,summary", lines[0]);
        // The formula is escaped with a leading quote, so a spreadsheet shows it as text.
        Assert.Equal("2026-11-24T10:00:00Z,bob-id,Bob Agent,report.note,report:AR-7KQ2-M9XD,\"'=HYPERLINK(\"\"http://evil.example\"\"), \"\"quoted\"\"\"", lines[1]);
        Assert.Equal("2026-11-22T00:00:00Z,bob-id,Bob Agent,report.raw-download,report:AR-7KQ2-M9XD,Entry 3", lines[2]);
        Assert.Equal(3, lines.Length);
        await using var check = database.NewContext();
        var export = await check.AuditEntries.SingleAsync(a => a.Action == AuditLog.ExportAction, Token);
        Assert.Equal(("ada-id", "Ada Admin", "audit", clock.GetUtcNow().UtcDateTime), (export.ActorId, export.ActorName, export.Target, export.At));
        Assert.Equal("Audit log exported as CSV (filter: type=report, id=AR-7KQ2-M9XD).", export.Summary);
    }

    private static AuditEntry Entry(long id, DateTime at, string? actorId, string actorName, string action, string target, string? summary = null) => new()
    {
        Id = id,
        At = DateTime.SpecifyKind(at, DateTimeKind.Utc),
        ActorId = actorId,
        ActorName = actorName,
        Action = action,
        Target = target,
        Summary = summary ?? $"Entry {id}",
    };
}

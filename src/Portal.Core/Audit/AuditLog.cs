using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Audit;

/// <summary>What the audit page filters on; every part is optional. Dates are whole UTC days, both inclusive.</summary>
public sealed record AuditFilter(
    string? Who = null,
    string? Action = null,
    string? RecordType = null,
    string? RecordId = null,
    DateOnly? From = null,
    DateOnly? To = null)
{
    /// <summary>A range that ends before it starts matches nothing; the page says so instead of asking.</summary>
    public bool IsValid => From is null || To is null || From <= To;
}

public sealed record AuditResults(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>Reads the append-only audit log (newest first) and exports it as CSV; the export is itself audited.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string ExportAction = "audit.export";
    public const int MaxPageSize = 100;

    public async Task<AuditResults> SearchAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var entries = await Newest(query)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return new AuditResults(entries, total);
    }

    /// <summary>Writes every matching entry (newest first) as CSV, after recording who exported what.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, string actorId, string? actorName, TextWriter output, CancellationToken cancellationToken)
    {
        await using (var audit = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            audit.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow().UtcDateTime,
                ActorId = actorId,
                ActorName = actorName,
                Action = ExportAction,
                Target = "audit",
                Summary = Truncate($"Audit log exported as CSV (filter: {Describe(filter)})."),
            });
            await audit.SaveChangesAsync(cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Spreadsheets run cells starting with = + - @ as formulas, and summaries quote user input: escape them.
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };
        await using var csv = new CsvWriter(output, configuration, leaveOpen: true);
        foreach (var header in (string[])["at_utc", "actor_id", "actor", "action", "target", "summary"])
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var entry in Newest(Filtered(db, filter)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(entry.ActorId);
            csv.WriteField(entry.ActorName);
            csv.WriteField(entry.Action);
            csv.WriteField(entry.Target);
            csv.WriteField(entry.Summary);
            await csv.NextRecordAsync();
        }
    }

    private static IQueryable<AuditEntry> Filtered(PortalDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!filter.IsValid)
        {
            return query.Where(_ => false);
        }

        if (Clean(filter.Who) is { } who)
        {
            var lowered = who.ToLowerInvariant();
            query = query.Where(a => a.ActorId == who || (a.ActorName != null && a.ActorName.ToLower().Contains(lowered)));
        }

        // A prefix, so "incident." finds every incident action.
        if (Clean(filter.Action) is { } action)
        {
            query = query.Where(a => a.Action.StartsWith(action));
        }

        var type = Clean(filter.RecordType);
        var id = Clean(filter.RecordId);
        if (type is not null && id is not null)
        {
            var target = $"{type}:{id}";
            query = query.Where(a => a.Target == target);
        }
        else if (type is not null)
        {
            var prefix = type + ":";
            query = query.Where(a => a.Target != null && a.Target.StartsWith(prefix));
        }
        else if (id is not null)
        {
            var suffix = ":" + id;
            query = query.Where(a => a.Target == id || (a.Target != null && a.Target.EndsWith(suffix)));
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At < end);
        }

        return query;
    }

    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> query) =>
        query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Describe(AuditFilter filter)
    {
        var parts = new List<string>();
        Add("who", Clean(filter.Who));
        Add("action", Clean(filter.Action));
        Add("type", Clean(filter.RecordType));
        Add("id", Clean(filter.RecordId));
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "none" : string.Join(", ", parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }
    }

    private static string Truncate(string summary) => summary.Length <= 2000 ? summary : summary[..2000];
}

using System.Collections.Concurrent;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>A confirmed import as this instance sees it live: waiting in the queue, or running with its latest numbers.</summary>
public sealed record LiveImport(long BatchId, bool Started, long ProcessedLines, long TotalLines, long Imported, DateTimeOffset? StartedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Lines per second since the import started, once there is something to measure.</summary>
    public double? LinesPerSecond => StartedAt is { } start && UpdatedAt > start && ProcessedLines > 0
        ? ProcessedLines / (UpdatedAt - start).TotalSeconds
        : null;
}

/// <summary>
/// The imports queued or running in this instance, with their progress between the persisted chunks. Pages poll it;
/// what it does not know (another instance's import, a finished one) they read from <see cref="ImportBatch"/>.
/// </summary>
public sealed class ImportProgressRegistry(TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, LiveImport> imports = new();

    /// <summary>False when the batch is already queued or running here, so a second confirmation does nothing.</summary>
    public bool TryQueue(long batchId, long totalLines) =>
        imports.TryAdd(batchId, new LiveImport(batchId, false, 0, totalLines, 0, null, clock.GetUtcNow()));

    public void Start(long batchId)
    {
        var now = clock.GetUtcNow();
        imports.AddOrUpdate(batchId, id => new LiveImport(id, true, 0, 0, 0, now, now), (_, live) => live with { Started = true, StartedAt = now, UpdatedAt = now });
    }

    /// <summary>Records progress synchronously on the importer's thread (<see cref="Progress{T}"/> would post it elsewhere).</summary>
    public IProgress<ImportProgress> ReporterFor(long batchId) => new Reporter(this, batchId);

    public LiveImport? Find(long batchId) => imports.TryGetValue(batchId, out var live) ? live : null;

    public void Remove(long batchId) => imports.TryRemove(batchId, out _);

    private void Report(long batchId, ImportProgress progress)
    {
        var now = clock.GetUtcNow();
        imports.AddOrUpdate(
            batchId,
            id => new LiveImport(id, true, progress.ProcessedLines, progress.TotalLines, progress.Imported, now, now),
            (_, live) => live with { ProcessedLines = progress.ProcessedLines, TotalLines = progress.TotalLines, Imported = progress.Imported, UpdatedAt = now });
    }

    private sealed class Reporter(ImportProgressRegistry registry, long batchId) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => registry.Report(batchId, value);
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// The audit entries of affected-list imports, the same for the browser and the command line: who (the batch's
/// uploader, or the command line), which incident, which file, and the counts.
/// </summary>
public sealed class ImportAuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string Imported = "exposure.import";
    public const string Failed = "exposure.import.failed";
    public const string Cancelled = "exposure.import.cancelled";
    public const string CommandLineActor = "command line";
    public const string SystemActor = "system";

    public Task ImportedAsync(long batchId) =>
        WriteAsync(batchId, Imported, batch => string.Create(CultureInfo.InvariantCulture,
            $"Import of {batch.FileName} (batch {batch.Id}): {batch.ImportedCount:N0} addresses added from {batch.TotalLines:N0} lines; {batch.DuplicateInFileCount:N0} duplicates in the file, {AlreadyImported(batch):N0} already imported, {batch.InvalidCount:N0} invalid lines."));

    public Task FailedAsync(long batchId, string reason) =>
        WriteAsync(batchId, Failed, batch => string.Create(CultureInfo.InvariantCulture, $"Import of {batch.FileName} (batch {batch.Id}) stopped ({reason}); its rows were removed."));

    public Task CancelledAsync(long batchId) =>
        WriteAsync(batchId, Cancelled, batch => string.Create(CultureInfo.InvariantCulture, $"Preview of {batch.FileName} (batch {batch.Id}, {batch.TotalLines:N0} lines) cancelled; nothing imported."));

    public Task ExpiredAsync(long batchId, TimeSpan after) =>
        WriteAsync(batchId, Cancelled, batch => string.Create(CultureInfo.InvariantCulture, $"Preview of {batch.FileName} (batch {batch.Id}) not confirmed within {after.TotalHours:N0} hours: cancelled, file deleted, nothing imported."), bySystem: true);

    /// <summary>Valid, distinct addresses of the file that the incident already had when they were imported.</summary>
    public static long AlreadyImported(ImportBatch batch) =>
        batch.State == ImportState.Completed ? batch.ValidCount - batch.DuplicateInFileCount - batch.ImportedCount : batch.AlreadyImportedCount;

    private async Task WriteAsync(long batchId, string action, Func<ImportBatch, string> summary, bool bySystem = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var batch = await db.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == batchId);
        var slug = await db.Incidents.Where(i => i.Id == batch.IncidentId).Select(i => i.Slug).SingleAsync();
        var actorId = bySystem ? null : batch.CreatedById;
        var actorName = bySystem ? SystemActor
            : actorId is null ? CommandLineActor
            : await db.Users.Where(u => u.Id == actorId).Select(u => u.Email).SingleOrDefaultAsync();
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            Target = $"incident:{slug}",
            Summary = summary(batch),
        });
        await db.SaveChangesAsync();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;

namespace Portal.Web.Features.Exposure;

public enum ConfirmOutcome
{
    Queued,
    AlreadyQueued,
    NotPreviewed,
    FileMissing,
}

/// <summary>A batch as its page shows it: the stored state, plus this instance's live progress when it runs the import.</summary>
public sealed record ImportBatchStatus(ImportBatch Batch, LiveImport? Live)
{
    public bool IsFinished => Batch.State is ImportState.Completed or ImportState.Failed or ImportState.Cancelled;

    public bool IsQueued => Batch.State == ImportState.Previewed && Live is { Started: false };

    public bool IsRunning => !IsFinished && (Batch.State == ImportState.Importing || Live is { Started: true });

    public bool AwaitsDecision => Batch.State == ImportState.Previewed && Live is null;

    public long ProcessedLines => Math.Max(Live?.ProcessedLines ?? 0, Batch.ProcessedLines);

    public long Imported => Math.Max(Live?.Imported ?? 0, Batch.ImportedCount);

    public double Fraction => ImportProgress.Of(ProcessedLines, Batch.TotalLines, Imported, Batch.ExpectedNewCount);
}

public sealed record ImportHistoryRow(ImportBatch Batch, string? UploadedBy);

/// <summary>
/// The browser import from upload to summary: the upload is streamed to a file and previewed off the circuit's
/// thread; a confirmed batch goes to <see cref="ImportQueue"/>, so the import runs whether or not its page stays open.
/// </summary>
public sealed class ImportWorkflow(
    ExposureImporter importer,
    ImportUploads uploads,
    ImportQueue queue,
    ImportProgressRegistry registry,
    ImportAuditLog audit,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<ExposureOptions> options,
    TimeProvider clock)
{
    public const int HistorySize = 50;

    /// <summary>Previews not confirmed within this time are cancelled: their files hold plain addresses.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(24);

    private const int MaxFileNameLength = 200;
    private const int CopyBufferSize = 1 << 16;
    private static readonly TimeSpan IncomingLifetime = TimeSpan.FromHours(1);

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<Incident?> FindIncidentAsync(int incidentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
    }

    /// <summary>
    /// Saves the upload (at most <see cref="MaxUploadBytes"/>) and previews it. A whole-file problem throws
    /// <see cref="AffectedListException"/> and leaves nothing behind: no file, no batch.
    /// </summary>
    public async Task<ImportPreview> UploadAndPreviewAsync(
        int incidentId, Stream content, string fileName, string? userId, IProgress<long>? received, CancellationToken cancellationToken)
    {
        var path = uploads.NewIncomingPath();
        try
        {
            await SaveAsync(content, path, received, cancellationToken);
            var name = Path.GetFileName(fileName);
            name = name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name;
            // The preview reads the whole file synchronously: on the thread pool, so the caller's circuit stays responsive.
            var preview = await Task.Run(() => importer.PreviewAsync(incidentId, path, name, userId, cancellationToken), cancellationToken);
            uploads.Adopt(path, preview.Batch.Id);
            return preview;
        }
        catch
        {
            ImportUploads.DeleteFile(path);
            throw;
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(long batchId)
    {
        var batch = await FindBatchAsync(batchId);
        if (batch is not { State: ImportState.Previewed })
        {
            return ConfirmOutcome.NotPreviewed;
        }

        if (!File.Exists(uploads.PathFor(batchId)))
        {
            return ConfirmOutcome.FileMissing;
        }

        if (!registry.TryQueue(batchId, batch.TotalLines))
        {
            return ConfirmOutcome.AlreadyQueued;
        }

        queue.Enqueue(batchId);
        return ConfirmOutcome.Queued;
    }

    /// <summary>Cancels a previewed batch that was not confirmed: nothing is imported and its file is deleted.</summary>
    public async Task<bool> CancelPreviewAsync(long batchId)
    {
        var batch = await FindBatchAsync(batchId);
        if (batch is not { State: ImportState.Previewed } || registry.Find(batchId) is not null)
        {
            return false;
        }

        await importer.CancelAsync(batchId, CancellationToken.None);
        uploads.Delete(batchId);
        await audit.CancelledAsync(batchId);
        return true;
    }

    public async Task<ImportBatchStatus?> StatusAsync(int incidentId, long batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId && b.IncidentId == incidentId, cancellationToken);
        return batch is null ? null : new ImportBatchStatus(batch, registry.Find(batchId));
    }

    /// <summary>The incident's latest import still running (here or on another instance), if any.</summary>
    public async Task<ImportBatch?> RunningImportAsync(int incidentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportBatches.AsNoTracking()
            .Where(b => b.IncidentId == incidentId && b.State == ImportState.Importing)
            .OrderByDescending(b => b.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public bool HasFile(long batchId) => File.Exists(uploads.PathFor(batchId));

    /// <summary>The first invalid lines of a previewed batch (read again from its file), or null when the file is gone.</summary>
    public async Task<IReadOnlyList<AffectedListLine>?> FirstInvalidLinesAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        var path = uploads.PathFor(batch.Id);
        if (!File.Exists(path))
        {
            return null;
        }

        return batch.InvalidCount == 0
            ? []
            : await Task.Run(() => ExposureImporter.InvalidLines(path, cancellationToken).Take(ImportPreview.InvalidLinesShown).ToList(), cancellationToken);
    }

    public async Task<IReadOnlyList<ImportHistoryRow>> HistoryAsync(int incidentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from batch in db.ImportBatches.AsNoTracking()
                where batch.IncidentId == incidentId
                join user in db.Users on batch.CreatedById equals user.Id into users
                from user in users.DefaultIfEmpty()
                orderby batch.CreatedAt descending, batch.Id descending
                select new { batch, user!.Email })
            .Take(HistorySize)
            .ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.batch.State == ImportState.Previewed && registry.Find(r.batch.Id) is not null))
        {
            // Confirmed and queued here: for the admin it is importing, though the service has not marked it yet.
            row.batch.State = ImportState.Importing;
        }

        return rows.Select(r => new ImportHistoryRow(r.batch, r.Email)).ToList();
    }

    /// <summary>
    /// Cancels previews left unconfirmed past <see cref="PreviewLifetime"/> and deletes files no import needs any
    /// more (their batch ended, or their upload was cut short by a crash).
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = await db.ImportBatches
            .Where(b => b.State == ImportState.Previewed && b.CreatedAt < now - PreviewLifetime)
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        foreach (var batchId in expired.Where(id => registry.Find(id) is null))
        {
            await importer.CancelAsync(batchId, cancellationToken);
            await audit.ExpiredAsync(batchId, PreviewLifetime);
        }

        var files = uploads.BatchIds().ToList();
        var needed = await db.ImportBatches
            .Where(b => files.Contains(b.Id) && (b.State == ImportState.Previewed || b.State == ImportState.Importing))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        foreach (var batchId in files.Except(needed).Where(id => registry.Find(id) is null))
        {
            uploads.Delete(batchId);
        }

        foreach (var file in uploads.IncomingOlderThan(now - IncomingLifetime))
        {
            ImportUploads.DeleteFile(file.FullName);
        }
    }

    private async Task<ImportBatch?> FindBatchAsync(long batchId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId);
    }

    private async Task SaveAsync(Stream content, string path, IProgress<long>? received, CancellationToken cancellationToken)
    {
        var buffer = new byte[CopyBufferSize];
        long total = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous);
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxUploadBytes)
            {
                throw new AffectedListException(AffectedListError.TooLarge, 0);
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received?.Report(total);
        }
    }
}

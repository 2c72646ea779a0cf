using System.Buffers.Binary;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Exposure;

/// <summary>
/// Imports an affected list in two passes over the file: a preview that counts (valid, invalid, duplicates in the
/// file, already imported) and stores nothing but the batch, then the import itself, in chunks, each a transaction.
/// An import that fails, is cancelled or is interrupted removes every row it wrote, so it can simply be run again.
/// </summary>
public sealed class ExposureImporter(
    IDbContextFactory<PortalDbContext> dbFactory,
    ExposureHasher hasher,
    IOptions<ExposureOptions> options,
    TimeProvider clock)
{
    private const int LookupChunk = 500;

    public async Task<ImportPreview> PreviewAsync(int incidentId, string path, string fileName, string? userId, CancellationToken cancellationToken)
    {
        var seen = new HashSet<UInt128>();
        var pending = new List<byte[]>(LookupChunk);
        var invalid = new List<AffectedListLine>();
        var batch = new ImportBatch
        {
            IncidentId = incidentId,
            FileName = Path.GetFileName(fileName),
            FileSize = new FileInfo(path).Length,
            CreatedById = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var line in AffectedListReader.Read(path, cancellationToken))
        {
            batch.TotalLines++;
            if (!line.IsValid)
            {
                batch.InvalidCount++;
                if (invalid.Count < ImportPreview.InvalidLinesShown)
                {
                    invalid.Add(line);
                }

                continue;
            }

            batch.ValidCount++;
            var hash = hasher.Hash(line.Address!);
            if (!seen.Add(BinaryPrimitives.ReadUInt128LittleEndian(hash)))
            {
                batch.DuplicateInFileCount++;
                continue;
            }

            pending.Add(hash);
            if (pending.Count == LookupChunk)
            {
                batch.AlreadyImportedCount += await CountImportedAsync(db, incidentId, pending, cancellationToken);
                pending.Clear();
            }
        }

        batch.AlreadyImportedCount += await CountImportedAsync(db, incidentId, pending, cancellationToken);
        if (batch.ValidCount == 0)
        {
            throw new AffectedListException(AffectedListError.NoValidLine, batch.TotalLines);
        }

        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        return new ImportPreview(batch, invalid);
    }

    /// <summary>Every invalid line with its number and reason, for the downloadable report.</summary>
    public static IEnumerable<AffectedListLine> InvalidLines(string path, CancellationToken cancellationToken) =>
        AffectedListReader.Read(path, cancellationToken).Where(line => !line.IsValid);

    public async Task<ImportBatch> ImportAsync(long batchId, string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == batchId, cancellationToken);
        if (batch.State != ImportState.Previewed)
        {
            throw new InvalidOperationException($"Import batch {batchId} is {batch.State}, not ready to import.");
        }

        batch.State = ImportState.Importing;
        batch.LastProgressAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await WriteRowsAsync(db, batch, path, progress, cancellationToken);
            batch.State = ImportState.Completed;
            batch.CompletedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            return batch;
        }
        catch (Exception error)
        {
            db.ChangeTracker.Clear();
            await RemoveRowsAsync(db, batchId);
            var cancelled = error is OperationCanceledException;
            await db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(
                set => set
                    .SetProperty(b => b.State, cancelled ? ImportState.Cancelled : ImportState.Failed)
                    .SetProperty(b => b.ImportedCount, 0)
                    .SetProperty(b => b.Error, cancelled ? null : error.GetType().Name)
                    .SetProperty(b => b.CompletedAt, clock.GetUtcNow().UtcDateTime),
                CancellationToken.None);
            throw;
        }
    }

    /// <summary>A previewed batch that will not be imported.</summary>
    public async Task CancelAsync(long batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.ImportBatches.Where(b => b.Id == batchId && b.State == ImportState.Previewed)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.State, ImportState.Cancelled), cancellationToken);
    }

    /// <summary>
    /// At start-up: imports left "Importing" by a crash lose their rows and are marked failed. Only those without
    /// progress for <see cref="ExposureOptions.StaleImportMinutes"/>, so another instance's running import is left alone.
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        var staleBefore = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.StaleImportMinutes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.ImportBatches
            .Where(b => b.State == ImportState.Importing && (b.LastProgressAt == null || b.LastProgressAt < staleBefore))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
        foreach (var batchId in interrupted)
        {
            await RemoveRowsAsync(db, batchId);
            await db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(
                set => set.SetProperty(b => b.State, ImportState.Failed).SetProperty(b => b.ImportedCount, 0).SetProperty(b => b.Error, "Interrupted"),
                cancellationToken);
        }

        return interrupted.Count;
    }

    private async Task WriteRowsAsync(PortalDbContext db, ImportBatch batch, string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var chunkSize = Math.Max(1, options.Value.ImportChunkSize);
        var chunk = new List<ImportRow>(chunkSize);
        var linesInChunk = 0;
        try
        {
            // Disposed inside the try: its disposal resets the connection's cache, so the connection must still be open.
            await using var writer = ExposedAddressWriter.For(db.Database.ProviderName, connection);
            foreach (var line in AffectedListReader.Read(path, cancellationToken))
            {
                linesInChunk++;
                if (line.IsValid)
                {
                    chunk.Add(new ImportRow(hasher.Hash(line.Address!), line.Language, line.Address!));
                }

                if (linesInChunk == chunkSize)
                {
                    await CommitChunkAsync(connection, writer, batch, chunk, linesInChunk, cancellationToken);
                    progress?.Report(new ImportProgress(batch.ProcessedLines, batch.TotalLines, batch.ImportedCount));
                    chunk.Clear();
                    linesInChunk = 0;
                }
            }

            if (linesInChunk > 0)
            {
                await CommitChunkAsync(connection, writer, batch, chunk, linesInChunk, cancellationToken);
            }

            progress?.Report(new ImportProgress(batch.ProcessedLines, batch.TotalLines, batch.ImportedCount));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One chunk, one transaction: its rows and the batch's progress commit together.</summary>
    private async Task CommitChunkAsync(
        DbConnection connection, ExposedAddressWriter writer, ImportBatch batch, List<ImportRow> chunk, int lines, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        writer.Enlist(transaction);
        batch.ImportedCount += writer.Write(batch.IncidentId, batch.Id, chunk);
        batch.ProcessedLines += lines;
        batch.LastProgressAt = clock.GetUtcNow().UtcDateTime;
        writer.SaveProgress(batch);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task RemoveRowsAsync(PortalDbContext db, long batchId)
    {
        var rows = db.ExposedAddresses.Where(e => e.ImportBatchId == batchId);
        await db.PendingNoticeAddresses.Where(p => rows.Any(r => r.Id == p.ExposedAddressId)).ExecuteDeleteAsync(CancellationToken.None);
        await rows.ExecuteDeleteAsync(CancellationToken.None);
    }

    private static async Task<long> CountImportedAsync(PortalDbContext db, int incidentId, List<byte[]> hashes, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await ExposedAddressWriter.CountExistingAsync(db.Database.ProviderName, db.Database.GetDbConnection(), incidentId, hashes, cancellationToken);
    }
}

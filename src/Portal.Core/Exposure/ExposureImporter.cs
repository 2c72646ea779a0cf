using System.Buffers.Binary;
using System.Data.Common;
using System.Threading.Channels;
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

        // A first import (the usual case) has nothing to compare against.
        var compare = await db.ExposedAddresses.AnyAsync(e => e.IncidentId == incidentId, cancellationToken);
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

            if (!compare)
            {
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
        try
        {
            // Disposed inside the try: it drops the staged addresses, so the connection must still be open.
            await using var staging = ImportStaging.Create(db.Database.ProviderName, connection);
            await StageAsync(connection, staging, batch, path, chunkSize, progress, cancellationToken);
            staging.Index();
            var ranges = staging.Ranges(chunkSize);
            for (var range = 0; range < ranges; range++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                batch.ImportedCount += staging.Merge(batch.IncidentId, batch.Id, range, ranges, transaction);
                await SaveProgressAsync(connection, transaction, batch, cancellationToken);
                progress?.Report(new ImportProgress(batch.ProcessedLines, batch.TotalLines, batch.ImportedCount, batch.ExpectedNewCount));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Reads and normalises the file on one thread and hashes it on another while this one writes the rows into the staging table;
    /// each chunk of lines commits with the progress it made.
    /// </summary>
    private async Task StageAsync(
        DbConnection connection, ImportStaging staging, ImportBatch batch, string path, int chunkSize, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var read = Channel.CreateBounded<ReadLines>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var channel = Channel.CreateBounded<HashedLines>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Reading and hashing take about as long each: two threads, so they keep pace with the writer.
        var reader = Task.WhenAll(
            Task.Run(() => ReadLinesAsync(path, read.Writer, stop.Token), CancellationToken.None),
            Task.Run(() => HashLinesAsync(read.Reader, channel.Writer, stop), CancellationToken.None));
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            staging.Enlist(transaction);
            var linesInChunk = 0;
            await foreach (var lines in channel.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in lines.Rows)
                {
                    staging.Add(row);
                }

                linesInChunk += lines.Lines;
                if (linesInChunk >= chunkSize)
                {
                    batch.ProcessedLines += linesInChunk;
                    linesInChunk = 0;
                    staging.Flush();
                    await SaveProgressAsync(connection, transaction, batch, cancellationToken);
                    await transaction.DisposeAsync();
                    transaction = await connection.BeginTransactionAsync(cancellationToken);
                    staging.Enlist(transaction);
                    progress?.Report(new ImportProgress(batch.ProcessedLines, batch.TotalLines, batch.ImportedCount, batch.ExpectedNewCount));
                }
            }

            // The reader's own failure (a file that turned out unreadable, a cancellation) surfaces here.
            await reader;
            batch.ProcessedLines += linesInChunk;
            staging.Flush();
            await SaveProgressAsync(connection, transaction, batch, cancellationToken);
        }
        catch
        {
            // This side failed first: stop the reader and wait for it, its own cancellation being no news.
            await stop.CancelAsync();
            await reader.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    private static async Task ReadLinesAsync(string path, ChannelWriter<ReadLines> writer, CancellationToken cancellationToken)
    {
        try
        {
            var valid = new List<AffectedListLine>(HashedLines.Size);
            var lines = 0;
            foreach (var line in AffectedListReader.Read(path, cancellationToken))
            {
                lines++;
                if (line.IsValid)
                {
                    valid.Add(line);
                }

                if (lines == HashedLines.Size)
                {
                    await writer.WriteAsync(new ReadLines(valid, lines), cancellationToken);
                    valid = new List<AffectedListLine>(HashedLines.Size);
                    lines = 0;
                }
            }

            if (lines > 0)
            {
                await writer.WriteAsync(new ReadLines(valid, lines), cancellationToken);
            }
        }
        finally
        {
            writer.Complete();
        }
    }

    /// <summary>Hashes what <see cref="ReadLinesAsync"/> read; if it fails, it stops the reader, which would otherwise wait on it forever.</summary>
    private async Task HashLinesAsync(ChannelReader<ReadLines> reader, ChannelWriter<HashedLines> writer, CancellationTokenSource stop)
    {
        var cancellationToken = stop.Token;
        try
        {
            await foreach (var read in reader.ReadAllAsync(cancellationToken))
            {
                var rows = new List<ImportRow>(read.Valid.Count);
                foreach (var line in read.Valid)
                {
                    rows.Add(ImportRow.Pack(hasher, line.Address!, line.Language));
                }

                await writer.WriteAsync(new HashedLines(rows, read.Lines), cancellationToken);
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            writer.Complete();
        }
    }

    /// <summary>Records the batch's progress (and heartbeat) in <paramref name="transaction"/>, then commits it.</summary>
    private async Task SaveProgressAsync(DbConnection connection, DbTransaction transaction, ImportBatch batch, CancellationToken cancellationToken)
    {
        batch.LastProgressAt = clock.GetUtcNow().UtcDateTime;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE ImportBatches SET ProcessedLines = @processed, ImportedCount = @imported, LastProgressAt = @at WHERE Id = @batch";
        foreach (var (name, value) in new (string, object?)[] { ("@processed", batch.ProcessedLines), ("@imported", batch.ImportedCount), ("@at", batch.LastProgressAt), ("@batch", batch.Id) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
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
        return await ImportStaging.CountExistingAsync(db.Database.GetDbConnection(), incidentId, hashes, cancellationToken);
    }
}

/// <summary>A run of consecutive lines of the file, <see cref="Lines"/> of them, with the valid ones.</summary>
internal sealed record ReadLines(List<AffectedListLine> Valid, int Lines);

/// <summary>A run of consecutive lines of the file, <see cref="Lines"/> of them, with the valid ones hashed.</summary>
internal sealed record HashedLines(List<ImportRow> Rows, int Lines)
{
    public const int Size = 1024;
}

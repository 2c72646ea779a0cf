using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;

namespace Portal.Benchmarks.Exposure;

/// <summary>
/// exposure-import: 1,000,000 addresses through the real importer into SQLite, against a bare load of the same
/// hashes (one transaction, one prepared insert, the index built afterwards) in the same run.
/// </summary>
public static class ExposureImportBenchmark
{
    private const int Addresses = 1_000_000;

    public static async Task<BenchmarkResult> RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-import-");
        try
        {
            var file = Path.Combine(folder.FullName, "affected.csv");
            await WriteListAsync(file);
            var hasher = new ExposureHasher(RandomNumberGenerator.GetBytes(32));

            var (previewSeconds, importSeconds) = await RealImportAsync(folder.FullName, file, hasher);
            var peakWorkingSetMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var bareSeconds = await BareLoadAsync(folder.FullName, file, hasher);

            return new BenchmarkResult(
                "exposure-import",
                new Dictionary<string, double>
                {
                    ["addresses"] = Addresses,
                    ["seconds"] = Math.Round(importSeconds, 3),
                    ["preview_seconds"] = Math.Round(previewSeconds, 3),
                    ["addresses_per_s"] = Math.Round(Addresses / importSeconds),
                    ["bare_seconds"] = Math.Round(bareSeconds, 3),
                    ["peak_working_set_mb"] = Math.Round(peakWorkingSetMb, 1),
                },
                new Dictionary<string, double> { ["vs_bare_load"] = Math.Round(bareSeconds / importSeconds, 3) });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task WriteListAsync(string path)
    {
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("email,language");
        for (var i = 0; i < Addresses; i++)
        {
            await writer.WriteLineAsync($"Customer.{i}@Example{i % 997}.com,{(i % 3 == 0 ? "fr" : "en")}");
        }
    }

    private static async Task<(double Preview, double Import)> RealImportAsync(string folder, string file, ExposureHasher hasher)
    {
        var contextOptions = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = Path.Combine(folder, "real") }, folder);
        await using (var db = new PortalDbContext(contextOptions))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            db.Incidents.Add(new Incident { Slug = "bench" });
            await db.SaveChangesAsync();
        }

        var importer = new ExposureImporter(
            new PooledDbContextFactory<PortalDbContext>(contextOptions), hasher, Options.Create(new ExposureOptions()), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var preview = await importer.PreviewAsync(1, file, "affected.csv", null, CancellationToken.None);
        var previewSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var batch = await importer.ImportAsync(preview.Batch.Id, file, null, CancellationToken.None);
        var importSeconds = clock.Elapsed.TotalSeconds;
        if (batch.ImportedCount != Addresses)
        {
            throw new InvalidOperationException($"Imported {batch.ImportedCount}, expected {Addresses}.");
        }

        return (previewSeconds, importSeconds);
    }

    private static async Task<double> BareLoadAsync(string folder, string file, ExposureHasher hasher)
    {
        var hashes = AffectedListReader.Read(file).Select(line => hasher.Hash(line.Address!)).ToList();

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "bare.db")}");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Exposed (Id INTEGER PRIMARY KEY, IncidentId INTEGER NOT NULL, AddressHash BLOB NOT NULL);";
            await setup.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Exposed (IncidentId, AddressHash) VALUES (1, $hash)";
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            insert.Prepare();
            foreach (var value in hashes)
            {
                hash.Value = value;
                insert.ExecuteNonQuery();
            }

            await using var index = connection.CreateCommand();
            index.CommandText = "CREATE UNIQUE INDEX IX_Exposed ON Exposed (AddressHash, IncidentId)";
            await index.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        return clock.Elapsed.TotalSeconds;
    }
}

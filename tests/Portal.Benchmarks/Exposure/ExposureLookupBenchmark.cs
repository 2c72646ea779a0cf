using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;

namespace Portal.Benchmarks.Exposure;

/// <summary>
/// exposure-lookup: with 10,000,000 affected rows in SQLite, the p99 latency of the real lookup (normalise, hash,
/// query through EF) against a bare indexed lookup of the same hashes on an open connection, in the same run.
/// </summary>
public static class ExposureLookupBenchmark
{
    private const int AffectedRows = 10_000_000;
    private const int Lookups = 20_000;
    private const int SeedRowsPerStatement = 200;

    public static async Task<BenchmarkResult> RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-lookup-");
        try
        {
            var hasher = new ExposureHasher(RandomNumberGenerator.GetBytes(32));
            var contextOptions = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
            var seedSeconds = await SeedAsync(contextOptions, hasher);

            // Half affected, half not, in a fixed shuffled order shared by both runs.
            var random = new Random(42);
            var addresses = Enumerable.Range(0, Lookups)
                .Select(i => i % 2 == 0 ? Address(random.Next(AffectedRows)) : $"Someone.Else{i}@Example.org")
                .ToArray();

            var lookup = new ExposureLookup(new PooledDbContextFactory<PortalDbContext>(contextOptions), hasher);
            var bareConnection = DatabaseRegistration.SqliteConnectionString(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
            await WarmUpAsync(lookup, addresses);
            var real = await MeasureAsync(addresses, address => lookup.IncidentsExposingAsync(address, CancellationToken.None));
            var bare = await MeasureBareAsync(bareConnection, addresses.Select(a => hasher.Hash(AddressNormalizer.Normalize(a).Value!)).ToArray());

            return new BenchmarkResult(
                "exposure-lookup",
                new Dictionary<string, double>
                {
                    ["affected_rows"] = AffectedRows,
                    ["lookups"] = Lookups,
                    ["seed_seconds"] = Math.Round(seedSeconds, 1),
                    ["p50_us"] = Math.Round(Percentile(real, 0.50), 1),
                    ["p99_us"] = Math.Round(Percentile(real, 0.99), 1),
                    ["bare_p50_us"] = Math.Round(Percentile(bare, 0.50), 1),
                    ["bare_p99_us"] = Math.Round(Percentile(bare, 0.99), 1),
                },
                new Dictionary<string, double> { ["p99_vs_bare"] = Math.Round(Percentile(real, 0.99) / Percentile(bare, 0.99), 3) });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static string Address(int i) => $"Customer.{i}@Example{i % 997}.com";

    /// <summary>Seeding is not what is measured: the index is dropped, rows go in by multi-row statements, the index is rebuilt.</summary>
    private static async Task<double> SeedAsync(DbContextOptions<PortalDbContext> contextOptions, ExposureHasher hasher)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new PortalDbContext(contextOptions);
        await db.Database.MigrateAsync();
        db.Incidents.Add(new Incident { Slug = "bench" });
        await db.SaveChangesAsync();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; DROP INDEX IX_ExposedAddresses_AddressHash_IncidentId;");
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, NoticeStatus) VALUES " +
                string.Join(", ", Enumerable.Range(0, SeedRowsPerStatement).Select(i => $"(1, $h{i}, 0, 0)"));
            var parameters = Enumerable.Range(0, SeedRowsPerStatement).Select(i => insert.Parameters.Add($"$h{i}", SqliteType.Blob)).ToArray();
            for (var start = 0; start < AffectedRows; start += SeedRowsPerStatement)
            {
                for (var i = 0; i < SeedRowsPerStatement; i++)
                {
                    parameters[i].Value = hasher.Hash(AddressNormalizer.Normalize(Address(start + i)).Value!);
                }

                insert.ExecuteNonQuery();
            }

            await transaction.CommitAsync();
        }

        Execute(connection, "CREATE UNIQUE INDEX IX_ExposedAddresses_AddressHash_IncidentId ON ExposedAddresses (AddressHash, IncidentId); PRAGMA synchronous=FULL;");
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task WarmUpAsync(ExposureLookup lookup, string[] addresses)
    {
        foreach (var address in addresses.Take(2_000))
        {
            await lookup.IncidentsExposingAsync(address, CancellationToken.None);
        }
    }

    private static async Task<double[]> MeasureAsync(string[] addresses, Func<string, Task<IReadOnlyList<int>>> lookup)
    {
        var micros = new double[addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await lookup(addresses[i]);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if ((result.Count == 1) != (i % 2 == 0))
            {
                throw new InvalidOperationException($"Wrong answer for {addresses[i]}.");
            }
        }

        return micros;
    }

    private static async Task<double[]> MeasureBareAsync(string connectionString, byte[][] hashes)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT IncidentId FROM ExposedAddresses WHERE AddressHash = $hash";
        var hash = query.Parameters.Add("$hash", SqliteType.Blob);
        query.Prepare();
        var micros = new double[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            hash.Value = hashes[i];
            await using var reader = await query.ExecuteReaderAsync();
            var found = 0;
            while (await reader.ReadAsync())
            {
                found++;
            }

            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if ((found == 1) != (i % 2 == 0))
            {
                throw new InvalidOperationException("Wrong bare answer.");
            }
        }

        return micros;
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

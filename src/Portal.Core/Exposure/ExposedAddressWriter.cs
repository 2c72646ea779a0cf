using System.Data;
using System.Data.Common;
using System.Text;

namespace Portal.Core.Exposure;

/// <summary>
/// The import's hot path: prepared, provider-specific statements that insert an address hash unless the incident
/// already has it, and stage the plain address for the notice. EF would track a million entities; this does not.
/// </summary>
internal sealed class ExposedAddressWriter : IAsyncDisposable
{
    private const string SqliteInsert =
        "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) " +
        "VALUES ($incident, $hash, $batch, $language, 0) ON CONFLICT DO NOTHING RETURNING Id";

    private const string SqlServerInsert =
        "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) OUTPUT INSERTED.Id " +
        "SELECT @incident, @hash, @batch, @language, 0 WHERE NOT EXISTS " +
        "(SELECT 1 FROM ExposedAddresses WITH (UPDLOCK, HOLDLOCK) WHERE AddressHash = @hash AND IncidentId = @incident)";

    private readonly char prefix;
    private readonly DbCommand insert;
    private readonly DbCommand stage;
    private readonly DbCommand saveProgress;

    private ExposedAddressWriter(DbConnection connection, bool sqlServer)
    {
        this.connection = connection;
        this.sqlServer = sqlServer;
        prefix = sqlServer ? '@' : '$';
        insert = Command(connection, sqlServer ? SqlServerInsert : SqliteInsert, ("incident", DbType.Int32), ("hash", DbType.Binary), ("batch", DbType.Int64), ("language", DbType.String));
        stage = Command(connection, $"INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) VALUES ({prefix}id, {prefix}address)", ("id", DbType.Int64), ("address", DbType.String));
        saveProgress = Command(connection,
            $"UPDATE ImportBatches SET ProcessedLines = {prefix}processed, ImportedCount = {prefix}imported, LastProgressAt = {prefix}at WHERE Id = {prefix}batch",
            ("processed", DbType.Int64), ("imported", DbType.Int64), ("at", DbType.DateTime), ("batch", DbType.Int64));
    }

    /// <summary>SQLite's default 2 MB page cache makes random inserts into the hash index read pages back again and again.</summary>
    private const int SqliteImportCacheKib = 64 * 1024;

    private const int SqliteDefaultCacheKib = 2000;

    private readonly DbConnection connection;
    private readonly bool sqlServer;

    public static ExposedAddressWriter For(string? providerName, DbConnection connection)
    {
        var writer = new ExposedAddressWriter(connection, providerName?.Contains("SqlServer", StringComparison.Ordinal) == true);
        writer.SetSqliteCache(SqliteImportCacheKib);
        return writer;
    }

    public void Enlist(DbTransaction transaction)
    {
        insert.Transaction = transaction;
        stage.Transaction = transaction;
        saveProgress.Transaction = transaction;
    }

    /// <summary>True when the address was new for the incident (and is now staged for its notice).</summary>
    public bool TryInsert(int incidentId, long batchId, byte[] hash, string? language, string address)
    {
        insert.Parameters[0].Value = incidentId;
        insert.Parameters[1].Value = hash;
        insert.Parameters[2].Value = batchId;
        insert.Parameters[3].Value = (object?)language ?? DBNull.Value;
        if (insert.ExecuteScalar() is not { } id || id is DBNull)
        {
            return false;
        }

        stage.Parameters[0].Value = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        stage.Parameters[1].Value = address;
        stage.ExecuteNonQuery();
        return true;
    }

    public async Task SaveProgressAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        saveProgress.Parameters[0].Value = batch.ProcessedLines;
        saveProgress.Parameters[1].Value = batch.ImportedCount;
        saveProgress.Parameters[2].Value = batch.LastProgressAt;
        saveProgress.Parameters[3].Value = batch.Id;
        await saveProgress.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many of these hashes the incident already has.</summary>
    public static async Task<long> CountExistingAsync(string? providerName, DbConnection connection, int incidentId, IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0)
        {
            return 0;
        }

        var prefix = providerName?.Contains("SqlServer", StringComparison.Ordinal) == true ? '@' : '$';
        var sql = new StringBuilder($"SELECT COUNT(*) FROM ExposedAddresses WHERE IncidentId = {prefix}incident AND AddressHash IN (");
        await using var command = connection.CreateCommand();
        AddParameter(command, "incident", DbType.Int32).Value = incidentId;
        for (var i = 0; i < hashes.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(prefix).Append('h').Append(i);
            AddParameter(command, $"h{i}", DbType.Binary).Value = hashes[i];
        }

        command.CommandText = sql.Append(')').ToString();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // The connection goes back to the pool: give back the larger cache.
        SetSqliteCache(SqliteDefaultCacheKib);
        await insert.DisposeAsync();
        await stage.DisposeAsync();
        await saveProgress.DisposeAsync();
    }

    private void SetSqliteCache(int kib)
    {
        if (sqlServer)
        {
            return;
        }

        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA cache_size = -{kib}";
        pragma.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            AddParameter(command, name, type);
        }

        return command;
    }

    private static DbParameter AddParameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

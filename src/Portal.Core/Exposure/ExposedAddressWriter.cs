using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Portal.Core.Exposure;

/// <summary>One valid line of an import, hashed, waiting to be written.</summary>
internal readonly record struct ImportRow(byte[] Hash, string? Language, string Address);

/// <summary>
/// The import's hot path: multi-row, provider-specific statements that insert address hashes the incident does not
/// have yet and stage their plain addresses for the notice. EF would track a million entities; this does not.
/// </summary>
internal sealed class ExposedAddressWriter : IAsyncDisposable
{
    /// <summary>Rows per INSERT statement: few statements, well under both providers' parameter limits.</summary>
    private const int RowsPerStatement = 100;

    /// <summary>SQLite's default 2 MB page cache makes random inserts into the hash index read pages back again and again.</summary>
    private const int SqliteImportCacheKib = 64 * 1024;

    private const int SqliteDefaultCacheKib = 2000;

    private readonly DbConnection connection;
    private readonly bool sqlServer;
    private readonly char prefix;
    private readonly DbCommand saveProgress;
    private readonly Dictionary<int, DbCommand> inserts = [];
    private readonly Dictionary<int, DbCommand> stages = [];
    private DbTransaction? transaction;

    private ExposedAddressWriter(DbConnection connection, bool sqlServer)
    {
        this.connection = connection;
        this.sqlServer = sqlServer;
        prefix = sqlServer ? '@' : '$';
        saveProgress = Command(
            $"UPDATE ImportBatches SET ProcessedLines = {prefix}processed, ImportedCount = {prefix}imported, LastProgressAt = {prefix}at WHERE Id = {prefix}batch",
            ("processed", DbType.Int64), ("imported", DbType.Int64), ("at", DbType.DateTime), ("batch", DbType.Int64));
    }

    public static ExposedAddressWriter For(string? providerName, DbConnection connection)
    {
        var writer = new ExposedAddressWriter(connection, providerName?.Contains("SqlServer", StringComparison.Ordinal) == true);
        writer.SetSqliteCache(SqliteImportCacheKib);
        return writer;
    }

    public void Enlist(DbTransaction current)
    {
        transaction = current;
        saveProgress.Transaction = current;
        foreach (var command in inserts.Values.Concat(stages.Values))
        {
            command.Transaction = current;
        }
    }

    /// <summary>Writes the rows the incident does not have yet (in hash order, kinder to the index); returns how many.</summary>
    public int Write(int incidentId, long batchId, List<ImportRow> rows)
    {
        rows.Sort(static (a, b) => a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        var byHash = new Dictionary<UInt128, string>(rows.Count);
        foreach (var row in rows)
        {
            byHash.TryAdd(Key(row.Hash), row.Address);
        }

        var inserted = new List<(long Id, string Address)>(rows.Count);
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var insert = InsertCommand(count);
            insert.Parameters[0].Value = incidentId;
            insert.Parameters[1].Value = batchId;
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                insert.Parameters[2 + (2 * i)].Value = row.Hash;
                insert.Parameters[3 + (2 * i)].Value = (object?)row.Language ?? DBNull.Value;
            }

            using var reader = insert.ExecuteReader();
            while (reader.Read())
            {
                inserted.Add((reader.GetInt64(0), byHash[Key((byte[])reader.GetValue(1))]));
            }
        }

        Stage(inserted);
        return inserted.Count;
    }

    public void SaveProgress(ImportBatch batch)
    {
        saveProgress.Parameters[0].Value = batch.ProcessedLines;
        saveProgress.Parameters[1].Value = batch.ImportedCount;
        saveProgress.Parameters[2].Value = batch.LastProgressAt;
        saveProgress.Parameters[3].Value = batch.Id;
        saveProgress.ExecuteNonQuery();
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
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // The connection goes back to the pool: give back the larger cache.
        SetSqliteCache(SqliteDefaultCacheKib);
        foreach (var command in inserts.Values.Concat(stages.Values).Append(saveProgress))
        {
            await command.DisposeAsync();
        }
    }

    private void Stage(List<(long Id, string Address)> inserted)
    {
        for (var start = 0; start < inserted.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, inserted.Count - start);
            var stage = StageCommand(count);
            for (var i = 0; i < count; i++)
            {
                stage.Parameters[2 * i].Value = inserted[start + i].Id;
                stage.Parameters[(2 * i) + 1].Value = inserted[start + i].Address;
            }

            stage.ExecuteNonQuery();
        }
    }

    /// <summary>INSERT of <paramref name="rows"/> hashes that skips those the incident has, returning (Id, AddressHash) of the new ones.</summary>
    private DbCommand InsertCommand(int rows)
    {
        if (inserts.TryGetValue(rows, out var cached))
        {
            return cached;
        }

        var values = new StringBuilder();
        var parameters = new List<(string, DbType)> { ("incident", DbType.Int32), ("batch", DbType.Int64) };
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({prefix}h{i}, {prefix}l{i})");
            parameters.Add(($"h{i}", DbType.Binary));
            parameters.Add(($"l{i}", DbType.String));
        }

        var sql = sqlServer
            ? "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) OUTPUT INSERTED.Id, INSERTED.AddressHash " +
              $"SELECT DISTINCT @incident, v.h, @batch, v.l, 0 FROM (VALUES {values}) AS v(h, l) " +
              "WHERE NOT EXISTS (SELECT 1 FROM ExposedAddresses e WITH (UPDLOCK, HOLDLOCK) WHERE e.AddressHash = v.h AND e.IncidentId = @incident)"
            : "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) " +
              $"SELECT $incident, column1, $batch, column2, 0 FROM (VALUES {values}) WHERE true " +
              "ON CONFLICT DO NOTHING RETURNING Id, AddressHash";
        var command = Command(sql, [.. parameters]);
        command.Transaction = transaction;
        inserts[rows] = command;
        return command;
    }

    private DbCommand StageCommand(int rows)
    {
        if (stages.TryGetValue(rows, out var cached))
        {
            return cached;
        }

        var values = new StringBuilder();
        var parameters = new List<(string, DbType)>();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({prefix}i{i}, {prefix}a{i})");
            parameters.Add(($"i{i}", DbType.Int64));
            parameters.Add(($"a{i}", DbType.String));
        }

        var command = Command($"INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) VALUES {values}", [.. parameters]);
        command.Transaction = transaction;
        stages[rows] = command;
        return command;
    }

    private static UInt128 Key(byte[] hash) => BinaryPrimitives.ReadUInt128LittleEndian(hash);

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

    private DbCommand Command(string sql, params (string Name, DbType Type)[] parameters)
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

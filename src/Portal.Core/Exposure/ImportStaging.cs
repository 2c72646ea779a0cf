using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Portal.Core.Exposure;

/// <summary>One valid line of an import, hashed, waiting to be written.</summary>
internal readonly record struct ImportRow(byte[] Hash, string? Language, string Address);

/// <summary>
/// The import's hot path. Lines are first appended to a temporary table of the import's own connection (gone with
/// the connection, even after a crash), indexed once by hash, then merged into the affected list one hash range at a
/// time: each range is a contiguous slice of the hash index, so a transaction rewrites few of its pages, where rows
/// inserted in file order would touch the whole index in every transaction. EF would track a million entities; this
/// does not.
/// </summary>
internal sealed class ImportStaging : IAsyncDisposable
{
    /// <summary>
    /// Rows per INSERT statement. Fewer statements save work, but Microsoft.Data.Sqlite's binding grows faster than
    /// the parameter count: ten rows (30 parameters) measured fastest, twice as fast as a hundred.
    /// </summary>
    private const int RowsPerStatement = 10;

    /// <summary>SQLite's default 2 MB page cache makes the index build and the merge read pages back again and again.</summary>
    private const int SqliteImportCacheKib = 32 * 1024;

    /// <summary>The staging table is only appended to, then read once in index order: a small cache does.</summary>
    private const int SqliteStagingCacheKib = 8 * 1024;

    private const int SqliteDefaultCacheKib = 2000;

    private readonly DbConnection connection;
    private readonly bool sqlServer;
    private readonly string table;
    private readonly DbCommand insertFull;
    private readonly List<ImportRow> pending = new(RowsPerStatement);
    private DbTransaction? transaction;

    private ImportStaging(DbConnection connection, bool sqlServer)
    {
        this.connection = connection;
        this.sqlServer = sqlServer;
        table = sqlServer ? "#ImportStaging" : "temp.ImportStaging";
        insertFull = InsertCommand(RowsPerStatement);
    }

    public long Rows { get; private set; }

    /// <summary>Creates the (empty) staging table on this open connection.</summary>
    public static ImportStaging Create(string? providerName, DbConnection connection)
    {
        var sqlServer = providerName?.Contains("SqlServer", StringComparison.Ordinal) == true;
        Execute(connection, null, sqlServer
            ? "CREATE TABLE #ImportStaging (Hash varbinary(32) NOT NULL, Language nvarchar(10) NULL, Address nvarchar(254) NOT NULL)"
            // The import's connection also commits without waiting for the disk each time (WAL, synchronous=NORMAL):
            // a power cut can only lose the last commits of an import, which is then rolled back as interrupted.
            : $"PRAGMA cache_size = -{SqliteImportCacheKib}; PRAGMA temp.cache_size = -{SqliteStagingCacheKib}; PRAGMA synchronous = NORMAL; " +
              "DROP TABLE IF EXISTS temp.ImportStaging; CREATE TEMP TABLE ImportStaging (Hash BLOB NOT NULL, Language TEXT NULL, Address TEXT NOT NULL)");
        return new ImportStaging(connection, sqlServer);
    }

    /// <summary>Staging writes go into <paramref name="current"/> (committed with the progress it records).</summary>
    public void Enlist(DbTransaction current)
    {
        transaction = current;
        insertFull.Transaction = current;
    }

    public void Add(ImportRow row)
    {
        pending.Add(row);
        if (pending.Count == RowsPerStatement)
        {
            Insert(insertFull);
        }
    }

    /// <summary>Writes the rows still buffered (call before committing the staging transaction).</summary>
    public void Flush()
    {
        if (pending.Count > 0)
        {
            using var insert = InsertCommand(pending.Count);
            insert.Transaction = transaction;
            Insert(insert);
        }
    }

    /// <summary>Sorts the staged rows once: a covering index the merge reads in hash order.</summary>
    public void Index() =>
        Execute(connection, null, sqlServer
            ? "CREATE CLUSTERED INDEX IX_ImportStaging ON #ImportStaging (Hash)"
            : "CREATE INDEX temp.IX_ImportStaging ON ImportStaging (Hash, Language, Address)");

    /// <summary>
    /// Merges the staged rows of one hash range (<paramref name="range"/> of <paramref name="ranges"/>) into the
    /// incident's affected list — skipping hashes it already has — and stages their plain addresses for the notice.
    /// Returns how many addresses were new.
    /// </summary>
    public int Merge(int incidentId, long batchId, int range, int ranges, DbTransaction current)
    {
        var (low, high) = HashRange(range, ranges);
        using var exposed = Command(current, sqlServer
            ? "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) " +
              $"SELECT @incident, s.Hash, @batch, MIN(s.Language), 0 FROM {table} s WHERE {InRange("s.Hash")} " +
              "AND NOT EXISTS (SELECT 1 FROM ExposedAddresses e WITH (UPDLOCK, HOLDLOCK) WHERE e.AddressHash = s.Hash AND e.IncidentId = @incident) GROUP BY s.Hash"
            : "INSERT INTO ExposedAddresses (IncidentId, AddressHash, ImportBatchId, Language, NoticeStatus) " +
              $"SELECT @incident, Hash, @batch, Language, 0 FROM {table} WHERE {InRange("Hash")} ORDER BY Hash ON CONFLICT DO NOTHING");
        var added = Execute(exposed, incidentId, batchId, low, high);

        // SQLite: CROSS JOIN keeps the staging table outside, so the affected list is probed by its hash index in
        // hash order and the new rows (whose ids follow hash order) are appended to the staging of plain addresses.
        using var addresses = Command(current, sqlServer
            ? "INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) " +
              $"SELECT e.Id, MIN(s.Address) FROM {table} s JOIN ExposedAddresses e ON e.AddressHash = s.Hash AND e.IncidentId = @incident " +
              $"WHERE e.ImportBatchId = @batch AND {InRange("s.Hash")} GROUP BY e.Id"
            : "INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) " +
              $"SELECT e.Id, s.Address FROM {table} s CROSS JOIN ExposedAddresses e INDEXED BY IX_ExposedAddresses_AddressHash_IncidentId " +
              $"WHERE e.AddressHash = s.Hash AND e.IncidentId = @incident AND e.ImportBatchId = @batch AND {InRange("s.Hash")} " +
              "ORDER BY s.Hash ON CONFLICT DO NOTHING");
        Execute(addresses, incidentId, batchId, low, high);
        return added;
    }

    /// <summary>How many of these hashes the incident already has.</summary>
    public static async Task<long> CountExistingAsync(DbConnection connection, int incidentId, IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0)
        {
            return 0;
        }

        var sql = new StringBuilder("SELECT COUNT(*) FROM ExposedAddresses WHERE IncidentId = @incident AND AddressHash IN (");
        await using var command = connection.CreateCommand();
        AddParameter(command, "@incident", DbType.Int32).Value = incidentId;
        for (var i = 0; i < hashes.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@h{i}");
            AddParameter(command, $"@h{i}", DbType.Binary).Value = hashes[i];
        }

        command.CommandText = sql.Append(')').ToString();
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The number of merge ranges that gives about <paramref name="rowsPerRange"/> rows each (hashes are uniform).</summary>
    public int Ranges(int rowsPerRange) => (int)Math.Clamp((Rows + rowsPerRange - 1) / Math.Max(1, rowsPerRange), 1, ushort.MaxValue + 1);

    public async ValueTask DisposeAsync()
    {
        await insertFull.DisposeAsync();
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        // The connection goes back to the pool: no plain address may stay behind on it, and its settings go back.
        Execute(connection, null, sqlServer
            ? "DROP TABLE IF EXISTS #ImportStaging"
            : $"DROP TABLE IF EXISTS temp.ImportStaging; PRAGMA cache_size = -{SqliteDefaultCacheKib}; PRAGMA temp.cache_size = -{SqliteDefaultCacheKib}; PRAGMA synchronous = FULL");
    }

    /// <summary>Range <paramref name="range"/> of <paramref name="ranges"/> over the first two bytes of the hash; the last has no upper end.</summary>
    private static (byte[] Low, byte[]? High) HashRange(int range, int ranges)
    {
        static byte[] Prefix(long value)
        {
            var prefix = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)value);
            return prefix;
        }

        var span = ushort.MaxValue + 1L;
        return (Prefix(range * span / ranges), range == ranges - 1 ? null : Prefix((range + 1) * span / ranges));
    }

    private static string InRange(string column) => $"{column} >= @low AND (@high IS NULL OR {column} < @high)";

    private void Insert(DbCommand insert)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var row = pending[i];
            insert.Parameters[3 * i].Value = row.Hash;
            insert.Parameters[(3 * i) + 1].Value = (object?)row.Language ?? DBNull.Value;
            insert.Parameters[(3 * i) + 2].Value = row.Address;
        }

        insert.ExecuteNonQuery();
        Rows += pending.Count;
        pending.Clear();
    }

    private DbCommand InsertCommand(int rows)
    {
        var command = connection.CreateCommand();
        var values = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@h{i}, @l{i}, @a{i})");
            AddParameter(command, $"@h{i}", DbType.Binary);
            AddParameter(command, $"@l{i}", DbType.String);
            AddParameter(command, $"@a{i}", DbType.String);
        }

        command.CommandText = $"INSERT INTO {table} (Hash, Language, Address) VALUES {values}";
        command.Transaction = transaction;
        return command;
    }

    private DbCommand Command(DbTransaction current, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = current;
        command.CommandText = sql;
        AddParameter(command, "@incident", DbType.Int32);
        AddParameter(command, "@batch", DbType.Int64);
        AddParameter(command, "@low", DbType.Binary);
        AddParameter(command, "@high", DbType.Binary);
        return command;
    }

    private static int Execute(DbCommand command, int incidentId, long batchId, byte[] low, byte[]? high)
    {
        command.Parameters[0].Value = incidentId;
        command.Parameters[1].Value = batchId;
        command.Parameters[2].Value = low;
        command.Parameters[3].Value = (object?)high ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    private static void Execute(DbConnection connection, DbTransaction? current, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = current;
        command.CommandText = sql;
        command.ExecuteNonQuery();
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

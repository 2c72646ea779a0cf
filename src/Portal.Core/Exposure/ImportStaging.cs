using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Portal.Core.Exposure;

/// <summary>
/// One valid line of an import, hashed, packed as it is staged: the 32-byte hash, the language in two ASCII bytes
/// (zeros for none) and the UTF-8 address. SQLite binds it as one parameter, a third of the cost of three, and
/// ordering by it orders by hash.
/// </summary>
internal readonly record struct ImportRow(byte[] Packed)
{
    public const int LanguageOffset = ExposureHasher.HashLength;
    public const int AddressOffset = LanguageOffset + 2;

    public ReadOnlySpan<byte> Hash => Packed.AsSpan(0, ExposureHasher.HashLength);

    public string? Language => Packed[LanguageOffset] == 0 ? null : Encoding.ASCII.GetString(Packed, LanguageOffset, 2);

    public string Address => Encoding.UTF8.GetString(Packed, AddressOffset, Packed.Length - AddressOffset);

    /// <summary>Packs a normalised address; the reader only yields two-letter languages (<c>en</c>, <c>fr</c>).</summary>
    public static ImportRow Pack(ExposureHasher hasher, string address, string? language)
    {
        if (language is not null && (language.Length != 2 || !char.IsAsciiLetter(language[0]) || !char.IsAsciiLetter(language[1])))
        {
            throw new ArgumentException($"Unsupported language code '{language}'.", nameof(language));
        }

        var packed = new byte[AddressOffset + Encoding.UTF8.GetByteCount(address)];
        hasher.Hash(address, packed.AsSpan(0, ExposureHasher.HashLength));
        if (language is not null)
        {
            packed[LanguageOffset] = (byte)language[0];
            packed[LanguageOffset + 1] = (byte)language[1];
        }

        Encoding.UTF8.GetBytes(address, packed.AsSpan(AddressOffset));
        return new ImportRow(packed);
    }
}

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
    /// the parameter count: ten rows measured fastest, twice as fast as a hundred.
    /// </summary>
    private const int RowsPerStatement = 10;

    /// <summary>SQLite's default 2 MB page cache makes the index build and the merge read pages back again and again.</summary>
    private const int SqliteImportCacheKib = 32 * 1024;

    /// <summary>The staging table is only appended to, then read once in index order: a small cache does.</summary>
    private const int SqliteStagingCacheKib = 8 * 1024;

    /// <summary>
    /// The index build sorts on two threads; each buffers up to the main cache size before writing a sorted run, so
    /// the cache is lowered while it runs (the sort is as fast; the import stays well under its memory budget).
    /// </summary>
    private const int SqliteSortCacheKib = 8 * 1024;

    private const int SqliteDefaultCacheKib = 2000;

    private readonly DbConnection connection;
    private readonly bool sqlServer;
    private readonly string table;
    private readonly DbCommand insertFull;
    private readonly List<ImportRow> pending = new(RowsPerStatement);
    private DbTransaction? transaction;

    /// <summary>All 0xFF and longer than a hash: above every hash, and above every packed row (a language byte is never 0xFF).</summary>
    private static readonly byte[] AboveEveryRow = Enumerable.Repeat((byte)0xFF, ImportRow.AddressOffset + 1).ToArray();

    // The parts of a packed SQLite staging row (ImportRow); substr counts from 1, and a BLOB cast to TEXT is read as UTF-8.
    private static readonly string SqliteHash = $"substr(Row, 1, {ExposureHasher.HashLength})";
    private static readonly string SqliteLanguage = $"CASE WHEN substr(Row, {ImportRow.LanguageOffset + 1}, 1) = x'00' THEN NULL ELSE CAST(substr(Row, {ImportRow.LanguageOffset + 1}, 2) AS TEXT) END";
    private static readonly string SqliteAddress = $"CAST(substr(s.Row, {ImportRow.AddressOffset + 1}) AS TEXT)";

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
            // It skips the foreign-key probes: the merge only refers to the incident and batch it was given and to
            // the rows it has just inserted.
            : $"PRAGMA cache_size = -{SqliteImportCacheKib}; PRAGMA temp.cache_size = -{SqliteStagingCacheKib}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; " +
              "DROP TABLE IF EXISTS temp.ImportStaging; CREATE TEMP TABLE ImportStaging (Row BLOB NOT NULL)");
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

    /// <summary>
    /// Sorts the staged rows once: a covering index the merge reads in hash order. SQLite sorts on two threads (the
    /// file has been read by then, so the cores are free), then goes back to one.
    /// </summary>
    public void Index() =>
        Execute(connection, null, sqlServer
            ? "CREATE CLUSTERED INDEX IX_ImportStaging ON #ImportStaging (Hash)"
            : $"PRAGMA threads = 2; PRAGMA cache_size = -{SqliteSortCacheKib}; " +
              "CREATE INDEX temp.IX_ImportStaging ON ImportStaging (Row); " +
              $"PRAGMA threads = 0; PRAGMA cache_size = -{SqliteImportCacheKib}");

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
              $"SELECT @incident, {SqliteHash}, @batch, {SqliteLanguage}, 0 FROM {table} WHERE {InRange("Row")} ORDER BY Row ON CONFLICT DO NOTHING");
        var added = Execute(exposed, incidentId, batchId, low, high);
        if (added == 0)
        {
            return 0;
        }

        if (!sqlServer && added == Scalar(current, $"SELECT COUNT(*) FROM {table} WHERE {InRange("Row")}", low, high))
        {
            // Every staged row of the range was new (no duplicate in the file, none imported before): the rows took
            // consecutive ids in hash order, so each address's id is known without probing the affected list for it.
            using var numbered = connection.CreateCommand();
            numbered.Transaction = current;
            numbered.CommandText = "INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) " +
                $"SELECT @first + ROW_NUMBER() OVER (ORDER BY s.Row) - 1, {SqliteAddress} FROM {table} s WHERE {InRange("s.Row")} ORDER BY s.Row";
            AddParameter(numbered, "@first", DbType.Int64).Value = Scalar(current, "SELECT last_insert_rowid()") - added + 1;
            AddParameter(numbered, "@low", DbType.Binary).Value = low;
            AddParameter(numbered, "@high", DbType.Binary).Value = high;
            numbered.ExecuteNonQuery();
            return added;
        }

        // SQLite: CROSS JOIN keeps the staging table outside, so the affected list is probed by its hash index in
        // hash order and the new rows (whose ids follow hash order) are appended to the staging of plain addresses.
        using var addresses = Command(current, sqlServer
            ? "INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) " +
              $"SELECT e.Id, MIN(s.Address) FROM {table} s JOIN ExposedAddresses e ON e.AddressHash = s.Hash AND e.IncidentId = @incident " +
              $"WHERE e.ImportBatchId = @batch AND {InRange("s.Hash")} GROUP BY e.Id"
            : "INSERT INTO PendingNoticeAddresses (ExposedAddressId, Address) " +
              $"SELECT e.Id, {SqliteAddress} FROM {table} s CROSS JOIN ExposedAddresses e INDEXED BY IX_ExposedAddresses_AddressHash_IncidentId " +
              $"WHERE e.AddressHash = substr(s.Row, 1, {ExposureHasher.HashLength}) AND e.IncidentId = @incident AND e.ImportBatchId = @batch AND {InRange("s.Row")} " +
              "ORDER BY s.Row ON CONFLICT DO NOTHING");
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
            : $"DROP TABLE IF EXISTS temp.ImportStaging; PRAGMA cache_size = -{SqliteDefaultCacheKib}; PRAGMA temp.cache_size = -{SqliteDefaultCacheKib}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    }

    /// <summary>
    /// Range <paramref name="range"/> of <paramref name="ranges"/> over the first two bytes of the hash. Both ends are
    /// values, the last one above every row: with an "or no upper end" condition the index could not stop at the end
    /// of a range, and every range would read on to the end of the staged rows.
    /// </summary>
    private static (byte[] Low, byte[] High) HashRange(int range, int ranges)
    {
        static byte[] Prefix(long value)
        {
            var prefix = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)value);
            return prefix;
        }

        var span = ushort.MaxValue + 1L;
        return (Prefix(range * span / ranges), range == ranges - 1 ? AboveEveryRow : Prefix((range + 1) * span / ranges));
    }

    private static string InRange(string column) => $"{column} >= @low AND {column} < @high";

    private void Insert(DbCommand insert)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var row = pending[i];
            if (sqlServer)
            {
                insert.Parameters[3 * i].Value = row.Hash.ToArray();
                insert.Parameters[(3 * i) + 1].Value = (object?)row.Language ?? DBNull.Value;
                insert.Parameters[(3 * i) + 2].Value = row.Address;
            }
            else
            {
                insert.Parameters[i].Value = row.Packed;
            }
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
            if (sqlServer)
            {
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@h{i}, @l{i}, @a{i})");
                AddParameter(command, $"@h{i}", DbType.Binary);
                AddParameter(command, $"@l{i}", DbType.String);
                AddParameter(command, $"@a{i}", DbType.String);
            }
            else
            {
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@r{i})");
                AddParameter(command, $"@r{i}", DbType.Binary);
            }
        }

        command.CommandText = sqlServer ? $"INSERT INTO {table} (Hash, Language, Address) VALUES {values}" : $"INSERT INTO {table} (Row) VALUES {values}";
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

    private long Scalar(DbTransaction current, string sql, byte[]? low = null, byte[]? high = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = current;
        command.CommandText = sql;
        if (low is not null && high is not null)
        {
            AddParameter(command, "@low", DbType.Binary).Value = low;
            AddParameter(command, "@high", DbType.Binary).Value = high;
        }

        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static int Execute(DbCommand command, int incidentId, long batchId, byte[] low, byte[] high)
    {
        command.Parameters[0].Value = incidentId;
        command.Parameters[1].Value = batchId;
        command.Parameters[2].Value = low;
        command.Parameters[3].Value = high;
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

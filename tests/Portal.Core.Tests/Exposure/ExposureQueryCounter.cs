using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Portal.Core.Tests.Exposure;

/// <summary>
/// Counts the SQL statements that read the affected list, as SQLite itself runs them: a trace hook is set on every
/// connection the context opens, so statements that bypass EF's command pipeline (the prepared lookup) count too.
/// </summary>
public sealed class ExposureQueryCounter : DbConnectionInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Trace(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Trace(connection);
        return Task.CompletedTask;
    }

    private void Trace(DbConnection connection) =>
        raw.sqlite3_trace(((SqliteConnection)connection).Handle, (_, statement) => Observe(statement), null);

    private void Observe(string statement)
    {
        if (statement.Contains("\"ExposedAddresses\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }
    }
}

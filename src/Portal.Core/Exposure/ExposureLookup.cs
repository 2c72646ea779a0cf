using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Exposure;

/// <summary>
/// Which incidents an address was exposed in. Call it only for an address whose owner has been proved (a verified
/// code, or the confirmed email of the signed-in account): it is the one question Portal must never answer to anyone else.
/// </summary>
/// <remarks>
/// The hottest query in Portal, so it skips EF's per-call work (a context, a command, a reader materialiser): a few
/// open connections, each with the query prepared once, are kept and lent to one caller at a time.
/// </remarks>
public sealed class ExposureLookup(IDbContextFactory<PortalDbContext> dbFactory, ExposureHasher hasher) : IDisposable
{
    private readonly ConcurrentBag<LookupSession> idle = [];
    private readonly int maxIdle = Environment.ProcessorCount * 2;
    private bool disposed;

    /// <summary>The ids of the incidents that exposed this address; empty when it was not affected or is not an address.</summary>
    public async Task<IReadOnlyList<int>> IncidentsExposingAsync(string address, CancellationToken cancellationToken)
    {
        var normalized = AddressNormalizer.Normalize(address);
        if (!normalized.IsValid)
        {
            return [];
        }

        var hash = hasher.Hash(normalized.Value!);
        var session = idle.TryTake(out var available) ? available : await LookupSession.OpenAsync(dbFactory, cancellationToken);
        try
        {
            var incidents = await session.IncidentsAsync(hash, cancellationToken);
            Return(session);
            return incidents;
        }
        catch
        {
            // A session that failed may have a broken connection; it is not lent again.
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private void Return(LookupSession session)
    {
        if (disposed || idle.Count >= maxIdle)
        {
            session.Dispose();
            return;
        }

        idle.Add(session);
    }

    /// <summary>A context whose connection stays open, with the lookup prepared on it.</summary>
    private sealed class LookupSession(PortalDbContext db, DbCommand query, DbParameter hash) : IDisposable
    {
        public static async Task<LookupSession> OpenAsync(IDbContextFactory<PortalDbContext> dbFactory, CancellationToken cancellationToken)
        {
            var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            try
            {
                // Opened through EF, so the connection gets the context's configuration and interceptors.
                await db.Database.OpenConnectionAsync(cancellationToken);
                var query = db.Database.GetDbConnection().CreateCommand();
                query.CommandText = """SELECT "IncidentId" FROM "ExposedAddresses" WHERE "AddressHash" = @hash""";
                var hash = query.CreateParameter();
                hash.ParameterName = "@hash";
                hash.DbType = DbType.Binary;
                hash.Size = ExposureHasher.HashLength;
                query.Parameters.Add(hash);
                await query.PrepareAsync(cancellationToken);
                return new LookupSession(db, query, hash);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        public async Task<IReadOnlyList<int>> IncidentsAsync(byte[] addressHash, CancellationToken cancellationToken)
        {
            hash.Value = addressHash;
            var incidents = new List<int>(1);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                incidents.Add(reader.GetInt32(0));
            }

            return incidents;
        }

        public void Dispose()
        {
            query.Dispose();
            db.Dispose();
        }
    }
}

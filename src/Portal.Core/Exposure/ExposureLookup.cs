using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Exposure;

/// <summary>
/// Which incidents an address was exposed in. Call it only for an address whose owner has been proved (a verified
/// code, or the confirmed email of the signed-in account): it is the one question Portal must never answer to anyone else.
/// </summary>
public sealed class ExposureLookup(IDbContextFactory<PortalDbContext> dbFactory, ExposureHasher hasher)
{
    private static readonly Func<PortalDbContext, byte[], IAsyncEnumerable<int>> IncidentsForHash =
        EF.CompileAsyncQuery((PortalDbContext db, byte[] hash) =>
            db.ExposedAddresses.Where(e => e.AddressHash == hash).Select(e => e.IncidentId));

    /// <summary>The ids of the incidents that exposed this address; empty when it was not affected or is not an address.</summary>
    public async Task<IReadOnlyList<int>> IncidentsExposingAsync(string address, CancellationToken cancellationToken)
    {
        var normalized = AddressNormalizer.Normalize(address);
        if (!normalized.IsValid)
        {
            return [];
        }

        var hash = hasher.Hash(normalized.Value!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incidents = new List<int>(1);
        await foreach (var incidentId in IncidentsForHash(db, hash).WithCancellation(cancellationToken))
        {
            incidents.Add(incidentId);
        }

        return incidents;
    }
}

using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Incidents;

namespace Portal.Core.Exposure;

/// <summary>The exact answer for one address: the published incidents that exposed it (none: not affected).</summary>
public sealed record ExposureResult(string Address, IReadOnlyList<Incident> Incidents)
{
    public bool Affected => Incidents.Count > 0;
}

/// <summary>
/// Answers "was this address exposed" with the incidents' notices. Only for a proved owner: a verified check code or
/// the confirmed email of the signed-in account. An incident still in draft is not disclosed to anyone, so it is not
/// part of the answer until it is published.
/// </summary>
public sealed class ExposureResults(IDbContextFactory<PortalDbContext> dbFactory, ExposureLookup lookup)
{
    public async Task<ExposureResult> ForProvedOwnerAsync(string normalizedAddress, CancellationToken cancellationToken)
    {
        var incidentIds = await lookup.IncidentsExposingAsync(normalizedAddress, cancellationToken);
        if (incidentIds.Count == 0)
        {
            return new ExposureResult(normalizedAddress, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => incidentIds.Contains(i.Id) && i.Status == IncidentStatus.Published)
            .Include(i => i.Measures.OrderBy(m => m.On))
            .OrderByDescending(i => i.DisclosedOn)
            .ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        return new ExposureResult(normalizedAddress, incidents);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Email;

/// <summary>
/// Reports how long the oldest due message (pending, with its next attempt in the past) has been waiting:
/// Degraded beyond <see cref="EmailOptions.HealthMaxAgeMinutes"/>, which means no dispatcher is keeping up.
/// Counts and ages only: nothing about recipients or content.
/// </summary>
public sealed class OutboxHealthCheck(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<EmailOptions> options,
    TimeProvider clock) : IHealthCheck
{
    public const string DueMessages = "dueMessages";
    public const string OldestDueAgeSeconds = "oldestDueAgeSeconds";
    public const string MaxAgeSeconds = "maxAgeSeconds";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = db.OutboxMessages.Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now);
        var oldest = await due.MinAsync(m => (DateTime?)m.NextAttemptAt, cancellationToken);
        var count = await due.CountAsync(cancellationToken);

        var age = oldest is { } since ? now - since : TimeSpan.Zero;
        var maxAge = TimeSpan.FromMinutes(options.Value.HealthMaxAgeMinutes);
        var data = new Dictionary<string, object>
        {
            [DueMessages] = count,
            [OldestDueAgeSeconds] = (long)age.TotalSeconds,
            [MaxAgeSeconds] = (long)maxAge.TotalSeconds,
        };
        return age > maxAge
            ? HealthCheckResult.Degraded("The oldest due email has waited longer than allowed.", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}

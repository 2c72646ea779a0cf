using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Email;

/// <summary>
/// Reports whether email is leaving: Degraded when the oldest unsent message has waited longer than
/// <see cref="EmailOptions.HealthMaxAgeMinutes"/> (no dispatcher keeps up), or when messages are failing and waiting
/// for a retry (the SMTP server refuses or is down, the pickup folder cannot be written). Counts and ages only:
/// nothing about recipients, content or the errors (an SMTP reply can quote an address).
/// </summary>
public sealed class OutboxHealthCheck(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<EmailOptions> options,
    TimeProvider clock) : IHealthCheck
{
    public const string DueMessages = "dueMessages";
    public const string FailingMessages = "failingMessages";
    public const string OldestUnsentAgeSeconds = "oldestUnsentAgeSeconds";
    public const string MaxAgeSeconds = "maxAgeSeconds";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unsent = db.OutboxMessages.Where(m => m.State == OutboxState.Pending);
        var oldest = await unsent.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
        var due = await unsent.CountAsync(m => m.NextAttemptAt <= now, cancellationToken);
        var failing = await unsent.CountAsync(m => m.Attempts > 0, cancellationToken);

        var age = oldest is { } since && now > since ? now - since : TimeSpan.Zero;
        var maxAge = TimeSpan.FromMinutes(options.Value.HealthMaxAgeMinutes);
        var data = new Dictionary<string, object>
        {
            [DueMessages] = due,
            [FailingMessages] = failing,
            [OldestUnsentAgeSeconds] = (long)age.TotalSeconds,
            [MaxAgeSeconds] = (long)maxAge.TotalSeconds,
        };
        if (age > maxAge)
        {
            return HealthCheckResult.Degraded("The oldest unsent email has waited longer than allowed.", data: data);
        }

        return failing > 0
            ? HealthCheckResult.Degraded("Emails are failing and waiting to be retried.", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}

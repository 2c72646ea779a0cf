using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Email;

/// <summary>A batch of messages held by one claim until its lease runs out.</summary>
public sealed record OutboxClaim(Guid LeaseId, IReadOnlyList<OutboxMessage> Messages);

/// <summary>
/// The outbox table as the dispatcher sees it: claims due messages under a lease and records what happened to them.
/// Safe with several instances on one database: a claim only takes rows whose lease is free or expired, in one
/// conditional UPDATE, and results are only recorded while the claim still holds the lease.
/// </summary>
public sealed class OutboxStore(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider time, IOptions<EmailOptions> options)
{
    private readonly EmailOptions _options = options.Value;

    public async Task<OutboxClaim> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = UtcNow();
        var leaseId = Guid.NewGuid();
        var leaseUntil = now.AddSeconds(_options.LeaseSeconds);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var dueIds = Claimable(db.OutboxMessages, now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(_options.BatchSize)
            .Select(m => m.Id);
        var claimed = db.OutboxMessages.Where(m => dueIds.Contains(m.Id));
        if (!db.Database.IsSqlite())
        {
            // Where reading and locking are separate steps, each row is checked again as it is locked, so that of two
            // racing claims only one wins it. SQLite runs the whole statement under its single write lock, so the
            // rows it picked are still free; there the repeated filter would only make it scan every pending row.
            claimed = Claimable(claimed, now);
        }

        await claimed.ExecuteUpdateAsync(set => set
            .SetProperty(m => m.LeaseId, leaseId)
            .SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken);

        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LeaseId == leaseId)
            .OrderBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);
        return new OutboxClaim(leaseId, messages);
    }

    /// <summary>
    /// Records a batch's results, one for each claimed message, in one transaction. Rows whose lease another claim
    /// has since taken are left to that claim.
    /// </summary>
    public async Task RecordAsync(OutboxClaim claim, IReadOnlyCollection<DeliveryResult> results, CancellationToken cancellationToken)
    {
        if (results.Count != claim.Messages.Count)
        {
            throw new ArgumentException("Every claimed message needs exactly one result.", nameof(results));
        }

        if (results.Count == 0)
        {
            return;
        }

        var now = UtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var held = db.OutboxMessages.Where(m => m.LeaseId == claim.LeaseId);

            foreach (var failure in results.Where(r => r.Outcome is DeliveryOutcome.TransientFailure or DeliveryOutcome.PermanentFailure))
            {
                await RecordFailureAsync(held, failure, now, cancellationToken);
            }

            var released = results.Where(r => r.Outcome == DeliveryOutcome.NotAttempted).Select(r => r.Message.Id).ToList();
            if (released.Count > 0)
            {
                await held.Where(m => released.Contains(m.Id)).ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.LeaseId, (Guid?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTime?)null), cancellationToken);
            }

            // What the claim still holds now is exactly what was sent: one statement, however large the batch.
            if (results.Any(r => r.Outcome == DeliveryOutcome.Sent))
            {
                await held.ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.State, OutboxState.Sent)
                    .SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.LeaseId, (Guid?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTime?)null), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>How long the oldest due, unsent message has been waiting; null when none is due.</summary>
    public async Task<TimeSpan?> OldestDueAgeAsync(CancellationToken cancellationToken = default)
    {
        var now = UtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var oldest = await db.OutboxMessages
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .MinAsync(m => (DateTime?)m.NextAttemptAt, cancellationToken);
        return oldest is { } due ? now - due : null;
    }

    private Task RecordFailureAsync(IQueryable<OutboxMessage> held, DeliveryResult failure, DateTime now, CancellationToken cancellationToken)
    {
        var attempts = failure.Message.Attempts + 1;
        var givesUp = failure.Outcome == DeliveryOutcome.PermanentFailure || attempts >= _options.MaxAttempts;
        var nextAttemptAt = givesUp
            ? failure.Message.NextAttemptAt
            : now + RetryBackoff.Delay(attempts, _options.RetryBaseSeconds, Random.Shared);
        var error = Truncate(failure.Error ?? failure.Outcome.ToString(), OutboxMessage.LastErrorMaxLength);
        return held.Where(m => m.Id == failure.Message.Id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.State, givesUp ? OutboxState.Failed : OutboxState.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, nextAttemptAt)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.LeaseId, (Guid?)null)
            .SetProperty(m => m.LeaseUntil, (DateTime?)null), cancellationToken);
    }

    private static IQueryable<OutboxMessage> Claimable(IQueryable<OutboxMessage> messages, DateTime now) => messages
        .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
        .Where(m => m.LeaseId == null || m.LeaseUntil <= now);

    private static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];

    private DateTime UtcNow() => time.GetUtcNow().UtcDateTime;
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Email;

/// <summary>
/// The hosted loop that empties the outbox: claim a batch, send it, record the results, and when nothing is due,
/// wait a poll interval. When the host stops, what was sent is still recorded and everything unsent is released.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    OutboxBatchSender sender,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>
    /// Sends batch after batch until nothing is due; returns how many messages it claimed. The next batch is claimed
    /// while the current one is being sent, so the database work overlaps the SMTP conversation; each batch's results
    /// are recorded before the next batch is sent, so a crash repeats at most one batch.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var claimed = 0;
        var claim = await store.ClaimAsync(cancellationToken);
        while (claim.Messages.Count > 0)
        {
            claimed += claim.Messages.Count;
            var sending = sender.SendAsync(claim.Messages, cancellationToken);
            // On a thread of its own, because SQLite's "async" calls complete synchronously. Not cancelled with the
            // host: a claim cut off between its update and its read would strand its leases until they expire.
            var claimingNext = Task.Run(() => store.ClaimAsync(CancellationToken.None), CancellationToken.None);
            var results = await sending;
            OutboxClaim next;
            try
            {
                next = await claimingNext;
            }
            finally
            {
                // Recorded even when stopping: forgetting a sent message would send it again.
                await store.RecordAsync(claim, results, CancellationToken.None);
                LogBatch(results.Count, results.Count(r => r.Outcome == DeliveryOutcome.Sent));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await store.RecordAsync(next, [.. next.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.NotAttempted))], CancellationToken.None);
                break;
            }

            claim = next;
        }

        return claimed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleDelay = TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database hiccup must not stop the host; leases make any half-done batch safe to redo.
                LogDispatchFailed(exception);
            }

            try
            {
                await Task.Delay(idleDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox batch: {Claimed} claimed, {Sent} sent.")]
    private partial void LogBatch(int claimed, int sent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending from the outbox failed; claimed messages return when their lease expires.")]
    private partial void LogDispatchFailed(Exception exception);
}

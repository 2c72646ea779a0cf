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
    /// Sends batch after batch until nothing is due; returns how many messages it claimed. The database work runs
    /// beside the SMTP conversation: while a batch is being sent, the previous batch's results are recorded and then
    /// the next batch is claimed. So a crash can send the last two batches again; a stop records everything it sent.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var claimed = 0;
        var recording = Task.CompletedTask;
        var claim = await store.ClaimAsync(cancellationToken);
        try
        {
            while (claim.Messages.Count > 0)
            {
                claimed += claim.Messages.Count;
                var sending = sender.SendAsync(claim.Messages, cancellationToken);
                var claimingNext = ClaimAfterAsync(recording);
                var results = await sending;
                var next = await claimingNext;
                var sent = claim;
                // Recorded even when stopping: forgetting a sent message would send it again.
                recording = Task.Run(() => store.RecordAsync(sent, results, CancellationToken.None), CancellationToken.None);
                LogBatch(results.Count, results.Count(r => r.Outcome == DeliveryOutcome.Sent));
                if (cancellationToken.IsCancellationRequested)
                {
                    await recording;
                    await store.RecordAsync(next, [.. next.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.NotAttempted))], CancellationToken.None);
                    break;
                }

                claim = next;
            }
        }
        finally
        {
            await recording;
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

    /// <summary>
    /// Claims the next batch once the previous results are written, so the database sees one write at a time. On a
    /// thread of its own, because SQLite's "async" calls complete synchronously. Not cancelled with the host: a
    /// claim cut off between its update and its read would strand its leases until they expire.
    /// </summary>
    private Task<OutboxClaim> ClaimAfterAsync(Task recording) => Task.Run(async () =>
    {
        await recording;
        return await store.ClaimAsync(CancellationToken.None);
    }, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox batch: {Claimed} claimed, {Sent} sent.")]
    private partial void LogBatch(int claimed, int sent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending from the outbox failed; claimed messages return when their lease expires.")]
    private partial void LogDispatchFailed(Exception exception);
}

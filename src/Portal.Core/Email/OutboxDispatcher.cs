using System.Threading.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Core.Email;

/// <summary>
/// The hosted loop that empties the outbox: claim a batch, send it over one transport session, record the results.
/// When the host stops, what was sent is still recorded and the unsent rest of the batch is released.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    IEmailTransport transport,
    OutboxMimeBuilder mimeBuilder,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly RateLimiter? _rateLimiter = CreateRateLimiter(options.Value.MaxPerSecond);

    /// <summary>Claims, sends and records one batch; returns how many messages it claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var claim = await store.ClaimAsync(cancellationToken);
        if (claim.Messages.Count == 0)
        {
            return 0;
        }

        var results = await SendAsync(claim.Messages, cancellationToken);
        // Recorded even when stopping: forgetting a sent message would send it again.
        await store.RecordAsync(claim, results, CancellationToken.None);
        LogBatch(claim.Messages.Count, results.Count(r => r.Outcome == DeliveryOutcome.Sent));
        return claim.Messages.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleDelay = TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database hiccup must not stop the host; leases make any half-done batch safe to redo.
                LogBatchFailed(exception);
                claimed = 0;
            }

            if (claimed == 0)
            {
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
    }

    public override void Dispose()
    {
        _rateLimiter?.Dispose();
        base.Dispose();
    }

    private async Task<List<DeliveryResult>> SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        IEmailTransportSession session;
        try
        {
            session = await transport.OpenSessionAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return [.. messages.Select(NotAttempted)];
        }
        catch (Exception exception)
        {
            LogConnectFailed(exception);
            return [.. messages.Select(m => DeliveryFailure.Transient(m, exception))];
        }

        var results = new List<DeliveryResult>(messages.Count);
        await using (session)
        {
            foreach (var message in messages)
            {
                results.Add(cancellationToken.IsCancellationRequested || !session.IsOpen
                    ? NotAttempted(message)
                    : await SendOneAsync(session, message, cancellationToken));
            }
        }

        return results;
    }

    private async Task<DeliveryResult> SendOneAsync(IEmailTransportSession session, OutboxMessage message, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = mimeBuilder.Build(message);
        }
        catch (Exception exception) when (exception is ParseException or InvalidOperationException)
        {
            return new(message, DeliveryOutcome.PermanentFailure, exception.Message);
        }

        try
        {
            if (_rateLimiter is not null)
            {
                using var permit = await _rateLimiter.AcquireAsync(1, cancellationToken);
            }

            await session.SendAsync(message.Id, mime, cancellationToken);
            return new(message, DeliveryOutcome.Sent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return NotAttempted(message);
        }
        catch (Exception exception)
        {
            return DeliveryFailure.Classify(message, exception);
        }
    }

    private static DeliveryResult NotAttempted(OutboxMessage message) => new(message, DeliveryOutcome.NotAttempted);

    /// <summary>A token bucket refilled about every 100 ms (less often below 10/s); 0 or less means no limit.</summary>
    private static TokenBucketRateLimiter? CreateRateLimiter(double perSecond)
    {
        if (perSecond <= 0)
        {
            return null;
        }

        var tokensPerPeriod = Math.Max(1, (int)Math.Round(perSecond / 10));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / perSecond),
            QueueLimit = 1,
            AutoReplenishment = true,
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox batch: {Claimed} claimed, {Sent} sent.")]
    private partial void LogBatch(int claimed, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the email transport; the batch will be retried.")]
    private partial void LogConnectFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed; its messages return when their lease expires.")]
    private partial void LogBatchFailed(Exception exception);
}

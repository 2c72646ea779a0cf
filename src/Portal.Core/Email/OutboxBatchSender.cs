using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Core.Email;

/// <summary>A claimed message turned into MIME, or the reason it cannot be.</summary>
public sealed record PreparedMessage(OutboxMessage Outbox, MimeMessage? Mime, string? BuildError);

/// <summary>A claimed batch, ready to send.</summary>
public sealed record PreparedBatch(OutboxClaim Claim, IReadOnlyList<PreparedMessage> Messages);

/// <summary>
/// Sends one prepared batch over one transport session at the configured rate, and says what happened to each
/// message. After a connection-level failure the rest of the batch is not tried but released.
/// </summary>
public sealed partial class OutboxBatchSender(
    IEmailTransport transport,
    OutboxMimeBuilder mimeBuilder,
    IOptions<EmailOptions> options,
    ILogger<OutboxBatchSender> logger) : IDisposable
{
    private readonly RateLimiter? _rateLimiter = CreateRateLimiter(options.Value.MaxPerSecond);

    public PreparedBatch Prepare(OutboxClaim claim) => new(claim, [.. claim.Messages.Select(Prepare)]);

    public async Task<List<DeliveryResult>> SendAsync(PreparedBatch batch, CancellationToken cancellationToken)
    {
        IEmailTransportSession session;
        try
        {
            session = await transport.OpenSessionAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return [.. batch.Claim.Messages.Select(NotAttempted)];
        }
        catch (Exception exception)
        {
            // Not the messages' fault: each of them will be tried again later.
            LogConnectFailed(exception);
            return [.. batch.Claim.Messages.Select(m => DeliveryFailure.Transient(m, exception))];
        }

        var results = new List<DeliveryResult>(batch.Messages.Count);
        await using (session)
        {
            foreach (var message in batch.Messages)
            {
                results.Add(message switch
                {
                    { BuildError: { } error } => new(message.Outbox, DeliveryOutcome.PermanentFailure, error),
                    _ when cancellationToken.IsCancellationRequested || !session.IsOpen => NotAttempted(message.Outbox),
                    _ => await SendOneAsync(session, message, cancellationToken),
                });
            }
        }

        return results;
    }

    public void Dispose() => _rateLimiter?.Dispose();

    private PreparedMessage Prepare(OutboxMessage message)
    {
        try
        {
            return new(message, mimeBuilder.Build(message), null);
        }
        catch (Exception exception) when (exception is ParseException or InvalidOperationException)
        {
            return new(message, null, exception.Message);
        }
    }

    private async Task<DeliveryResult> SendOneAsync(IEmailTransportSession session, PreparedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (_rateLimiter is not null)
            {
                using var permit = await _rateLimiter.AcquireAsync(1, cancellationToken);
            }

            await session.SendAsync(message.Outbox.Id, message.Mime!, cancellationToken);
            return new(message.Outbox, DeliveryOutcome.Sent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return NotAttempted(message.Outbox);
        }
        catch (Exception exception)
        {
            return DeliveryFailure.Classify(message.Outbox, exception);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the email transport; the batch will be retried.")]
    private partial void LogConnectFailed(Exception exception);
}

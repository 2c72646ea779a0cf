using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Core.Email;

/// <summary>
/// Sends one claimed batch over one transport session at the configured rate, and says what happened to each
/// message. After a connection-level failure the rest of the batch is not tried but released.
/// </summary>
public sealed partial class OutboxBatchSender(
    IEmailTransport transport,
    OutboxMimeBuilder mimeBuilder,
    IOptions<EmailOptions> options,
    ILogger<OutboxBatchSender> logger) : IDisposable
{
    private readonly RateLimiter? _rateLimiter = CreateRateLimiter(options.Value.MaxPerSecond);

    public async Task<List<DeliveryResult>> SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
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
            // Not the messages' fault: each of them will be tried again later.
            LogConnectFailed(exception);
            return [.. messages.Select(m => DeliveryFailure.Transient(m, exception))];
        }

        await using (session)
        {
            return await SendOverAsync(session, messages, _rateLimiter, cancellationToken);
        }
    }

    /// <summary>
    /// Sends over a session the caller opened (and disposes), at the rate of <paramref name="rateLimiter"/> (null: no
    /// limit). For senders that must tell "the server cannot be reached" apart from a message's failure.
    /// </summary>
    public async Task<List<DeliveryResult>> SendOverAsync(
        IEmailTransportSession session, IReadOnlyList<OutboxMessage> messages, RateLimiter? rateLimiter, CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>(messages.Count);
        foreach (var message in messages)
        {
            results.Add(cancellationToken.IsCancellationRequested || !session.IsOpen
                ? NotAttempted(message)
                : await SendOneAsync(session, message, rateLimiter, cancellationToken));
        }

        return results;
    }

    public void Dispose() => _rateLimiter?.Dispose();

    private async Task<DeliveryResult> SendOneAsync(IEmailTransportSession session, OutboxMessage message, RateLimiter? rateLimiter, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            // Built just before it leaves, so that it does not outlive its send (a batch of built messages kept
            // alive across garbage collections costs more than building them).
            mime = mimeBuilder.Build(message);
        }
        catch (Exception exception) when (exception is ParseException or InvalidOperationException)
        {
            return new(message, DeliveryOutcome.PermanentFailure, exception.Message);
        }

        using (mime)
        {
            try
            {
                if (rateLimiter is not null)
                {
                    using var permit = await rateLimiter.AcquireAsync(1, cancellationToken);
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
    }

    private static DeliveryResult NotAttempted(OutboxMessage message) => new(message, DeliveryOutcome.NotAttempted);

    /// <summary>A token bucket refilled about every 100 ms (less often below 10/s); 0 or less means no limit.</summary>
    public static TokenBucketRateLimiter? CreateRateLimiter(double perSecond)
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

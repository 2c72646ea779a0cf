using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Email;

namespace Portal.Core.Notifications;

/// <summary>
/// The hosted loop that sends breach notices: queue the next chunk of a started campaign, claim a batch, send it over
/// one connection, record it, and only then claim the next. So a crash sends at most the one claimed batch twice, and a
/// pause or cancel takes effect at the next batch. Each notice is its campaign's frozen message with its reference
/// code put in; its plain address comes from the import's staging and is deleted once the notice is final.
/// </summary>
public sealed partial class NoticeDispatcher(
    NoticeStore store,
    IEmailTransport transport,
    OutboxBatchSender sender,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<NotificationOptions> options,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<NoticeDispatcher> logger) : BackgroundService
{
    private readonly NotificationOptions _options = options.Value;
    private readonly RateLimiter? _rateLimiter = OutboxBatchSender.CreateRateLimiter(options.Value.MaxPerSecond);
    private readonly Dictionary<(int Campaign, string Culture), CampaignTemplate> _templates = [];

    /// <summary>Does one round of work; false when there was nothing to do (the caller then waits).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var queued = await store.QueueNextChunkAsync(cancellationToken);
        var claim = await store.ClaimAsync(cancellationToken);
        if (claim.Notices.Count == 0)
        {
            foreach (var completed in await store.CompleteFinishedAsync(cancellationToken))
            {
                LogCompleted(completed);
            }

            return queued > 0;
        }

        var messages = await BuildAsync(claim.Notices, cancellationToken);
        IEmailTransportSession session;
        try
        {
            session = await transport.OpenSessionAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The server is down or refuses us: not the notices' fault, so no attempt is counted. They are released
            // and the loop waits before trying again; progress pauses, nothing is lost.
            await store.RecordAsync(claim, [.. claim.Notices.Select(n => new NoticeResult(n, DeliveryOutcome.NotAttempted))], CancellationToken.None);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            LogConnectFailed(exception);
            await Task.Delay(TimeSpan.FromSeconds(_options.ConnectRetrySeconds), time, cancellationToken);
            return true;
        }

        List<DeliveryResult> results;
        await using (session)
        {
            results = await sender.SendOverAsync(session, [.. messages.Select(m => m.Message)], _rateLimiter, cancellationToken);
        }

        // One result per message, in order. Recorded even when stopping: forgetting a sent notice would send it again.
        await store.RecordAsync(claim, [.. messages.Zip(results, (m, r) => new NoticeResult(m.Notice, r.Outcome, r.Error))], CancellationToken.None);
        LogBatch(results.Count, results.Count(r => r.Outcome == DeliveryOutcome.Sent));
        return true;
    }

    public override void Dispose()
    {
        _rateLimiter?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromSeconds(_options.PollIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database hiccup must not stop the host; leases make a half-done batch safe to redo.
                LogFailed(exception);
                worked = false;
            }

            if (worked)
            {
                continue;
            }

            try
            {
                await Task.Delay(idle, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Each claimed notice as an outbox message that exists only in memory, for the outbox's sender.</summary>
    private async Task<List<(ClaimedNotice Notice, OutboxMessage Message)>> BuildAsync(IReadOnlyList<ClaimedNotice> notices, CancellationToken cancellationToken)
    {
        var built = new List<(ClaimedNotice, OutboxMessage)>(notices.Count);
        foreach (var notice in notices)
        {
            var email = (await TemplateAsync(notice.CampaignId, notice.Culture, cancellationToken)).For(notice.Reference);
            built.Add((notice, new OutboxMessage
            {
                Id = Guid.NewGuid(),
                Kind = email.Kind,
                Culture = email.Culture,
                // Null only if the staging row vanished; the builder then refuses it and the notice fails for good.
                Recipient = notice.Address,
                Subject = email.Subject,
                TextBody = email.TextBody,
                HtmlBody = email.HtmlBody,
                // Derived from the reference, so a notice sent again after a crash carries the same Message-ID.
                MessageId = $"{notice.Reference}@{emailOptions.Value.MessageIdDomain}",
                CreatedAt = notice.CreatedAt,
            }));
        }

        return built;
    }

    /// <summary>A campaign's templates never change after preparation, so each is read once.</summary>
    private async Task<CampaignTemplate> TemplateAsync(int campaignId, string culture, CancellationToken cancellationToken)
    {
        if (_templates.TryGetValue((campaignId, culture), out var template))
        {
            return template;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var loaded in await db.CampaignTemplates.AsNoTracking().Where(t => t.CampaignId == campaignId).ToListAsync(cancellationToken))
        {
            _templates[(campaignId, loaded.Culture)] = loaded;
        }

        return _templates.TryGetValue((campaignId, culture), out template)
            ? template
            : _templates.First(t => t.Key.Campaign == campaignId).Value;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notice batch: {Claimed} claimed, {Sent} sent.")]
    private partial void LogBatch(int claimed, int sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} completed.")]
    private partial void LogCompleted(int campaignId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the mail server; notices wait and sending resumes by itself.")]
    private partial void LogConnectFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending notices failed; claimed notices return when their lease expires.")]
    private partial void LogFailed(Exception exception);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Exposure;

namespace Portal.Core.Notifications;

/// <summary>A notice held by a claim, with the plain address it goes to (null if its staging row is gone).</summary>
public sealed record ClaimedNotice(long Id, int CampaignId, long ExposedAddressId, string Reference, string Culture, int Attempts, DateTime CreatedAt, string? Address);

public sealed record NoticeClaim(Guid LeaseId, IReadOnlyList<ClaimedNotice> Notices);

/// <summary>What happened to one claimed notice.</summary>
public sealed record NoticeResult(ClaimedNotice Notice, DeliveryOutcome Outcome, string? Reply = null);

/// <summary>
/// The notices table as the sender sees it. Queues a started campaign's audience chunk by chunk, claims due notices
/// of sending campaigns under a lease (one conditional UPDATE, safe with several instances), and records each batch's
/// results in one transaction, erasing the plain address of every notice that is final.
/// </summary>
public sealed class NoticeStore(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider time, IOptions<NotificationOptions> options)
{
    private readonly NotificationOptions _options = options.Value;

    /// <summary>
    /// Creates the notices of the next chunk of a sending campaign's audience; returns how many. Reading a chunk of
    /// plain addresses at a time keeps memory flat however large the audience.
    /// </summary>
    public async Task<int> QueueNextChunkAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns
            .Where(c => c.State == CampaignState.Sending && !c.AudienceQueued)
            .OrderBy(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (campaign is null)
        {
            return 0;
        }

        var chunk = await (
                from address in db.ExposedAddresses
                join pending in db.PendingNoticeAddresses on address.Id equals pending.ExposedAddressId
                where address.IncidentId == campaign.IncidentId
                      && address.NoticeStatus == NoticeStatus.NotSent
                      && address.Id <= campaign.LastExposedAddressId
                orderby address.Id
                select new { address.Id, address.AddressHash, address.Language, pending.Address })
            .Take(_options.QueueChunkSize)
            .ToListAsync(cancellationToken);

        var now = UtcNow();
        var defaultCulture = NoticeTemplates.Cultures.Contains(_options.DefaultLanguage) ? _options.DefaultLanguage : NoticeTemplates.Cultures[0];
        var references = new HashSet<string>(chunk.Count);
        foreach (var row in chunk)
        {
            string reference;
            do
            {
                reference = NoticeReference.New();
            }
            while (!references.Add(reference));

            db.Notices.Add(new Notice
            {
                CampaignId = campaign.Id,
                ExposedAddressId = row.Id,
                Reference = reference,
                AddressHash = row.AddressHash,
                MaskedAddress = AddressMask.Mask(row.Address),
                Culture = row.Language is { } language && NoticeTemplates.Cultures.Contains(language) ? language : defaultCulture,
                State = NoticeState.Queued,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }

        if (chunk.Count < _options.QueueChunkSize)
        {
            campaign.AudienceQueued = true;
        }

        var ids = chunk.Select(r => r.Id).ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await db.ExposedAddresses.Where(a => ids.Contains(a.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.NoticeStatus, NoticeStatus.Queued), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
        }
        catch (DbUpdateException)
        {
            // A reference code already taken by another campaign (about one chunk in a million), or another instance
            // queued this chunk first: nothing was written, the next round draws new codes or moves on.
            return 0;
        }

        return chunk.Count;
    }

    public async Task<NoticeClaim> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = UtcNow();
        var leaseId = Guid.NewGuid();
        var leaseUntil = now.AddSeconds(_options.LeaseSeconds);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var dueIds = Claimable(db, db.Notices, now)
            .OrderBy(n => n.NextAttemptAt)
            .ThenBy(n => n.Id)
            .Take(_options.BatchSize)
            .Select(n => n.Id);
        var claimed = db.Notices.Where(n => dueIds.Contains(n.Id));
        if (!db.Database.IsSqlite())
        {
            // As in the outbox: where reading and locking are separate steps, each row is checked again as it is locked.
            claimed = Claimable(db, claimed, now);
        }

        await claimed.ExecuteUpdateAsync(set => set
            .SetProperty(n => n.LeaseId, leaseId)
            .SetProperty(n => n.LeaseUntil, leaseUntil), cancellationToken);

        var notices = await (
                from notice in db.Notices
                where notice.LeaseId == leaseId
                join pending in db.PendingNoticeAddresses on notice.ExposedAddressId equals pending.ExposedAddressId into addresses
                from pending in addresses.DefaultIfEmpty()
                orderby notice.NextAttemptAt, notice.Id
                select new ClaimedNotice(notice.Id, notice.CampaignId, notice.ExposedAddressId, notice.Reference, notice.Culture, notice.Attempts, notice.CreatedAt, pending.Address))
            .ToListAsync(cancellationToken);
        return new NoticeClaim(leaseId, notices);
    }

    /// <summary>
    /// Records a batch in one transaction. A sent notice, or one failed for good, loses its plain address (the
    /// staging row is deleted) and marks its exposed address; a transient failure comes back later with backoff.
    /// </summary>
    public async Task RecordAsync(NoticeClaim claim, IReadOnlyCollection<NoticeResult> results, CancellationToken cancellationToken)
    {
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
            var held = db.Notices.Where(n => n.LeaseId == claim.LeaseId);
            var sent = new List<ClaimedNotice>();
            var failed = new List<ClaimedNotice>();
            foreach (var result in results)
            {
                switch (result.Outcome)
                {
                    case DeliveryOutcome.Sent:
                        sent.Add(result.Notice);
                        break;
                    case DeliveryOutcome.NotAttempted:
                        await held.Where(n => n.Id == result.Notice.Id).ExecuteUpdateAsync(set => set
                            .SetProperty(n => n.LeaseId, (Guid?)null)
                            .SetProperty(n => n.LeaseUntil, (DateTime?)null), cancellationToken);
                        break;
                    default:
                        if (await RecordFailureAsync(held, result, now, cancellationToken))
                        {
                            failed.Add(result.Notice);
                        }

                        break;
                }
            }

            if (sent.Count > 0)
            {
                var sentIds = sent.Select(n => n.Id).ToList();
                await held.Where(n => sentIds.Contains(n.Id)).ExecuteUpdateAsync(set => set
                    .SetProperty(n => n.State, NoticeState.Sent)
                    .SetProperty(n => n.SentAt, now)
                    .SetProperty(n => n.FailureReply, (string?)null)
                    .SetProperty(n => n.LeaseId, (Guid?)null)
                    .SetProperty(n => n.LeaseUntil, (DateTime?)null), cancellationToken);
            }

            await FinishAsync(db, sent, NoticeStatus.Sent, cancellationToken);
            await FinishAsync(db, failed, NoticeStatus.Failed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>Marks completed the sending campaigns with every notice queued and none left to send; returns them.</summary>
    public async Task<IReadOnlyList<int>> CompleteFinishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var finished = await db.Campaigns
            .Where(c => c.State == CampaignState.Sending && c.AudienceQueued)
            .Where(c => !db.Notices.Any(n => n.CampaignId == c.Id && n.State == NoticeState.Queued))
            .ToListAsync(cancellationToken);
        var now = UtcNow();
        foreach (var campaign in finished)
        {
            var counts = await CampaignCounts.ReadAsync(db, campaign.Id, cancellationToken);
            campaign.State = CampaignState.Completed;
            campaign.EndedAt = now;
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                ActorName = "system",
                Action = CampaignAudit.Complete,
                Target = CampaignAudit.Target(campaign.Id),
                Summary = $"Campaign {campaign.Id} completed: {counts.Sent} sent, {counts.Failed} failed.",
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Paused or cancelled a moment ago, or completed by another instance: that state stands.
            return [];
        }

        return [.. finished.Select(c => c.Id)];
    }

    /// <summary>True when the failure is final (permanent, or the attempts ran out).</summary>
    private async Task<bool> RecordFailureAsync(IQueryable<Notice> held, NoticeResult failure, DateTime now, CancellationToken cancellationToken)
    {
        var attempts = failure.Notice.Attempts + 1;
        var final = failure.Outcome == DeliveryOutcome.PermanentFailure || attempts >= _options.MaxAttempts;
        var nextAttemptAt = final ? now : now + RetryBackoff.Delay(attempts, _options.RetryBaseSeconds, Random.Shared);
        var reply = Truncate(failure.Reply ?? failure.Outcome.ToString(), Notice.FailureReplyMaxLength);
        var updated = await held.Where(n => n.Id == failure.Notice.Id).ExecuteUpdateAsync(set => set
            .SetProperty(n => n.State, final ? NoticeState.Failed : NoticeState.Queued)
            .SetProperty(n => n.FailedAt, final ? now : null)
            .SetProperty(n => n.Attempts, attempts)
            .SetProperty(n => n.NextAttemptAt, nextAttemptAt)
            .SetProperty(n => n.FailureReply, reply)
            .SetProperty(n => n.LeaseId, (Guid?)null)
            .SetProperty(n => n.LeaseUntil, (DateTime?)null), cancellationToken);
        return final && updated > 0;
    }

    /// <summary>The notices are final: their plain addresses go, their exposed addresses say how it ended.</summary>
    private static async Task FinishAsync(PortalDbContext db, List<ClaimedNotice> notices, NoticeStatus status, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var addressIds = notices.Select(n => n.ExposedAddressId).ToList();
        await db.PendingNoticeAddresses.Where(p => addressIds.Contains(p.ExposedAddressId)).ExecuteDeleteAsync(cancellationToken);
        await db.ExposedAddresses.Where(a => addressIds.Contains(a.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.NoticeStatus, status), cancellationToken);
    }

    private static IQueryable<Notice> Claimable(PortalDbContext db, IQueryable<Notice> notices, DateTime now) => notices
        .Where(n => n.State == NoticeState.Queued && n.NextAttemptAt <= now)
        .Where(n => n.LeaseId == null || n.LeaseUntil <= now)
        .Where(n => db.Campaigns.Any(c => c.Id == n.CampaignId && c.State == CampaignState.Sending));

    private static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];

    private DateTime UtcNow() => time.GetUtcNow().UtcDateTime;
}

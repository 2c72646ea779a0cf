using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Exposure;
using Portal.Core.Incidents;

namespace Portal.Core.Notifications;

public enum CampaignError
{
    NotFound,
    IncidentNotPublished,
    /// <summary>The incident already has a campaign that is not completed or cancelled.</summary>
    AlreadyActive,
    EmptyAudience,
    /// <summary>The admin who prepared a campaign cannot approve it.</summary>
    SelfApproval,
    /// <summary>The campaign is not in a state that allows this (or another admin just moved it).</summary>
    IllegalTransition,
}

public sealed record CampaignResult(Campaign? Campaign, CampaignError? Error)
{
    public bool Succeeded => Error is null;

    public static CampaignResult Ok(Campaign campaign) => new(campaign, null);

    public static CampaignResult Failed(CampaignError error) => new(null, error);
}

/// <summary>A campaign with where it stands, and (once it has them) its permanent failures for the report.</summary>
public sealed record CampaignStatus(Campaign Campaign, CampaignCounts Counts, IReadOnlyList<NoticeFailure> Failures);

public sealed record NoticeFailure(string Reference, string MaskedAddress, string? Reply, DateTime? FailedAt);

/// <summary>One notice found by support for a typed address.</summary>
public sealed record NoticeLookupRow(int CampaignId, string IncidentSlug, string Reference, NoticeState State, DateTime? SentAt, DateTime? FailedAt, string? FailureReply);

/// <summary>What the genuine-check page may say about a reference: only notices that were really sent are confirmed.</summary>
public sealed record GenuineNotice(DateTime SentAt, string MaskedAddress);

/// <summary>
/// The campaign workflow: prepare (audience counted, both languages rendered and frozen), test-send, approve by a
/// second admin, start, pause, resume, cancel; every step audited with its actor. Sending itself is
/// <see cref="NoticeDispatcher"/>'s.
/// </summary>
public sealed class CampaignService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IncidentService incidents,
    NoticeTemplates templates,
    EmailOutbox outbox,
    ExposureHasher hasher,
    TimeProvider clock)
{
    public const string TestKind = "breach.notice.test";
    private const int ReportedFailures = 200;

    /// <summary>Imported addresses of the incident that no notice has reached or is about to reach.</summary>
    public async Task<int> AudienceAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Audience(db, incidentId).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Campaign>> ListAsync(int incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().Where(c => c.IncidentId == incidentId).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<CampaignStatus?> StatusAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Templates).SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var counts = await CampaignCounts.ReadAsync(db, campaignId, cancellationToken);
        var failures = counts.Failed == 0 ? [] : await db.Notices.AsNoTracking()
            .Where(n => n.CampaignId == campaignId && n.State == NoticeState.Failed)
            .OrderBy(n => n.FailedAt).ThenBy(n => n.Id)
            .Take(ReportedFailures)
            .Select(n => new NoticeFailure(n.Reference, n.MaskedAddress, n.FailureReply, n.FailedAt))
            .ToListAsync(cancellationToken);
        return new CampaignStatus(campaign, counts, failures);
    }

    public async Task<CampaignResult> PrepareAsync(int incidentId, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return CampaignResult.Failed(CampaignError.NotFound);
        }

        if (incident.Status != IncidentStatus.Published)
        {
            return CampaignResult.Failed(CampaignError.IncidentNotPublished);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AnyAsync(c => c.IncidentId == incidentId && c.State < CampaignState.Completed, cancellationToken))
        {
            return CampaignResult.Failed(CampaignError.AlreadyActive);
        }

        var audience = Audience(db, incidentId);
        var count = await audience.CountAsync(cancellationToken);
        if (count == 0)
        {
            return CampaignResult.Failed(CampaignError.EmptyAudience);
        }

        var now = Now();
        var campaign = new Campaign
        {
            IncidentId = incidentId,
            State = CampaignState.Draft,
            AudienceCount = count,
            LastExposedAddressId = await audience.MaxAsync(a => a.Id, cancellationToken),
            PreparedById = actor.Id ?? throw new ArgumentException("A campaign is prepared by a signed-in admin.", nameof(actor)),
            PreparedByName = actor.Name,
            PreparedAt = now,
            Templates = await templates.RenderAsync(incident),
        };
        db.Campaigns.Add(campaign);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                // The campaign and its audit entry together; the entry needs the campaign's id.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                Audit(db, actor, now, CampaignAudit.Prepare, campaign.Id, $"Prepared a campaign for incident {incident.Slug}: {count:N0} recipients, notices in en and fr.");
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
        }
        catch (DbUpdateException)
        {
            // Another admin prepared one for the same incident at the same moment (the filtered unique index).
            return CampaignResult.Failed(CampaignError.AlreadyActive);
        }

        return CampaignResult.Ok(campaign);
    }

    /// <summary>Puts the campaign's message, in each language, into the outbox for the admin's own address.</summary>
    public async Task<CampaignResult> SendTestAsync(int campaignId, IncidentActor actor, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.Include(c => c.Templates).SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignResult.Failed(CampaignError.NotFound);
        }

        foreach (var template in campaign.Templates.OrderBy(t => t.Culture))
        {
            outbox.Add(db, template.For(NoticeTemplates.TestReference) with { Kind = TestKind }, address, actor.Name);
        }

        Audit(db, actor, Now(), CampaignAudit.TestSend, campaignId, $"Sent a test of the notice ({string.Join(", ", campaign.Templates.Select(t => t.Culture).Order())}) to the admin's own address.");
        await db.SaveChangesAsync(cancellationToken);
        return CampaignResult.Ok(campaign);
    }

    public Task<CampaignResult> ApproveAsync(int campaignId, IncidentActor actor, CancellationToken cancellationToken = default) =>
        MoveAsync(campaignId, CampaignState.Approved, actor, CampaignAudit.Approve, "Approved the campaign.", (campaign, now) =>
        {
            if (actor.Id is null || actor.Id == campaign.PreparedById)
            {
                return CampaignError.SelfApproval;
            }

            campaign.ApprovedById = actor.Id;
            campaign.ApprovedByName = actor.Name;
            campaign.ApprovedAt = now;
            return null;
        }, cancellationToken);

    public Task<CampaignResult> StartAsync(int campaignId, IncidentActor actor, CancellationToken cancellationToken = default) =>
        MoveAsync(campaignId, CampaignState.Sending, actor, CampaignAudit.Start, "Started sending.", (campaign, now) =>
        {
            if (campaign.State != CampaignState.Approved)
            {
                // Sending is also where Paused resumes to; starting is only from Approved.
                return CampaignError.IllegalTransition;
            }

            campaign.StartedAt = now;
            return null;
        }, cancellationToken);

    public Task<CampaignResult> PauseAsync(int campaignId, IncidentActor actor, CancellationToken cancellationToken = default) =>
        MoveAsync(campaignId, CampaignState.Paused, actor, CampaignAudit.Pause, "Paused sending.", null, cancellationToken);

    public Task<CampaignResult> ResumeAsync(int campaignId, IncidentActor actor, CancellationToken cancellationToken = default) =>
        MoveAsync(campaignId, CampaignState.Sending, actor, CampaignAudit.Resume, "Resumed sending.", (campaign, _) =>
            campaign.State == CampaignState.Paused ? null : CampaignError.IllegalTransition, cancellationToken);

    /// <summary>
    /// Stops the campaign for good. Notices not yet sent are cancelled and their addresses stay staged, so a later
    /// campaign can still reach them; a batch already on the wire is recorded as it ends.
    /// </summary>
    public async Task<CampaignResult> CancelAsync(int campaignId, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        var result = await MoveAsync(campaignId, CampaignState.Cancelled, actor, CampaignAudit.Cancel, "Cancelled the campaign.", (campaign, now) =>
        {
            campaign.EndedAt = now;
            return null;
        }, cancellationToken);
        if (!result.Succeeded)
        {
            return result;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var queued = db.Notices.Where(n => n.CampaignId == campaignId && n.State == NoticeState.Queued);
            await db.ExposedAddresses.Where(a => queued.Any(n => n.ExposedAddressId == a.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.NoticeStatus, NoticeStatus.NotSent), cancellationToken);
            await queued.ExecuteUpdateAsync(set => set.SetProperty(n => n.State, NoticeState.Cancelled), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return result;
    }

    /// <summary>Support's question "did this customer get the notice?", answered from the hash of the typed address.</summary>
    public async Task<IReadOnlyList<NoticeLookupRow>?> LookupAsync(string address, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        var normalized = AddressNormalizer.Normalize(address);
        if (!normalized.IsValid)
        {
            return null;
        }

        var hash = hasher.Hash(normalized.Value!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from notice in db.Notices
                where notice.AddressHash == hash
                join campaign in db.Campaigns on notice.CampaignId equals campaign.Id
                join incident in db.Incidents on campaign.IncidentId equals incident.Id
                orderby notice.Id descending
                select new NoticeLookupRow(campaign.Id, incident.Slug, notice.Reference, notice.State, notice.SentAt, notice.FailedAt, notice.FailureReply))
            .ToListAsync(cancellationToken);
        // The address itself is not written down: the audit says that a lookup happened and what it found.
        db.AuditEntries.Add(new AuditEntry
        {
            At = Now(),
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = CampaignAudit.Lookup,
            Target = rows.Count > 0 ? $"notice:{rows[0].Reference}" : null,
            Summary = $"Looked up an address's notices: {rows.Count} found.",
        });
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    /// <summary>The public check of a typed reference; null when Portal did not send such a notice.</summary>
    public async Task<GenuineNotice?> VerifyAsync(string? typedReference, CancellationToken cancellationToken = default)
    {
        if (NoticeReference.Normalize(typedReference) is not { } reference)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notices.AsNoTracking()
            .Where(n => n.Reference == reference && n.State == NoticeState.Sent)
            .Select(n => new GenuineNotice(n.SentAt!.Value, n.MaskedAddress))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<ExposedAddress> Audience(PortalDbContext db, int incidentId) =>
        db.ExposedAddresses.Where(a => a.IncidentId == incidentId
            && a.NoticeStatus == NoticeStatus.NotSent
            && db.PendingNoticeAddresses.Any(p => p.ExposedAddressId == a.Id));

    /// <summary>
    /// One state change, saved with its audit entry only if the campaign is still in the state it was read in (the
    /// concurrency token), so of two admins acting at once only one succeeds.
    /// </summary>
    private async Task<CampaignResult> MoveAsync(
        int campaignId,
        CampaignState to,
        IncidentActor actor,
        string action,
        string summary,
        Func<Campaign, DateTime, CampaignError?>? apply,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignResult.Failed(CampaignError.NotFound);
        }

        if (!Campaign.CanMove(campaign.State, to))
        {
            return CampaignResult.Failed(CampaignError.IllegalTransition);
        }

        var now = Now();
        if (apply?.Invoke(campaign, now) is { } refused)
        {
            return CampaignResult.Failed(refused);
        }

        var from = campaign.State;
        campaign.State = to;
        Audit(db, actor, now, action, campaignId, $"{summary} ({from} → {to})");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignResult.Failed(CampaignError.IllegalTransition);
        }

        return CampaignResult.Ok(campaign);
    }

    private static void Audit(PortalDbContext db, IncidentActor actor, DateTime now, string action, int campaignId, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Target = CampaignAudit.Target(campaignId),
            Summary = summary,
        });

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

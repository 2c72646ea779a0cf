using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Notifications;

/// <summary>Where a campaign's audience stands. Pending includes the part not yet queued.</summary>
public sealed record CampaignCounts(int Audience, int Sent, int Failed, int Cancelled)
{
    public int Pending => Math.Max(0, Audience - Sent - Failed - Cancelled);

    /// <summary>Share of the audience with a final outcome (sent, failed or cancelled), 0–100.</summary>
    public double Percent => Audience == 0 ? 100 : 100.0 * (Sent + Failed + Cancelled) / Audience;

    public static async Task<CampaignCounts> ReadAsync(PortalDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        var audience = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.AudienceCount).SingleAsync(cancellationToken);
        var byState = await db.Notices
            .Where(n => n.CampaignId == campaignId && n.State != NoticeState.Queued)
            .GroupBy(n => n.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        return new CampaignCounts(
            audience,
            byState.GetValueOrDefault(NoticeState.Sent),
            byState.GetValueOrDefault(NoticeState.Failed),
            byState.GetValueOrDefault(NoticeState.Cancelled));
    }
}

/// <summary>The audit actions of campaigns; the target is always the campaign.</summary>
public static class CampaignAudit
{
    public const string Prepare = "campaign.prepare";
    public const string TestSend = "campaign.test-send";
    public const string Approve = "campaign.approve";
    public const string Start = "campaign.start";
    public const string Pause = "campaign.pause";
    public const string Resume = "campaign.resume";
    public const string Cancel = "campaign.cancel";
    public const string Complete = "campaign.complete";
    public const string Lookup = "notice.lookup";

    public static string Target(int campaignId) => $"campaign:{campaignId}";
}

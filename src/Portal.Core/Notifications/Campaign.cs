using Portal.Core.Email;
using Portal.Core.Notifications.Templates;

namespace Portal.Core.Notifications;

public enum CampaignState
{
    /// <summary>Prepared: audience counted, both languages rendered; waiting for a second admin.</summary>
    Draft = 0,
    Approved = 1,
    Sending = 2,
    Paused = 3,
    Completed = 4,
    Cancelled = 5,
}

/// <summary>
/// One breach-notification mailing for an incident: prepared by one admin, approved by another, then sent notice by
/// notice. The rendered messages (<see cref="CampaignTemplate"/>) are frozen at preparation, so what was approved is
/// exactly what leaves.
/// </summary>
public class Campaign
{
    public const int ActorNameMaxLength = 256;

    public int Id { get; set; }

    public int IncidentId { get; set; }

    public CampaignState State { get; set; }

    /// <summary>The addresses not yet notified when the campaign was prepared.</summary>
    public int AudienceCount { get; set; }

    /// <summary>The audience is the incident's addresses up to this id: imports after preparation wait for the next campaign.</summary>
    public long LastExposedAddressId { get; set; }

    /// <summary>Set once every notice of the audience has been created (the sender creates them chunk by chunk).</summary>
    public bool AudienceQueued { get; set; }

    public required string PreparedById { get; set; }

    public required string PreparedByName { get; set; }

    public DateTime PreparedAt { get; set; }

    public string? ApprovedById { get; set; }

    public string? ApprovedByName { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    /// <summary>When it completed or was cancelled.</summary>
    public DateTime? EndedAt { get; set; }

    public List<CampaignTemplate> Templates { get; set; } = [];

    public bool IsActive => State is not (CampaignState.Completed or CampaignState.Cancelled);

    /// <summary>The moves an admin (or, for completion, the sender) may make; everything else is refused.</summary>
    public static bool CanMove(CampaignState from, CampaignState to) => (from, to) switch
    {
        (CampaignState.Draft, CampaignState.Approved) => true,
        (CampaignState.Approved, CampaignState.Sending) => true,
        (CampaignState.Sending, CampaignState.Paused) => true,
        (CampaignState.Paused, CampaignState.Sending) => true,
        (CampaignState.Sending, CampaignState.Completed) => true,
        (CampaignState.Draft or CampaignState.Approved or CampaignState.Sending or CampaignState.Paused, CampaignState.Cancelled) => true,
        _ => false,
    };
}

/// <summary>
/// A campaign's message in one language, rendered once at preparation with <see cref="NoticeTemplate.ReferencePlaceholder"/>
/// where each notice's reference code goes.
/// </summary>
public class CampaignTemplate
{
    public int CampaignId { get; set; }

    public required string Culture { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>This language's message for one notice: the placeholder replaced by its reference code.</summary>
    public ComposedEmail For(string reference) => new(
        BreachNoticeEmail.Kind,
        Culture,
        Subject.Replace(NoticeTemplates.ReferencePlaceholder, reference, StringComparison.Ordinal),
        HtmlBody.Replace(NoticeTemplates.ReferencePlaceholder, reference, StringComparison.Ordinal),
        TextBody.Replace(NoticeTemplates.ReferencePlaceholder, reference, StringComparison.Ordinal));
}

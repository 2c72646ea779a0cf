namespace Portal.Core.Notifications;

public enum NoticeState
{
    Queued = 0,
    Sent = 1,
    /// <summary>Refused for good (5xx) or out of attempts; the server's reply is kept.</summary>
    Failed = 2,
    /// <summary>Its campaign was cancelled before it left; the address can be reached by a later campaign.</summary>
    Cancelled = 3,
}

/// <summary>
/// One recipient's notice. Only the address's hash and a masked form are kept here; the plain address stays in the
/// import's staging (<c>PendingNoticeAddress</c>) until the notice is sent or has failed for good, then it is deleted.
/// </summary>
public class Notice
{
    public const int MaskedAddressMaxLength = 64;
    public const int FailureReplyMaxLength = 1000;

    public long Id { get; set; }

    public int CampaignId { get; set; }

    public long ExposedAddressId { get; set; }

    /// <summary>The code printed in the notice, e.g. <c>N-7KQ2-M9XD</c>, which the genuine-check page confirms.</summary>
    public required string Reference { get; set; }

    public required byte[] AddressHash { get; set; }

    /// <summary>e.g. <c>j•••@e•••.com</c>, computed while the plain address was known.</summary>
    public required string MaskedAddress { get; set; }

    public required string Culture { get; set; }

    public NoticeState State { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public Guid? LeaseId { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? FailedAt { get; set; }

    /// <summary>The server's reply to the last failed attempt (e.g. "550 5.1.1 mailbox unavailable").</summary>
    public string? FailureReply { get; set; }
}

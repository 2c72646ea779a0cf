namespace Portal.Core.Exposure;

public enum NoticeStatus
{
    NotSent = 0,
    Queued = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>One affected address of an incident, known only by its keyed hash.</summary>
public class ExposedAddress
{
    public long Id { get; set; }

    public int IncidentId { get; set; }

    /// <summary>HMAC-SHA256 of the normalised address under <c>Exposure:HashKey</c>.</summary>
    public required byte[] AddressHash { get; set; }

    public long ImportBatchId { get; set; }

    /// <summary>"en"/"fr" from the import, else null (the default language).</summary>
    public string? Language { get; set; }

    public NoticeStatus NoticeStatus { get; set; }
}

/// <summary>
/// The plain address a breach notice still has to be sent to; the only place a plain affected address is kept,
/// and only until its notice has been sent (or has failed for good).
/// </summary>
public class PendingNoticeAddress
{
    public long ExposedAddressId { get; set; }

    public required string Address { get; set; }
}

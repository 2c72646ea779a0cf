namespace Portal.Core.Reports;

/// <summary>Staff priority; Normal is zero so that reports from before priorities existed read as Normal.</summary>
public enum ReportPriority
{
    Low = -1,
    Normal = 0,
    High = 1,
    Urgent = 2,
}

public enum ReportSource
{
    /// <summary>The original message uploaded as an .eml file.</summary>
    Upload = 0,

    /// <summary>Sender, subject, date and text typed in by the reporter.</summary>
    Paste = 1,
}

/// <summary>
/// A customer's report of an unsolicited seller email. The evidence fields an agent sorts and clusters by (sender
/// domain, DKIM <c>d=</c>, Return-Path domain, originating IP) are columns; the full parsed evidence and the raw
/// message are in <see cref="ReportMessage"/> rows, so lists of reports stay light.
/// </summary>
public class AbuseReport
{
    public const int AddressMaxLength = 320;
    public const int DomainMaxLength = 253;
    public const int SubjectMaxLength = 500;
    public const int MessageIdMaxLength = 500;
    public const int SellerMaxLength = 200;
    public const int IpMaxLength = 45;

    public long Id { get; set; }

    /// <summary>The public reference, <c>AR-XXXX-XXXX</c> (<see cref="ReportReference"/>).</summary>
    public required string Reference { get; set; }

    /// <summary>The reporter's account; null once that account was deleted (the report stays, anonymised).</summary>
    public string? ReporterId { get; set; }

    public ReportSource Source { get; set; }

    public ReportState State { get; set; }

    public ReportOutcome Outcome { get; set; }

    public DateTime? OutcomeAt { get; set; }

    /// <summary>The incident the reporter says the message relates to, if any.</summary>
    public int? IncidentId { get; set; }

    /// <summary>The seller an agent linked the report to (the sellers themselves come with the triage area).</summary>
    public long? SellerId { get; set; }

    /// <summary>
    /// The earliest report by another reporter about the same message (same Message-ID): the same email reported
    /// twice, not a duplicate report.
    /// </summary>
    public long? SameMessageAsId { get; set; }

    /// <summary>Seller or store name as the reporter read it in the message.</summary>
    public string? ClaimedSeller { get; set; }

    public string? SenderAddress { get; set; }

    public string? SenderDomain { get; set; }

    public string? ReturnPathDomain { get; set; }

    /// <summary>The <c>d=</c> domain of the first passing DKIM signature (or the first signature at all).</summary>
    public string? DkimDomain { get; set; }

    public string? OriginatingIp { get; set; }

    public string? Subject { get; set; }

    /// <summary>The message's Message-ID without angle brackets; null for a pasted message.</summary>
    public string? MessageId { get; set; }

    /// <summary>The message's Date header, or the date the reporter says they received it.</summary>
    public DateTimeOffset? MessageDate { get; set; }

    /// <summary>Whether one of the message's recipients is one of the reporter's addresses (null: not known).</summary>
    public bool? AddressedToReporter { get; set; }

    /// <summary>Lower-case hex SHA-256 of the original message as received (the pasted text for a pasted one).</summary>
    public required string MessageSha256 { get; set; }

    /// <summary>The agent or admin working on the report (a user id; no foreign key, so removing staff never blocks).</summary>
    public string? AssigneeId { get; set; }

    /// <summary>How urgently staff should work on the report (set by staff; the reporter never sees it).</summary>
    public ReportPriority Priority { get; set; }

    /// <summary>The report this one repeats, as an agent marked it (staff-only; undone by clearing it; no foreign key).</summary>
    public long? DuplicateOfId { get; set; }

    /// <summary>When a first response is due: submission time plus <c>Triage:FirstResponseHours</c>.</summary>
    public DateTime? DueAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public List<ReportEvent> Events { get; set; } = [];

    public List<ReportMessage> Messages { get; set; } = [];
}

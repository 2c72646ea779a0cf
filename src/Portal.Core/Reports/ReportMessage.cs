namespace Portal.Core.Reports;

/// <summary>
/// A message attached to a report: the original (uploaded .eml or pasted text) or one added later. Its bytes are in
/// <see cref="ReportMessageContent"/>, a table of their own, so reading a report's evidence never loads them.
/// </summary>
public class ReportMessage
{
    public const int FileNameMaxLength = 200;

    public long Id { get; set; }

    public long ReportId { get; set; }

    public ReportSource Source { get; set; }

    public DateTime AddedAt { get; set; }

    public string? FileName { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }

    public string? MessageId { get; set; }

    /// <summary>The parsed evidence as JSON (<see cref="ReportEvidence"/>); null for pasted text.</summary>
    public string? EvidenceJson { get; set; }

    public ReportMessageContent? Content { get; set; }
}

/// <summary>The raw bytes of a <see cref="ReportMessage"/>: the .eml as uploaded, or the pasted text in UTF-8.</summary>
public class ReportMessageContent
{
    public long ReportMessageId { get; set; }

    public required byte[] Bytes { get; set; }
}

using MimeKit;

namespace Portal.Core.Reports;

/// <summary>A field of the report form that failed validation.</summary>
public enum ReportField
{
    Sender,
    Subject,
    ReceivedOn,
    Text,
    Seller,
    Comment,
    Incident,
}

/// <summary>What a customer submits: an uploaded message, or the details of one typed in; a comment; an incident.</summary>
public sealed record ReportDraft
{
    public const int TextMaxLength = 100_000;
    public const int CommentMaxLength = 4000;

    public ReportSource Source { get; init; }

    /// <summary>The uploaded .eml, when <see cref="Source"/> is <see cref="ReportSource.Upload"/>.</summary>
    public byte[]? Eml { get; init; }

    public string? FileName { get; init; }

    public string? SenderAddress { get; init; }

    public string? Subject { get; init; }

    public DateOnly? ReceivedOn { get; init; }

    public string? Text { get; init; }

    public string? ClaimedSeller { get; init; }

    public string? Comment { get; init; }

    public int? IncidentId { get; init; }

    /// <summary>The fields a pasted report or the comment get wrong (an upload is checked by <see cref="EvidenceParser"/>).</summary>
    public IReadOnlyList<ReportField> Validate(DateOnly today)
    {
        var errors = new List<ReportField>();
        if (Source == ReportSource.Paste)
        {
            if (string.IsNullOrWhiteSpace(SenderAddress) || SenderAddress.Length > AbuseReport.AddressMaxLength
                || !MailboxAddress.TryParse(SenderAddress.Trim(), out var mailbox) || !mailbox.Address.Contains('@'))
            {
                errors.Add(ReportField.Sender);
            }

            if (Subject is { Length: > AbuseReport.SubjectMaxLength })
            {
                errors.Add(ReportField.Subject);
            }

            if (ReceivedOn is { } day && day > today)
            {
                errors.Add(ReportField.ReceivedOn);
            }

            if (string.IsNullOrWhiteSpace(Text) || Text.Length > TextMaxLength)
            {
                errors.Add(ReportField.Text);
            }
        }

        if (ClaimedSeller is { Length: > AbuseReport.SellerMaxLength })
        {
            errors.Add(ReportField.Seller);
        }

        if (Comment is { Length: > CommentMaxLength })
        {
            errors.Add(ReportField.Comment);
        }

        return errors;
    }
}

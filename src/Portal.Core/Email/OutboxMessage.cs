namespace Portal.Core.Email;

public enum OutboxState
{
    /// <summary>Waiting to be sent (possibly after a transient failure, at <see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Pending = 0,
    Sent = 1,
    /// <summary>Failed for good: a permanent (5xx) answer, or the attempts ran out.</summary>
    Failed = 2,
}

/// <summary>
/// One email waiting to leave, saved in the same transaction as the business change that caused it.
/// A dispatcher claims it with a lease, so several instances never send it at the same time.
/// </summary>
public class OutboxMessage
{
    public const int RecipientMaxLength = 320;
    public const int SubjectMaxLength = 400;
    public const int LastErrorMaxLength = 2000;

    public Guid Id { get; set; }

    /// <summary>What kind of email this is (e.g. "account.confirm"); used for reports and redaction rules.</summary>
    public required string Kind { get; set; }

    public required string Culture { get; set; }

    /// <summary>Null once redacted (breach notices erase the plain address after sending).</summary>
    public string? Recipient { get; set; }

    public string? RecipientName { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>Stable across retries, so a receiver can tell a re-delivery from a new message.</summary>
    public required string MessageId { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>The claim that currently holds this message; null when unclaimed.</summary>
    public Guid? LeaseId { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }
}

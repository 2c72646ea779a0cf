namespace Portal.Core.Email;

public enum DeliveryOutcome
{
    Sent,
    /// <summary>Worth trying again later: connection problems, timeouts, 4xx answers.</summary>
    TransientFailure,
    /// <summary>The server refused the message for good (5xx); trying again would not help.</summary>
    PermanentFailure,
    /// <summary>Not tried (the connection broke earlier in the batch, or the host is stopping): released for the next claim.</summary>
    NotAttempted,
}

/// <summary>What happened to one claimed message.</summary>
public sealed record DeliveryResult(OutboxMessage Message, DeliveryOutcome Outcome, string? Error = null);

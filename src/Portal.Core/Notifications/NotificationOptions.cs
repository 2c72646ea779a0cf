namespace Portal.Core.Notifications;

/// <summary>The <c>Notifications</c> configuration section: how breach notices are sent.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Most notices one instance sends per second; 0 means no limit.</summary>
    public double MaxPerSecond { get; set; } = 20;

    /// <summary>Language of recipients whose import gave none ("en" or "fr").</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Notices claimed, sent over one connection and recorded at a time: a crash can send at most this many twice.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim holds its notices before another instance may take them over.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Notices created per transaction when a campaign starts (streamed, so memory stays flat).</summary>
    public int QueueChunkSize { get; set; } = 2_000;

    /// <summary>Attempts before a notice that keeps failing transiently (4xx) is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay of a transient failure; each later one doubles, with jitter.</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>Pause after the mail server could not be reached; no attempt is counted, nothing is lost.</summary>
    public double ConnectRetrySeconds { get; set; } = 10;

    /// <summary>How often an idle sender looks for work.</summary>
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>The public "Is this email genuine?" page: reference lookups per client network per window.</summary>
    public int GenuineCheckPermitLimit { get; set; } = 30;

    public int GenuineCheckWindowMinutes { get; set; } = 10;
}

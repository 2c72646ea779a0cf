namespace Portal.Core.Exposure;

/// <summary>The <c>Exposure</c> configuration section.</summary>
public sealed class ExposureOptions
{
    public const string Section = "Exposure";

    /// <summary>
    /// Base64 of at least 32 random bytes: the HMAC key of the affected list. Required outside Development (where one
    /// is generated and kept in the data folder). Changing it makes every imported hash unusable.
    /// </summary>
    public string? HashKey { get; set; }

    /// <summary>Largest affected-list upload accepted through the browser, in bytes (the command line has no limit).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Lines read per transaction, then rows merged into the affected list per transaction; progress is saved at each commit.</summary>
    public int ImportChunkSize { get; set; } = 100_000;

    /// <summary>An import with no progress for this long is taken as interrupted (its process died) and rolled back.</summary>
    public int StaleImportMinutes { get; set; } = 10;

    /// <summary>The anonymous exposure check: its one-time codes and its limits.</summary>
    public ExposureCheckOptions Check { get; set; } = new();
}

/// <summary>The <c>Exposure:Check</c> configuration section.</summary>
public sealed class ExposureCheckOptions
{
    /// <summary>How long a one-time code can be used.</summary>
    public int CodeLifetimeMinutes { get; set; } = 15;

    /// <summary>Wrong codes accepted before a check is locked (even the right code is then refused).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Codes sent to one address within <see cref="AddressWindowMinutes"/>; past it the page answers the same but
    /// nothing is stored or sent, so the check cannot be used to flood someone's mailbox.
    /// </summary>
    public int MaxCodesPerAddress { get; set; } = 3;

    public int AddressWindowMinutes { get; set; } = 60;

    /// <summary>How long after a correct code its browser can show the result again and create an account with the address.</summary>
    public int ResultMinutes { get; set; } = 30;

    /// <summary>Check requests (address or code submissions) one client network may make within <see cref="IpWindowMinutes"/>; past it, 429.</summary>
    public int IpPermitLimit { get; set; } = 20;

    public int IpWindowMinutes { get; set; } = 15;

    /// <summary>Finished or abandoned checks are deleted after this many hours (at least the address window).</summary>
    public int RetentionHours { get; set; } = 24;
}

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

    /// <summary>Lines imported per transaction; progress is saved at each commit.</summary>
    public int ImportChunkSize { get; set; } = 20_000;

    /// <summary>An import with no progress for this long is taken as interrupted (its process died) and rolled back.</summary>
    public int StaleImportMinutes { get; set; } = 10;
}

namespace Portal.Core.Reports;

/// <summary>The <c>Reports</c> configuration section.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Largest .eml accepted, in megabytes (uploads above it are refused before they are read).</summary>
    public int MaxUploadMegabytes { get; set; } = 10;

    /// <summary>Reports and additions one customer may submit per hour; past it the form asks them to wait.</summary>
    public int SubmissionsPerHour { get; set; } = 20;

    /// <summary>Messages one report may hold (the original and those added later).</summary>
    public int MaxMessagesPerReport { get; set; } = 10;

    /// <summary>Days after a report closes before its raw messages are deleted (hashes, evidence and timeline stay).</summary>
    public int RawRetentionDays { get; set; } = 180;

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;
}

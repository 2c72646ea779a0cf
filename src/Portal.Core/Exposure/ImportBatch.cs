namespace Portal.Core.Exposure;

public enum ImportState
{
    /// <summary>Uploaded and counted; nothing imported yet.</summary>
    Previewed = 0,
    Importing = 1,
    Completed = 2,
    /// <summary>Stopped by an error or a crash; its rows were removed.</summary>
    Failed = 3,
    /// <summary>Cancelled before or during the import; its rows were removed.</summary>
    Cancelled = 4,
}

/// <summary>One upload of an affected list: its preview counts, then its import's progress and result.</summary>
public class ImportBatch
{
    public long Id { get; set; }

    public int IncidentId { get; set; }

    public required string FileName { get; set; }

    public long FileSize { get; set; }

    public ImportState State { get; set; }

    public long TotalLines { get; set; }

    public long ValidCount { get; set; }

    public long InvalidCount { get; set; }

    public long DuplicateInFileCount { get; set; }

    public long AlreadyImportedCount { get; set; }

    /// <summary>The addresses the preview expects this import to add (not stored: derived from the counts above).</summary>
    public long ExpectedNewCount => Math.Max(0, ValidCount - DuplicateInFileCount - AlreadyImportedCount);

    public long ProcessedLines { get; set; }

    public long ImportedCount { get; set; }

    public string? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set at every committed chunk: an import whose heartbeat stopped long ago was interrupted.</summary>
    public DateTime? LastProgressAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? Error { get; set; }
}

namespace Portal.Core.Exposure;

/// <summary>What an upload holds before anything is imported.</summary>
public sealed record ImportPreview(ImportBatch Batch, IReadOnlyList<AffectedListLine> FirstInvalidLines)
{
    /// <summary>How many invalid lines are listed on screen; all of them can be downloaded.</summary>
    public const int InvalidLinesShown = 100;
}

/// <summary>
/// How far an import is. Reading the file into the staging table is the first half of the work; adding its new
/// addresses to the affected list, the second.
/// </summary>
public readonly record struct ImportProgress(long ProcessedLines, long TotalLines, long Imported, long ExpectedNew)
{
    public double Fraction => Of(ProcessedLines, TotalLines, Imported, ExpectedNew);

    public static double Of(long processedLines, long totalLines, long imported, long expectedNew)
    {
        var read = totalLines == 0 ? 1 : Math.Min(1, (double)processedLines / totalLines);
        var added = expectedNew == 0 ? Math.Floor(read) : Math.Min(1, (double)imported / expectedNew);
        return (read + added) / 2;
    }
}

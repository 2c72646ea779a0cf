namespace Portal.Core.Exposure;

/// <summary>What an upload holds before anything is imported.</summary>
public sealed record ImportPreview(ImportBatch Batch, IReadOnlyList<AffectedListLine> FirstInvalidLines)
{
    /// <summary>How many invalid lines are listed on screen; all of them can be downloaded.</summary>
    public const int InvalidLinesShown = 100;
}

public readonly record struct ImportProgress(long ProcessedLines, long TotalLines, long Imported)
{
    public double Fraction => TotalLines == 0 ? 1 : Math.Min(1, (double)ProcessedLines / TotalLines);
}

using Portal.Core.Exposure;

namespace Portal.Core.Tests.Exposure;

/// <summary>The progress bar's share: reading the file is the first half, adding its new addresses the second.</summary>
public sealed class ImportProgressTests
{
    [Theory]
    [InlineData(0, 1000, 0, 800, 0.0)]
    [InlineData(500, 1000, 0, 800, 0.25)]
    [InlineData(1000, 1000, 0, 800, 0.5)]
    [InlineData(1000, 1000, 400, 800, 0.75)]
    [InlineData(1000, 1000, 800, 800, 1.0)]
    [InlineData(500, 1000, 0, 0, 0.25)]
    [InlineData(1000, 1000, 0, 0, 1.0)]
    [InlineData(1000, 1000, 900, 800, 1.0)]
    public void Reading_and_adding_each_count_for_half(long read, long total, long imported, long expectedNew, double fraction) =>
        Assert.Equal(fraction, new ImportProgress(read, total, imported, expectedNew).Fraction, 3);
}

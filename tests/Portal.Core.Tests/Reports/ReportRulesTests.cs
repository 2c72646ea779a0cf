using Portal.Core.Reports;

namespace Portal.Core.Tests.Reports;

public sealed class ReportRulesTests
{
    [Fact]
    public void References_have_the_public_format_and_do_not_repeat()
    {
        var references = Enumerable.Range(0, 5000).Select(_ => ReportReference.New()).ToList();

        Assert.All(references, r => Assert.Matches("^AR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", r));
        Assert.Equal(references.Count, references.Distinct().Count());
    }

    [Theory]
    [InlineData(" ar-7kq2-m9xd ", "AR-7KQ2-M9XD")]
    [InlineData("AR-7KQ2-M9XD", "AR-7KQ2-M9XD")]
    [InlineData("AR-7KQ2M9XD", null)]
    [InlineData("AR-7KQ2-M9XO", null)]
    [InlineData("12", null)]
    [InlineData(null, null)]
    public void Typed_references_are_normalised_or_refused(string? typed, string? expected) =>
        Assert.Equal(expected, ReportReference.Normalize(typed));

    [Theory]
    [InlineData(ReportState.Submitted, true)]
    [InlineData(ReportState.InReview, true)]
    [InlineData(ReportState.ActionTaken, false)]
    [InlineData(ReportState.NoViolation, false)]
    [InlineData(ReportState.Duplicate, false)]
    [InlineData(ReportState.Closed, false)]
    [InlineData(ReportState.Withdrawn, false)]
    public void Only_open_reports_can_be_withdrawn(ReportState state, bool allowed)
    {
        Assert.Equal(allowed, ReportStates.IsOpen(state));
        Assert.Equal(allowed, ReportStates.CanMove(state, ReportState.Withdrawn));
    }

    [Fact]
    public void Closed_and_withdrawn_reports_go_nowhere_and_nothing_goes_back_to_submitted()
    {
        foreach (var to in Enum.GetValues<ReportState>())
        {
            Assert.False(ReportStates.CanMove(ReportState.Closed, to));
            Assert.False(ReportStates.CanMove(ReportState.Withdrawn, to));
            Assert.All(Enum.GetValues<ReportState>(), from => Assert.False(ReportStates.CanMove(from, ReportState.Submitted)));
        }

        Assert.True(ReportStates.CanMove(ReportState.Submitted, ReportState.InReview));
        Assert.True(ReportStates.CanMove(ReportState.InReview, ReportState.ActionTaken));
        Assert.True(ReportStates.CanMove(ReportState.ActionTaken, ReportState.Closed));
        Assert.False(ReportStates.CanMove(ReportState.ActionTaken, ReportState.NoViolation));
    }
}

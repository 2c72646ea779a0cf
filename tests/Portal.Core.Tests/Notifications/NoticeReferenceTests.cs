using System.Text.RegularExpressions;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

public sealed partial class NoticeReferenceTests
{
    [Fact]
    public void A_reference_is_N_and_two_groups_of_four_unambiguous_symbols()
    {
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Matches(Format(), NoticeReference.New());
        }
    }

    [Fact]
    public void References_do_not_repeat_and_use_the_whole_alphabet()
    {
        var references = Enumerable.Range(0, 50_000).Select(_ => NoticeReference.New()).ToList();

        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.Equal(NoticeReference.Alphabet.Order(), references.SelectMany(r => r.Replace("-", "")[1..]).Distinct().Order());
    }

    [Theory]
    [InlineData("N-7KQ2-M9XD", "N-7KQ2-M9XD")]
    [InlineData("  n-7kq2-m9xd ", "N-7KQ2-M9XD")]
    [InlineData("7KQ2M9XD", "N-7KQ2-M9XD")]
    [InlineData("N 7KQ2 M9XD", "N-7KQ2-M9XD")]
    [InlineData("N-7KQ2-M9X", null)]
    [InlineData("N-7KQ2-M9XO", null)]
    [InlineData("N-TEST-0000", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Typed_references_are_read_leniently_but_only_in_the_alphabet(string? typed, string? expected) =>
        Assert.Equal(expected, NoticeReference.Normalize(typed));

    [GeneratedRegex("^N-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}$")]
    private static partial Regex Format();
}

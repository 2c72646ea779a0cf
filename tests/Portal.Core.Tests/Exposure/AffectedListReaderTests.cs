using System.Text;
using Portal.Core.Exposure;

namespace Portal.Core.Tests.Exposure;

public sealed class AffectedListReaderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-list-");

    public void Dispose() => folder.Delete(recursive: true);

    [Theory]
    [InlineData("a@example.com\nB@Example.com\n", false)]
    [InlineData("a@example.com\r\nB@Example.com\r\n", false)]
    [InlineData("a@example.com\r\nB@Example.com", true)]
    [InlineData("\n  a@example.com  \n\nB@Example.com\n\n", true)]
    public async Task Plain_lists_read_with_or_without_bom_lf_or_crlf(string content, bool withBom)
    {
        var lines = await ReadAsync(Write(content, withBom));

        Assert.Equal(["a@example.com", "b@example.com"], lines.Select(l => l.Address));
        Assert.All(lines, l => Assert.True(l.IsValid));
    }

    [Fact]
    public async Task Plain_list_reports_invalid_lines_with_their_numbers()
    {
        var lines = await ReadAsync(Write("good@example.com\nnot an address\n\nalso@bad\n"));

        Assert.Equal([1L, 2L, 4L], lines.Select(l => l.LineNumber));
        Assert.Equal([LineProblem.None, LineProblem.Address, LineProblem.Address], lines.Select(l => l.Problem));
        Assert.Equal(AddressProblem.NoAtSign, lines[1].AddressProblem);
        Assert.Equal(AddressProblem.InvalidDomain, lines[2].AddressProblem);
    }

    [Theory]
    [InlineData("email,language\nA@example.com,fr\nb@example.com,\nc@example.com,EN\n")]
    [InlineData("\uFEFFEmail;Language\r\nA@example.com;fr\r\nb@example.com;\r\nc@example.com;en\r\n")]
    [InlineData("language,name,email\nfr,Ann,a@example.com\n,Bob,b@example.com\nen,\"Smith, C\",c@example.com\n")]
    public async Task Csv_reads_the_email_and_language_columns(string content)
    {
        var lines = await ReadAsync(Write(content));

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], lines.Select(l => l.Address));
        Assert.Equal(["fr", null, "en"], lines.Select(l => l.Language));
        Assert.Equal([2L, 3L, 4L], lines.Select(l => l.LineNumber));
    }

    [Fact]
    public async Task Csv_with_an_unknown_language_reports_the_line()
    {
        var lines = await ReadAsync(Write("email,language\na@example.com,de\n"));

        Assert.Equal(LineProblem.UnknownLanguage, Assert.Single(lines).Problem);
    }

    [Theory]
    [InlineData("mail,language\na@example.com,fr\n", AffectedListError.MissingEmailColumn)]
    [InlineData("", AffectedListError.Empty)]
    [InlineData("\n\n   \n", AffectedListError.Empty)]
    [InlineData("email\n", AffectedListError.Empty)]
    public async Task Files_that_cannot_be_a_list_are_refused_whole(string content, AffectedListError expected)
    {
        var error = await Assert.ThrowsAsync<AffectedListException>(() => ReadAsync(Write(content)));

        Assert.Equal(expected, error.Error);
    }

    [Fact]
    public async Task Binary_files_are_refused_as_not_text()
    {
        var path = Path.Combine(folder.FullName, "photo.jpg");
        await File.WriteAllBytesAsync(path, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AffectedListException>(() => ReadAsync(path));

        Assert.Equal(AffectedListError.NotText, error.Error);
    }

    [Fact]
    public async Task Nul_bytes_in_otherwise_valid_utf8_are_refused_as_not_text()
    {
        var error = await Assert.ThrowsAsync<AffectedListException>(() => ReadAsync(Write("a@example.com\nb\0@example.com\n")));

        Assert.Equal(AffectedListError.NotText, error.Error);
        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public async Task A_ten_megabyte_single_line_is_one_too_long_line_not_a_ten_megabyte_string()
    {
        var lines = await ReadAsync(Write(new string('a', 10 * 1024 * 1024) + "@example.com"));

        var line = Assert.Single(lines);
        Assert.Equal(LineProblem.TooLong, line.Problem);
        Assert.Null(line.Address);
    }

    [Fact]
    public async Task Lines_after_an_overlong_line_are_still_read()
    {
        var lines = await ReadAsync(Write(new string('x', 5000) + "\r\nok@example.com\r\n"));

        Assert.Equal([LineProblem.TooLong, LineProblem.None], lines.Select(l => l.Problem));
        Assert.Equal(2, lines[1].LineNumber);
    }

    private string Write(string content, bool withBom = false)
    {
        var path = Path.Combine(folder.FullName, $"{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, content, new UTF8Encoding(withBom));
        return path;
    }

    private static Task<List<AffectedListLine>> ReadAsync(string path) =>
        Task.Run(() => AffectedListReader.Read(path, TestContext.Current.CancellationToken).ToList());
}

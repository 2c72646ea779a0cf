using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Portal.Core.Tests.Localization;

/// <summary>Every string of every resource file under src/ (Core and Web) exists in English and in French.</summary>
public sealed partial class ResxTranslationTests
{
    private static readonly string SourceRoot = FindSourceRoot();

    public static TheoryData<string> NeutralFiles => new(NeutralFilePaths());

    [Fact]
    public void The_source_tree_has_resource_files_in_core_and_web()
    {
        var files = NeutralFilePaths();
        Assert.Contains(files, f => f.StartsWith("Portal.Core", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("Portal.Web", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_french_file_has_its_english_file()
    {
        var orphans = Directory.EnumerateFiles(SourceRoot, "*.fr.resx", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path) && !File.Exists(path[..^".fr.resx".Length] + ".resx"))
            .Select(path => Path.GetRelativePath(SourceRoot, path));
        Assert.Empty(orphans);
    }

    [Theory]
    [MemberData(nameof(NeutralFiles))]
    public void English_and_french_have_the_same_keys_and_placeholders(string neutralFile)
    {
        var english = Read(Path.Combine(SourceRoot, neutralFile));
        var frenchPath = Path.Combine(SourceRoot, neutralFile[..^".resx".Length] + ".fr.resx");
        Assert.True(File.Exists(frenchPath), $"{neutralFile} has no French file.");
        var french = Read(frenchPath);

        Assert.Equal([], english.Keys.Except(french.Keys).Order().Select(k => $"missing in French: {k}"));
        Assert.Equal([], french.Keys.Except(english.Keys).Order().Select(k => $"missing in English: {k}"));
        foreach (var (key, value) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"{neutralFile}: {key} is empty in English.");
            Assert.False(string.IsNullOrWhiteSpace(french[key]), $"{neutralFile}: {key} is empty in French.");
            Assert.True(
                Placeholders(value).SetEquals(Placeholders(french[key])),
                $"{neutralFile}: {key} has different placeholders in English and French.");
        }
    }

    private static List<string> NeutralFilePaths() =>
        Directory.EnumerateFiles(SourceRoot, "*.resx", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".fr.resx", StringComparison.OrdinalIgnoreCase) && !IsBuildOutput(path))
            .Select(path => Path.GetRelativePath(SourceRoot, path))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static HashSet<string> Placeholders(string value) =>
        Placeholder().Matches(value).Select(m => m.Groups[1].Value).ToHashSet();

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return Path.Combine(dir.FullName, "src");
            }
        }

        throw new InvalidOperationException("Portal.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}

using System.Reflection;
using System.Text.Json;
using Portal.Core.Branding;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Exposure;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Reports;
using Portal.Core.Triage;

namespace Portal.Core.Tests.Configuration;

/// <summary>appsettings.example.json is the configuration reference: it must name every key the options classes read.</summary>
public sealed class ExampleSettingsTests
{
    public static TheoryData<string, Type> OptionsSections => new()
    {
        { DatabaseOptions.Section, typeof(DatabaseOptions) },
        { EmailOptions.Section, typeof(EmailOptions) },
        { BrandingOptions.Section, typeof(BrandingOptions) },
        { ExposureOptions.Section, typeof(ExposureOptions) },
        { AccountRateLimitOptions.Section, typeof(AccountRateLimitOptions) },
        { NotificationOptions.Section, typeof(NotificationOptions) },
        { ReportOptions.Section, typeof(ReportOptions) },
        { TriageOptions.Section, typeof(TriageOptions) },
    };

    [Theory]
    [MemberData(nameof(OptionsSections))]
    public void Every_options_key_is_documented_in_the_example(string section, Type optionsType)
    {
        using var example = JsonDocument.Parse(
            File.ReadAllText(FindRepositoryFile("appsettings.example.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        Assert.True(example.RootElement.TryGetProperty(section, out var sectionElement), $"section {section} is missing");

        var missing = KeyPaths(optionsType, section).Where(path => !Exists(example.RootElement, path)).ToList();

        Assert.Empty(missing);
    }

    private static IEnumerable<string> KeyPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string))
            {
                foreach (var nested in KeyPaths(propertyType, path))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static bool Exists(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split(':'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return false;
            }
        }

        return true;
    }

    private static string FindRepositoryFile(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}");
    }
}

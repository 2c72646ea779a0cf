using System.Globalization;

namespace Portal.Web.Localization;

public static class PortalCultures
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> Supported = ["en", "fr"];

    /// <summary>The supported culture for a requested one ("fr-CA" → "fr"), or null.</summary>
    public static string? Match(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }

        var language = requested.Split('-', 2)[0].ToLowerInvariant();
        return Supported.Contains(language) ? language : null;
    }

    public static CultureInfo Culture(string? requested) => CultureInfo.GetCultureInfo(Match(requested) ?? Default);
}

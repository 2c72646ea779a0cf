using System.Globalization;
using System.Resources;
using Portal.Web.Localization;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>The portal's own shared UI strings, so assertions follow the resource files rather than copies of them.</summary>
public static class UiStrings
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public static string En(string key) => Get(key, "en");

    public static string Fr(string key) => Get(key, "fr");

    public static string Get(string key, string culture) =>
        Resources.GetString(key, CultureInfo.GetCultureInfo(culture))
        ?? throw new KeyNotFoundException($"UiText has no '{key}' for '{culture}'.");
}

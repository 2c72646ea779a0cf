using System.Globalization;
using System.Resources;
using Portal.Web.Components.Account;
using Portal.Web.Localization;

namespace Portal.E2E.Infrastructure;

/// <summary>The shell's shared UI strings (UiText), so assertions follow the resource files rather than copies of them.</summary>
public static class UiStrings
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public static string En(string key) => ResourceText.Get(Resources, key, "en");

    public static string Fr(string key) => ResourceText.Get(Resources, key, "fr");
}

/// <summary>The account pages' strings (AccountText).</summary>
public static class AccountStrings
{
    public static string En(string key) => ResourceText.Get(AccountText.ResourceManager, key, "en");
}

internal static class ResourceText
{
    public static string Get(ResourceManager resources, string key, string culture) =>
        resources.GetString(key, CultureInfo.GetCultureInfo(culture))
        ?? throw new KeyNotFoundException($"{resources.BaseName} has no '{key}' for '{culture}'.");
}

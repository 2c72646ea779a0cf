using System.Globalization;
using System.Resources;

namespace Portal.Core.Triage;

/// <summary>Marker for the canned responses' wording (CannedResponseText.resx, CannedResponseText.fr.resx).</summary>
public sealed class CannedResponseText;

/// <summary>A ready-made reply: its title in the agent's language, its text in the reporter's.</summary>
public sealed record CannedResponse(string Key, string Title, string Text);

/// <summary>
/// The replies agents send most, kept in code: add one by adding its key here and its <c>.Title</c> and <c>.Text</c>
/// to both resource files. The text is always in the reporter's language, whatever the agent reads the page in.
/// </summary>
public static class CannedResponses
{
    public static readonly IReadOnlyList<string> Keys = ["Thanks", "NeedOriginal", "SellerAction"];

    private static readonly ResourceManager Resources = new(typeof(CannedResponseText));

    /// <param name="uiCulture">The agent's language, for the titles.</param>
    /// <param name="reporterLanguage">"en" or "fr", for the texts.</param>
    public static IReadOnlyList<CannedResponse> For(CultureInfo uiCulture, string reporterLanguage)
    {
        var reporter = CultureInfo.GetCultureInfo(reporterLanguage);
        return Keys.Select(key => new CannedResponse(key, Get($"{key}.Title", uiCulture), Get($"{key}.Text", reporter))).ToList();
    }

    private static string Get(string name, CultureInfo culture) =>
        Resources.GetString(name, culture) ?? throw new InvalidOperationException($"The canned response {name} has no text.");
}

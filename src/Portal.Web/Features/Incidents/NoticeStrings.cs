using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Portal.Core.Incidents;

namespace Portal.Web.Features.Incidents;

/// <summary>
/// The notice's strings, texts and dates in one explicit language. <c>IStringLocalizer</c> follows the request's
/// culture, but the admin preview shows the French notice to an admin whose interface is in English.
/// </summary>
public sealed partial class NoticeStrings(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new(typeof(IncidentText));

    public CultureInfo Culture => culture;

    public string Language => culture.TwoLetterISOLanguageName;

    public string this[string key] => Resources.GetString(key, culture) ?? key;

    public string this[string key, params object[] arguments] => string.Format(culture, this[key], arguments);

    /// <summary>The incident's own text in this language (English while a draft has no French yet).</summary>
    public string Text(LocalizedText text) => text.For(culture.Name);

    /// <summary>A long date without the weekday ("17 novembre 2026", "November 17, 2026"), or "not established yet".</summary>
    public string Date(DateOnly? date) =>
        date is { } day ? day.ToString(Weekday().Replace(culture.DateTimeFormat.LongDatePattern, "").Trim(), culture) : this["Notice.DateUnknown"];

    [GeneratedRegex(@"dddd[,\s]*")]
    private static partial Regex Weekday();
}

using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Reports;

namespace Portal.Web.Features.Reports;

/// <summary>The localised texts of what can be wrong with an upload or a field, and how dates are shown.</summary>
public static class ReportMessages
{
    public static string UploadError(this IStringLocalizer<ReportPageText> text, EvidenceError error, int maxMegabytes) => error switch
    {
        EvidenceError.Empty => text["Upload.Error.Empty"],
        EvidenceError.TooLarge => text["Upload.Error.TooLarge", maxMegabytes],
        EvidenceError.BrokenHeaders => text["Upload.Error.BrokenHeaders"],
        EvidenceError.EightBitHeaders => text["Upload.Error.EightBitHeaders"],
        _ => text["Upload.Error.NotAMessage"],
    };

    public static string FieldError(this IStringLocalizer<ReportPageText> text, ReportField field) => text[$"Field.{field}.Error"];

    /// <summary>A moment in UTC, written for the reader's culture.</summary>
    public static string When(DateTime utc) =>
        string.Create(CultureInfo.CurrentCulture, $"{utc.ToString("d MMMM yyyy, HH:mm", CultureInfo.CurrentCulture)} UTC");

    public static string When(DateTimeOffset? at) => at is { } value ? When(value.UtcDateTime) : "";
}

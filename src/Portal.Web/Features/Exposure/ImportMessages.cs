using Microsoft.Extensions.Localization;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>The localised texts for what the reader finds wrong with a file or a line.</summary>
public static class ImportMessages
{
    public static string FileError(this IStringLocalizer<ImportText> text, AffectedListException error, long maxUploadBytes) => error.Error switch
    {
        AffectedListError.Empty => text["Error.Empty"],
        AffectedListError.NotText => text["Error.NotText", error.LineNumber],
        AffectedListError.MissingEmailColumn => text["Error.MissingEmailColumn"],
        AffectedListError.MalformedCsv => text["Error.MalformedCsv", error.LineNumber],
        AffectedListError.NoValidLine => text["Error.NoValidLine", error.LineNumber],
        AffectedListError.TooLarge => text["Error.TooLarge", Megabytes(maxUploadBytes)],
        _ => text["Error.Unreadable"],
    };

    public static string Reason(this IStringLocalizer<ImportText> text, AffectedListLine line) => line.Problem switch
    {
        LineProblem.TooLong => text["Reason.LineTooLong", AffectedListReader.MaxLineLength],
        LineProblem.UnknownLanguage => text["Reason.UnknownLanguage"],
        _ => line.AddressProblem switch
        {
            AddressProblem.Empty => text["Reason.Empty"],
            AddressProblem.TooLong => text["Reason.AddressTooLong", AddressNormalizer.MaxLength],
            AddressProblem.NoAtSign => text["Reason.NoAtSign"],
            AddressProblem.EmptyLocalPart => text["Reason.EmptyLocalPart"],
            AddressProblem.InvalidLocalPart => text["Reason.InvalidLocalPart"],
            AddressProblem.InvalidDomain => text["Reason.InvalidDomain"],
            _ => text["Reason.Invalid"],
        },
    };

    /// <summary>A size in whole megabytes (1 MB = 1,048,576 bytes), as the limit is configured.</summary>
    public static long Megabytes(long bytes) => bytes / (1024 * 1024);
}

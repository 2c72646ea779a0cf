using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.Localization;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// <c>GET /admin/exposure/imports/{batchId}/invalid-lines.csv</c>: every invalid line of an uploaded list (number and
/// localised reason, never its content), streamed from the upload while it is kept.
/// </summary>
internal static class InvalidLinesEndpoint
{
    public const string Pattern = "/admin/exposure/imports/{batchId:long}/invalid-lines.csv";

    public static string PathFor(long batchId) => $"admin/exposure/imports/{batchId}/invalid-lines.csv";

    public static IResult Handle(long batchId, HttpContext context, ImportUploads uploads, IStringLocalizer<ImportText> text)
    {
        // The first step opens the file, so a file already deleted (its import ended), or a batch never uploaded here
        // (no uploads folder yet), is a 404, not a broken download.
        var lines = ExposureImporter.InvalidLines(uploads.PathFor(batchId), context.RequestAborted).GetEnumerator();
        bool any;
        try
        {
            any = lines.MoveNext();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            lines.Dispose();
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Stream(body => WriteAsync(body, lines, any, text), "text/csv; charset=utf-8", $"invalid-lines-{batchId}.csv");
    }

    private static async Task WriteAsync(Stream body, IEnumerator<AffectedListLine> lines, bool any, IStringLocalizer<ImportText> text)
    {
        using (lines)
        {
            // A BOM, so spreadsheet programs read the French reasons as UTF-8. Writes are asynchronous: Kestrel refuses synchronous ones.
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            csv.WriteField("line");
            csv.WriteField("reason");
            await csv.NextRecordAsync();
            for (var more = any; more; more = lines.MoveNext())
            {
                csv.WriteField(lines.Current.LineNumber);
                csv.WriteField(text.Reason(lines.Current));
                await csv.NextRecordAsync();
            }
        }
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Core.Audit;

namespace Portal.Web.Features.Audit;

/// <summary>
/// <c>GET /admin/audit/export.csv?who=&amp;action=&amp;type=&amp;id=&amp;from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: the
/// filtered audit log as CSV, newest first; the export is itself recorded in the log.
/// </summary>
internal static class AuditExportEndpoint
{
    public const string Pattern = "/admin/audit/export.csv";

    public static string PathFor(AuditFilter filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["who"] = filter.Who,
            ["action"] = filter.Action,
            ["type"] = filter.RecordType,
            ["id"] = filter.RecordId,
            ["from"] = filter.From?.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString(DateFormat, CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Pattern.TrimStart('/'), query);
    }

    public static IResult Handle(HttpContext context, AuditLog log, IStringLocalizer<AuditText> text, TimeProvider clock)
    {
        var query = context.Request.Query;
        if (!TryDate(query["from"], out var from) || !TryDate(query["to"], out var to))
        {
            return Results.Text(text["Error.Date"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var filter = new AuditFilter(query["who"], query["action"], query["type"], query["id"], from, to);
        if (!filter.IsValid)
        {
            return Results.Text(text["Error.Range"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var name = context.User.Identity?.Name;
        context.Response.Headers.CacheControl = "no-store";
        var fileName = string.Create(CultureInfo.InvariantCulture, $"audit-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        return Results.Stream(async body =>
        {
            // A BOM, so spreadsheet programs read accented names as UTF-8; asynchronous writes, as Kestrel requires.
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await log.WriteCsvAsync(filter, userId, name, writer, context.RequestAborted);
        }, "text/csv; charset=utf-8", fileName);
    }

    private const string DateFormat = "yyyy-MM-dd";

    private static bool TryDate(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}

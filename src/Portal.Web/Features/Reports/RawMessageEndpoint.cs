using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Reports;
using Portal.Web.Components.Account;

namespace Portal.Web.Features.Reports;

/// <summary>
/// <c>GET /reports/messages/{id}/raw</c>: a report's message as it was given (the .eml, or the pasted text), for its
/// reporter and for staff. Anyone else gets 404, exactly as for a message that does not exist. A staff download of
/// someone else's message is written to the audit log.
/// </summary>
internal static class RawMessageEndpoint
{
    public const string Pattern = "/reports/messages/{messageId:long}/raw";
    public const string AuditAction = "report.raw-download";

    public static string PathFor(long messageId) => $"reports/messages/{messageId}/raw";

    public static async Task<IResult> HandleAsync(
        long messageId,
        HttpContext context,
        AbuseReportService reports,
        IAuthorizationService authorization,
        Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext> dbFactory,
        TimeProvider clock)
    {
        var user = context.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var asStaff = (await authorization.AuthorizeAsync(user, PortalPolicies.Staff)).Succeeded;
        var raw = await reports.RawMessageAsync(messageId, userId, asStaff, context.RequestAborted);
        if (raw is null)
        {
            return Results.NotFound();
        }

        if (raw.ReporterId != userId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
            db.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow().UtcDateTime,
                ActorId = userId,
                ActorName = user.Identity?.Name,
                Action = AuditAction,
                Target = $"report:{raw.Reference}",
                Summary = string.Create(CultureInfo.InvariantCulture, $"Downloaded message {raw.MessageId} of report {raw.Reference} ({raw.Bytes.Length:N0} bytes, SHA-256 {raw.Sha256})."),
            });
            await db.SaveChangesAsync(context.RequestAborted);
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return raw.Source == ReportSource.Paste
            ? Results.File(raw.Bytes, "text/plain; charset=utf-8", $"{raw.Reference}-{raw.MessageId}.txt")
            : Results.File(raw.Bytes, "message/rfc822", $"{raw.Reference}-{raw.MessageId}.eml");
    }
}

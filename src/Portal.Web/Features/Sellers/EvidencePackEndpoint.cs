using System.Globalization;
using Portal.Core.Sellers;
using Portal.Web.Features.Triage;

namespace Portal.Web.Features.Sellers;

/// <summary>
/// <c>GET /admin/sellers/{id}/evidence.zip?contacts=true</c> (Admin policy): a seller's evidence pack, streamed. Its
/// only side effect is the audit entry (and the distinct one when reporter contacts are included).
/// </summary>
internal static class EvidencePackEndpoint
{
    public const string Pattern = "/admin/sellers/{sellerId:long}/evidence.zip";

    public static string PathFor(long sellerId, bool includeContacts) =>
        $"admin/sellers/{sellerId}/evidence.zip" + (includeContacts ? "?contacts=true" : "");

    public static async Task<IResult> HandleAsync(long sellerId, HttpContext context, SellerEvidencePack pack, TimeProvider clock)
    {
        if (await pack.SellerNameAsync(sellerId, context.RequestAborted) is null)
        {
            return Results.NotFound();
        }

        var includeContacts = string.Equals(context.Request.Query["contacts"], "true", StringComparison.OrdinalIgnoreCase);
        var actor = StaffActor.Of(context.User);
        context.Response.Headers.CacheControl = "no-store";
        var fileName = string.Create(CultureInfo.InvariantCulture, $"seller-{sellerId}-evidence-{clock.GetUtcNow():yyyyMMdd-HHmmss}.zip");
        return Results.Stream(body => pack.WriteAsync(sellerId, includeContacts, actor, body, context.RequestAborted), "application/zip", fileName);
    }
}

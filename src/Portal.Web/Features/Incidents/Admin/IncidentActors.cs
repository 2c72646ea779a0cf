using System.Security.Claims;
using Portal.Core.Incidents;
using Portal.Web.Components.Account;

namespace Portal.Web.Features.Incidents.Admin;

internal static class IncidentActors
{
    /// <summary>The signed-in admin as the audit log names them.</summary>
    public static IncidentActor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity?.Name ?? "unknown");
}

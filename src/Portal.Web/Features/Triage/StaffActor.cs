using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Triage;
using Portal.Web.Components.Account;

namespace Portal.Web.Features.Triage;

/// <summary>The signed-in staff member as the audit log, the timeline and the enforcement history name them.</summary>
internal static class StaffActor
{
    public static TriageActor Of(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A staff action without a signed-in user."),
        user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity?.Name ?? "unknown");

    public static async Task<TriageActor> OfAsync(Task<AuthenticationState> state) => Of((await state).User);
}

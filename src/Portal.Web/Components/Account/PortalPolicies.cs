using System.Security.Claims;
using Portal.Core.Identity;

namespace Portal.Web.Components.Account;

public static class PortalPolicies
{
    /// <summary>Agents and admins with two-factor authentication enabled: every /admin page.</summary>
    public const string Staff = "Staff";

    /// <summary>Admins with two-factor authentication enabled.</summary>
    public const string Admin = "Admin";
}

public static class PortalClaims
{
    public const string TwoFactorEnabled = "portal:2fa";
    public const string DisplayName = "portal:name";

    /// <summary>An agent or admin whose sign-in does not (yet) carry two-factor authentication.</summary>
    public static bool IsStaffWithoutTwoFactor(ClaimsPrincipal user) =>
        (user.IsInRole(PortalRoles.Agent) || user.IsInRole(PortalRoles.Admin))
        && user.FindFirst(TwoFactorEnabled)?.Value != "true";
}

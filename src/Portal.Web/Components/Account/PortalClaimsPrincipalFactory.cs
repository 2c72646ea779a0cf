using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Web.Localization;

namespace Portal.Web.Components.Account;

/// <summary>Adds the account's language and whether two-factor authentication is on to the sign-in cookie.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.TwoFactorEnabled, user.TwoFactorEnabled ? "true" : "false"));
        if (PortalCultures.Match(user.PreferredLanguage) is { } language)
        {
            identity.AddClaim(new Claim(AccountCultureProvider.ClaimType, language));
        }

        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        }

        return identity;
    }
}

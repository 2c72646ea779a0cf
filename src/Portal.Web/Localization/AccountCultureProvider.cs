using Microsoft.AspNetCore.Localization;

namespace Portal.Web.Localization;

/// <summary>Reads the signed-in account's preferred language from its claims (added at sign-in).</summary>
public sealed class AccountCultureProvider : RequestCultureProvider
{
    public const string ClaimType = "portal:lang";

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var language = PortalCultures.Match(httpContext.User.FindFirst(ClaimType)?.Value);
        return Task.FromResult(language is null ? null : new ProviderCultureResult(language));
    }
}

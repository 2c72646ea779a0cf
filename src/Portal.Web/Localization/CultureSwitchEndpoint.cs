using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Portal.Core.Identity;

namespace Portal.Web.Localization;

/// <summary>
/// GET /culture/set?culture=fr&amp;returnUrl=/x: stores the choice in the culture cookie (and on the account when
/// signed in), then reloads the page so the whole circuit renders in the new language.
/// </summary>
public static class CultureSwitchEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, UserManager<ApplicationUser> users, string? culture, string? returnUrl)
    {
        var language = PortalCultures.Match(culture) ?? PortalCultures.Default;
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });

        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user
            && user.PreferredLanguage != language)
        {
            user.PreferredLanguage = language;
            await users.UpdateAsync(user);
        }

        // Only local paths, so the switch cannot be used as an open redirect.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
        return Results.LocalRedirect(target);
    }
}

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

        return Results.LocalRedirect(LocalTarget(returnUrl));
    }

    /// <summary>
    /// A local path only, so the switch cannot be used as an open redirect; escaped as a browser would (a Location
    /// header is ASCII), and anything else — control characters, other hosts — goes home.
    /// </summary>
    internal static string LocalTarget(string? returnUrl)
    {
        if (returnUrl is not { Length: > 0 } || returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal) || returnUrl.Any(char.IsControl))
        {
            return "/";
        }

        return Uri.TryCreate(LocalBase, returnUrl, out var target) && target.Authority == LocalBase.Authority
            ? target.PathAndQuery + target.Fragment
            : "/";
    }

    private static readonly Uri LocalBase = new("http://portal.invalid/");
}

using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(SafeTarget(uri));

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    /// <summary>Redirects and shows <paramref name="status"/> (a resource key) on the next page.</summary>
    public void RedirectToWithStatus(string uri, AccountStatus status, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, status.ToCookieValue(), StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(AccountStatus status, HttpContext context)
        => RedirectToWithStatus(CurrentPath, status, context);

    public void RedirectToInvalidUser(HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", AccountStatus.Error("Status.UserNotFound"), context);

    /// <summary>
    /// Prevents open redirects: a return URL may be a path on this site, a relative path, or an absolute URL under
    /// this app's base; anything else (another host, "//host", "javascript:") goes to the home page.
    /// </summary>
    private string SafeTarget(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "";
        }

        if (uri[0] == '/')
        {
            return AccountUrls.IsLocalPath(uri) ? uri : "";
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out _))
        {
            return uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)
                ? navigationManager.ToBaseRelativePath(uri)
                : "";
        }

        return Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.Contains('\\') ? uri : "";
    }
}

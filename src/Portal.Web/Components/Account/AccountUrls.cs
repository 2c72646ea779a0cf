namespace Portal.Web.Components.Account;

public static class AccountUrls
{
    /// <summary>
    /// True for a path on this site ("/admin?x=1"); false for anything a browser could read as another origin
    /// ("//evil.example", "/\evil.example", "https://…", control characters).
    /// </summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && Uri.IsWellFormedUriString(url, UriKind.Relative);
}

namespace Portal.Web.Components.Account;

/// <summary>
/// A status message carried across a redirect in a short-lived cookie. The cookie holds the message's resource key,
/// not its text, so it stays ASCII, is shown in the language of the page that reads it, and cannot carry free text.
/// </summary>
public sealed record AccountStatus(string Key, bool IsError)
{
    private const string ErrorPrefix = "error:";
    private const string SuccessPrefix = "ok:";

    public static AccountStatus Success(string key) => new(key, false);

    public static AccountStatus Error(string key) => new(key, true);

    public string ToCookieValue() => (IsError ? ErrorPrefix : SuccessPrefix) + Key;

    public static AccountStatus? FromCookieValue(string? value) => value switch
    {
        null => null,
        _ when value.StartsWith(ErrorPrefix, StringComparison.Ordinal) => Error(value[ErrorPrefix.Length..]),
        _ when value.StartsWith(SuccessPrefix, StringComparison.Ordinal) => Success(value[SuccessPrefix.Length..]),
        _ => null,
    };
}

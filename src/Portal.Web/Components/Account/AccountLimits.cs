namespace Portal.Web.Components.Account;

/// <summary>Upper bounds for the account forms, so overlong input gets a message instead of reaching the store.</summary>
public static class AccountLimits
{
    /// <summary>Identity's columns for the user name and email hold 256 characters.</summary>
    public const int EmailMaxLength = 256;

    public const int PasswordMaxLength = 128;

    /// <summary>Authenticator codes are 6 digits; people paste them with a space or a hyphen.</summary>
    public const int AuthenticatorCodeMaxLength = 7;

    public const int RecoveryCodeMaxLength = 32;

    public const int PasskeyNameMaxLength = 200;


    /// <summary>Trims and turns every run of whitespace (line breaks and tabs included) into one space.</summary>
    public static string CollapseWhitespace(string? value) =>
        string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

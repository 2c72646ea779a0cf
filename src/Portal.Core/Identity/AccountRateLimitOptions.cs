namespace Portal.Core.Identity;

/// <summary>
/// The <c>AccountRateLimits</c> section: how many submissions of the account forms one client network may make in a
/// window. Lockout protects each account; these limits slow down guessing across accounts and email flooding.
/// </summary>
public sealed class AccountRateLimitOptions
{
    public const string Section = "AccountRateLimits";

    /// <summary>Sign-in, two-factor and recovery-code submissions.</summary>
    public FormRateLimit SignIn { get; set; } = new() { PermitLimit = 20, WindowMinutes = 5 };

    /// <summary>Registrations and requests for a new confirmation email (each sends an email).</summary>
    public FormRateLimit Registration { get; set; } = new() { PermitLimit = 5, WindowMinutes = 15 };

    /// <summary>Password-reset requests (each sends an email) and new-password submissions.</summary>
    public FormRateLimit PasswordReset { get; set; } = new() { PermitLimit = 5, WindowMinutes = 15 };
}

public sealed class FormRateLimit
{
    public int PermitLimit { get; set; }

    public int WindowMinutes { get; set; }
}

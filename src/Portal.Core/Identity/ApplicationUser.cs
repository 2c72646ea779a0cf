using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Identity;

/// <summary>A portal account: customer, agent or admin.</summary>
public class ApplicationUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string? DisplayName { get; set; }

    /// <summary>"en" or "fr"; null until the user picks one, then the UI and every email follow it.</summary>
    public string? PreferredLanguage { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}

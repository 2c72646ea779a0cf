using Portal.Core.Identity;

namespace Portal.Web.Features.Setup;

/// <summary>The Development-only demo accounts; their details are printed at start-up and listed in the README.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Password-2026";

    /// <summary>One account per role.</summary>
    public static readonly IReadOnlyList<(string Email, string Name, string Role)> All =
    [
        ("customer@demo.example", "Camille Customer", PortalRoles.Customer),
        ("agent@demo.example", "Alex Agent", PortalRoles.Agent),
        ("admin@demo.example", "Ada Admin", PortalRoles.Admin),
    ];

    /// <summary>A second admin, so that a campaign one admin prepares can be approved by another.</summary>
    public static readonly (string Email, string Name, string Role) SecondAdmin = ("admin2@demo.example", "Bruno Backup", PortalRoles.Admin);

    /// <summary>Every account the seed creates.</summary>
    public static IEnumerable<(string Email, string Name, string Role)> Seeded => All.Append(SecondAdmin);
}

using Portal.Core.Identity;

namespace Portal.Web.Features.Setup;

/// <summary>The Development-only demo accounts; their details are printed at start-up and listed in the README.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Password-2026";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> All =
    [
        ("customer@demo.example", "Camille Customer", PortalRoles.Customer),
        ("agent@demo.example", "Alex Agent", PortalRoles.Agent),
        ("admin@demo.example", "Ada Admin", PortalRoles.Admin),
    ];
}

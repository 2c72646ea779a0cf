namespace Portal.Core.Identity;

public static class PortalRoles
{
    public const string Customer = "Customer";
    public const string Agent = "Agent";
    public const string Admin = "Admin";

    /// <summary>Roles that work in the admin area (two-factor authentication required).</summary>
    public const string Staff = Agent + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Customer, Agent, Admin];
}

using Microsoft.AspNetCore.Identity;
using Portal.Core.Identity;

namespace Portal.Web.Features.Setup;

/// <summary>Seeds the roles everywhere, and the demo accounts in Development.</summary>
public sealed class PortalSeeder(
    RoleManager<IdentityRole> roles,
    UserManager<ApplicationUser> users,
    TimeProvider clock,
    ILogger<PortalSeeder> logger)
{
    public async Task SeedRolesAsync()
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public async Task SeedDemoAccountsAsync()
    {
        foreach (var (email, name, role) in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = name,
                PreferredLanguage = "en",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, DemoAccounts.Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not seed {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, role);
        }

        logger.LogWarning(
            "Development demo accounts (password {Password}): {Accounts}. Staff accounts enrol an authenticator app on their first visit to /admin.",
            DemoAccounts.Password,
            string.Join(", ", DemoAccounts.All.Select(a => $"{a.Email} ({a.Role})")));
    }
}

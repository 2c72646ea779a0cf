using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Branding;
using Portal.Core.Identity;
using Portal.Core.Incidents;

namespace Portal.Web.Features.Setup;

/// <summary>Seeds the roles everywhere, and the demo accounts and incident in Development.</summary>
public sealed class PortalSeeder(
    RoleManager<IdentityRole> roles,
    UserManager<ApplicationUser> users,
    IncidentService incidents,
    IOptions<BrandingOptions> branding,
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
        foreach (var (email, name, role) in DemoAccounts.Seeded)
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
            string.Join(", ", DemoAccounts.Seeded.Select(a => $"{a.Email} ({a.Role})")));
    }

    /// <summary>Creates and publishes the demo incident through the same rules as the admin pages, once.</summary>
    public async Task SeedDemoIncidentAsync()
    {
        if (await incidents.GetBySlugAsync(DemoIncident.Slug) is not null)
        {
            return;
        }

        var seed = new IncidentActor(null, "Development seed");
        var created = await incidents.CreateAsync(DemoIncident.Draft(branding.Value), seed);
        var published = created.Succeeded ? await incidents.PublishAsync(created.Incident!.Id, seed) : created;
        if (!published.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed the demo incident: {string.Join("; ", published.Errors)}");
        }

        logger.LogInformation("Development demo incident \"{Slug}\" published on the home page.", DemoIncident.Slug);
    }
}

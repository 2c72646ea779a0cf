using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Identity;
using Portal.Web.Features.Staff;

namespace Portal.Web.Features.Setup;

/// <summary>
/// <c>create-admin --email ADDRESS [--name NAME]</c>: creates the first admin without a password and emails a
/// set-password message through the outbox (sent by the next running portal instance's dispatcher).
/// </summary>
public sealed class CreateAdminVerb(UserManager<ApplicationUser> users, StaffInvitation invitation)
{
    public const string Name = "create-admin";

    public async Task<int> RunAsync(IConfiguration arguments, TextWriter output)
    {
        var email = arguments["email"]?.Trim();
        if (string.IsNullOrEmpty(email) || !new EmailAddressAttribute().IsValid(email))
        {
            await output.WriteLineAsync("Usage: create-admin --email ADDRESS [--name NAME]  (a valid email address is required)");
            return 2;
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            await output.WriteLineAsync($"An account for {email} already exists; nothing was changed.");
            return 1;
        }

        if (await invitation.CreateAsync(email, arguments["name"], PortalRoles.Admin, actor: null) is { } error)
        {
            await output.WriteLineAsync($"Could not create the account: {error}");
            return 1;
        }

        await output.WriteLineAsync($"Admin {email} created. A set-password email is in the outbox; it leaves with the next running portal instance.");
        return 0;
    }
}

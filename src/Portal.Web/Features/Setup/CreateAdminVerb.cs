using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Branding;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Components.Account;

namespace Portal.Web.Features.Setup;

/// <summary>
/// <c>create-admin --email ADDRESS [--name NAME]</c>: creates the first admin without a password and emails a
/// set-password message through the outbox (sent by the next running portal instance's dispatcher).
/// </summary>
public sealed class CreateAdminVerb(
    UserManager<ApplicationUser> users,
    IAccountEmailSender emails,
    PortalDbContext db,
    IOptions<BrandingOptions> branding,
    TimeProvider clock)
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

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            // The set-password link proves the address, as a confirmation link would.
            EmailConfirmed = true,
            DisplayName = arguments["name"]?.Trim() is { Length: > 0 } name ? name : null,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            await output.WriteLineAsync($"Could not create the account: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            return 1;
        }

        await users.AddToRoleAsync(user, PortalRoles.Admin);
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = $"{branding.Value.PublicBaseUrl.TrimEnd('/')}/Account/ResetPassword?code={token}";
        db.AuditEntries.Add(new AuditEntry { At = now, Action = "staff.create-admin", Target = user.Id, Summary = $"Admin account created for {email} from the command line." });
        await emails.SendSetPasswordLinkAsync(user, email, link);
        await transaction.CommitAsync();

        await output.WriteLineAsync($"Admin {email} created. A set-password email is in the outbox; it leaves with the next running portal instance.");
        return 0;
    }
}

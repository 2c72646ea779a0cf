using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Branding;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Components.Account;

namespace Portal.Web.Features.Staff;

/// <summary>Who did a staff action: a signed-in admin, or null for the command line.</summary>
public sealed record StaffActor(string Id, string? Name);

/// <summary>
/// Creates a staff account without a password and queues a set-password email through the outbox, audited, all in one
/// transaction: the first admin from the command line and every later invitation share it.
/// </summary>
public sealed class StaffInvitation(
    UserManager<ApplicationUser> users,
    IAccountEmailSender emails,
    PortalDbContext db,
    IOptions<BrandingOptions> branding,
    TimeProvider clock)
{
    public const string InviteAction = "staff.invite";
    public const string CreateAdminAction = "staff.create-admin";

    /// <summary>Null when done; otherwise the reason, as Identity worded it.</summary>
    public async Task<string?> CreateAsync(string email, string? name, string role, StaffActor? actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            // The set-password link proves the address, as a confirmation link would.
            EmailConfirmed = true,
            DisplayName = name?.Trim() is { Length: > 0 } trimmed ? trimmed : null,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return string.Join("; ", created.Errors.Select(e => e.Description));
        }

        await users.AddToRoleAsync(user, role);
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = $"{branding.Value.PublicBaseUrl.TrimEnd('/')}/Account/ResetPassword?code={token}";
        db.AuditEntries.Add(actor is null
            ? new AuditEntry { At = now, Action = CreateAdminAction, Target = $"user:{user.Id}", Summary = $"Admin account created for {email} from the command line." }
            : new AuditEntry { At = now, ActorId = actor.Id, ActorName = actor.Name, Action = InviteAction, Target = $"user:{user.Id}", Summary = $"{role} account invited: {email}." });
        await emails.SendSetPasswordLinkAsync(user, email, link);
        await transaction.CommitAsync();
        return null;
    }
}

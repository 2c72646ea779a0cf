using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Web.Features.Staff;

public sealed record StaffMember(
    string Id, string? Name, string Email, IReadOnlyList<string> Roles, bool TwoFactor, DateTime? LastSignInAt, bool Locked);

public enum StaffOutcome
{
    Done,
    InvalidEmail,
    InvalidRole,
    AlreadyExists,
    NotFound,
    NotYourself,
    Failed,
}

/// <summary>
/// The admins' staff management: list agents and admins, invite, change role, lock and unlock; every change audited.
/// A scope per call, because a Blazor circuit outlives any sensible UserManager/DbContext lifetime.
/// </summary>
public sealed class StaffAccounts(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string RoleAction = "staff.role";
    public const string LockAction = "staff.lock";
    public const string UnlockAction = "staff.unlock";

    public static readonly IReadOnlyList<string> StaffRoles = [PortalRoles.Agent, PortalRoles.Admin];

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var memberships = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where role.Name == PortalRoles.Agent || role.Name == PortalRoles.Admin
                select new { userRole.UserId, Role = role.Name! })
            .ToListAsync(cancellationToken);
        var ids = memberships.Select(m => m.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return users
            .Select(u => new StaffMember(
                u.Id, u.DisplayName, u.Email ?? u.UserName ?? u.Id,
                memberships.Where(m => m.UserId == u.Id).Select(m => m.Role).Order(StringComparer.Ordinal).ToList(),
                u.TwoFactorEnabled, u.LastSignInAt, u.LockoutEnd is { } end && end > now))
            .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<StaffOutcome> InviteAsync(string? email, string? name, string role, StaffActor actor)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !new EmailAddressAttribute().IsValid(email))
        {
            return StaffOutcome.InvalidEmail;
        }

        if (!StaffRoles.Contains(role))
        {
            return StaffOutcome.InvalidRole;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return StaffOutcome.AlreadyExists;
        }

        var error = await scope.ServiceProvider.GetRequiredService<StaffInvitation>().CreateAsync(email, name, role, actor);
        return error is null ? StaffOutcome.Done : StaffOutcome.Failed;
    }

    public Task<StaffOutcome> ChangeRoleAsync(string userId, string role, StaffActor actor) =>
        StaffRoles.Contains(role)
            ? ChangeAsync(userId, actor, async (users, user) =>
            {
                var current = (await users.GetRolesAsync(user)).Where(StaffRoles.Contains).ToList();
                if (current.SequenceEqual([role]))
                {
                    return null;
                }

                Check(await users.RemoveFromRolesAsync(user, current));
                Check(await users.AddToRoleAsync(user, role));
                return (RoleAction, $"Role of {user.Email} changed from {string.Join("+", current)} to {role}.");
            })
            : Task.FromResult(StaffOutcome.InvalidRole);

    public Task<StaffOutcome> SetLockedAsync(string userId, bool locked, StaffActor actor) =>
        ChangeAsync(userId, actor, async (users, user) =>
        {
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
            if (!locked)
            {
                Check(await users.ResetAccessFailedCountAsync(user));
            }

            return locked ? (LockAction, $"Account {user.Email} locked.") : (UnlockAction, $"Account {user.Email} unlocked.");
        });

    /// <summary>
    /// Applies a change to a staff account (never the actor's own: an admin cannot lock or demote themselves), then
    /// renews its security stamp so open sessions are re-checked, and audits it, all in one transaction.
    /// </summary>
    private async Task<StaffOutcome> ChangeAsync(
        string userId, StaffActor actor, Func<UserManager<ApplicationUser>, ApplicationUser, Task<(string Action, string Summary)?>> change)
    {
        if (userId == actor.Id)
        {
            return StaffOutcome.NotYourself;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || !(await users.GetRolesAsync(user)).Any(StaffRoles.Contains))
        {
            return StaffOutcome.NotFound;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        if (await change(users, user) is not { } done)
        {
            return StaffOutcome.Done;
        }

        Check(await users.UpdateSecurityStampAsync(user));
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = done.Action,
            Target = $"user:{user.Id}",
            Summary = done.Summary,
        });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return StaffOutcome.Done;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

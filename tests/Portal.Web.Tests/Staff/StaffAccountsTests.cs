using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Features.Staff;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Staff;

/// <summary>Staff management against the running portal's Identity store, outbox and audit log (a real SQLite file).</summary>
public sealed class StaffAccountsTests : IAsyncLifetime
{
    private readonly KestrelPortalFactory factory = new();
    private StaffAccounts staff = null!;
    private StaffActor admin = null!;

    public async ValueTask InitializeAsync()
    {
        factory.CreateHttpClient().Dispose();
        staff = factory.Services.GetRequiredService<StaffAccounts>();
        await FormSignIn.CreateAccountAsync(factory.Services, "ada@example.com", PortalRoles.Admin, withAuthenticator: true);
        admin = new StaffActor(await IdOfAsync("ada@example.com"), "ada@example.com");
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task Inviting_an_agent_creates_a_passwordless_account_queues_a_set_password_email_and_audits_it()
    {
        var outcome = await staff.InviteAsync("  new.agent@example.com ", "New Agent", PortalRoles.Agent, admin);

        Assert.Equal(StaffOutcome.Done, outcome);
        var member = Assert.Single(await staff.ListAsync(Token), m => m.Email == "new.agent@example.com");
        Assert.Equal([PortalRoles.Agent], member.Roles);
        Assert.Equal(("New Agent", false, null, false), (member.Name, member.TwoFactor, member.LastSignInAt, member.Locked));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.False(await users.HasPasswordAsync((await users.FindByIdAsync(member.Id))!));
        }

        await using var db = await NewContextAsync();
        var message = await db.OutboxMessages.SingleAsync(Token);
        Assert.Equal(("account.set-password", "new.agent@example.com"), (message.Kind, message.Recipient));
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == StaffInvitation.InviteAction, Token);
        Assert.Equal((admin.Id, $"user:{member.Id}", "Agent account invited: new.agent@example.com."), (audit.ActorId, audit.Target, audit.Summary));
    }

    [Theory]
    [InlineData("not-an-address", PortalRoles.Agent, StaffOutcome.InvalidEmail)]
    [InlineData("", PortalRoles.Admin, StaffOutcome.InvalidEmail)]
    [InlineData("someone@example.com", PortalRoles.Customer, StaffOutcome.InvalidRole)]
    [InlineData("ADA@example.com", PortalRoles.Agent, StaffOutcome.AlreadyExists)]
    public async Task A_refused_invitation_stores_and_sends_nothing(string email, string role, StaffOutcome expected)
    {
        var outcome = await staff.InviteAsync(email, null, role, admin);

        Assert.Equal(expected, outcome);
        Assert.Single(await staff.ListAsync(Token));
        await using var db = await NewContextAsync();
        Assert.False(await db.OutboxMessages.AnyAsync(Token));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action.StartsWith("staff."), Token));
    }

    [Fact]
    public async Task Changing_a_role_replaces_the_staff_role_renews_the_stamp_and_is_audited_once()
    {
        await FormSignIn.CreateAccountAsync(factory.Services, "bob@example.com", PortalRoles.Agent, withAuthenticator: true);
        var bob = await IdOfAsync("bob@example.com");
        var stamp = await StampAsync(bob);

        Assert.Equal(StaffOutcome.Done, await staff.ChangeRoleAsync(bob, PortalRoles.Admin, admin));
        Assert.Equal(StaffOutcome.Done, await staff.ChangeRoleAsync(bob, PortalRoles.Admin, admin));

        Assert.Equal([PortalRoles.Admin], (await staff.ListAsync(Token)).Single(m => m.Id == bob).Roles);
        Assert.NotEqual(stamp, await StampAsync(bob));
        await using var db = await NewContextAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == StaffAccounts.RoleAction, Token);
        Assert.Equal((admin.Id, $"user:{bob}", "Role of bob@example.com changed from Agent to Admin."), (audit.ActorId, audit.Target, audit.Summary));
        Assert.Equal(StaffOutcome.InvalidRole, await staff.ChangeRoleAsync(bob, PortalRoles.Customer, admin));
    }

    [Fact]
    public async Task Locking_and_unlocking_an_agent_shows_in_the_list_refuses_sign_in_and_is_audited()
    {
        await FormSignIn.CreateAccountAsync(factory.Services, "bob@example.com", PortalRoles.Agent, withAuthenticator: false);
        var bob = await IdOfAsync("bob@example.com");

        Assert.Equal(StaffOutcome.Done, await staff.SetLockedAsync(bob, locked: true, admin));
        Assert.True((await staff.ListAsync(Token)).Single(m => m.Id == bob).Locked);
        using (var client = factory.CreateHttpClient())
        {
            var refused = await FormSignIn.SignInAsync(client, "bob@example.com", null, "/");
            Assert.StartsWith("/Account/Lockout", refused.IsAbsoluteUri ? refused.PathAndQuery : refused.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(StaffOutcome.Done, await staff.SetLockedAsync(bob, locked: false, admin));
        Assert.False((await staff.ListAsync(Token)).Single(m => m.Id == bob).Locked);
        await using var db = await NewContextAsync();
        Assert.Equal([StaffAccounts.LockAction, StaffAccounts.UnlockAction],
            await db.AuditEntries.Where(a => a.Target == $"user:{bob}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Token));
    }

    [Fact]
    public async Task An_admin_cannot_lock_or_demote_themselves_and_customers_are_not_staff()
    {
        await FormSignIn.CreateAccountAsync(factory.Services, "carol@example.com", PortalRoles.Customer, withAuthenticator: false);
        var carol = await IdOfAsync("carol@example.com");

        Assert.Equal(StaffOutcome.NotYourself, await staff.SetLockedAsync(admin.Id, locked: true, admin));
        Assert.Equal(StaffOutcome.NotYourself, await staff.ChangeRoleAsync(admin.Id, PortalRoles.Agent, admin));
        Assert.Equal(StaffOutcome.NotFound, await staff.SetLockedAsync(carol, locked: true, admin));
        Assert.Equal(StaffOutcome.NotFound, await staff.ChangeRoleAsync(carol, PortalRoles.Admin, admin));

        var self = Assert.Single(await staff.ListAsync(Token));
        Assert.Equal([PortalRoles.Admin], self.Roles);
        Assert.False(self.Locked);
        await using var db = await NewContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action.StartsWith("staff."), Token));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<PortalDbContext> NewContextAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = await NewContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Token);
    }

    private async Task<string?> StampAsync(string id)
    {
        await using var db = await NewContextAsync();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync(Token);
    }
}

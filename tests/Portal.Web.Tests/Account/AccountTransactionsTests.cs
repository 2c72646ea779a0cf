using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Components.Account;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The unit of work registration relies on, on the app's real SQLite file.</summary>
public sealed class AccountTransactionsTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_failure_after_the_account_was_saved_leaves_neither_account_nor_email()
    {
        var email = TestAccounts.NewEmail("rollback");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var sender = services.GetRequiredService<IEmailSender<ApplicationUser>>();
            return await db.InTransactionAsync(
                async () =>
                {
                    var user = new ApplicationUser { UserName = email, Email = email, CreatedAt = DateTime.UtcNow };
                    await users.CreateAsync(user, TestAccounts.Password);
                    await users.AddToRoleAsync(user, PortalRoles.Customer);
                    await sender.SendConfirmationLinkAsync(user, email, "https://portal.example/confirm");
                    throw new InvalidOperationException("after the email was queued");
#pragma warning disable CS0162 // The lambda needs a result type.
                    return true;
#pragma warning restore CS0162
                },
                _ => true);
        }));

        Assert.Equal("after the email was queued", thrown.Message);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Recipient == email)));
    }

    [Fact]
    public async Task A_result_the_caller_rejects_is_rolled_back_and_one_it_accepts_is_kept()
    {
        var rejected = TestAccounts.NewEmail("rejected");
        var accepted = TestAccounts.NewEmail("accepted");

        foreach (var (email, commit) in new[] { (rejected, false), (accepted, true) })
        {
            await app.WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<PortalDbContext>();
                var users = services.GetRequiredService<UserManager<ApplicationUser>>();
                return await db.InTransactionAsync(
                    () => users.CreateAsync(new ApplicationUser { UserName = email, Email = email, CreatedAt = DateTime.UtcNow }, TestAccounts.Password),
                    _ => commit);
            });
        }

        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == rejected)));
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == accepted)));
    }
}

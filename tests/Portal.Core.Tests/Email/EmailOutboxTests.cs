using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;

namespace Portal.Core.Tests.Email;

public sealed class EmailOutboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    private static readonly ComposedEmail Email = new("account.confirm", "fr", "Confirmez votre adresse", "<p>html</p>", "text\n");

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-outbox-add-");
    private readonly EmailOutbox outbox = new(
        Options.Create(new EmailOptions { MessageIdDomain = "mail.portal.example" }),
        new FakeTimeProvider(Now));

    private DbContextOptions<PortalDbContext> options = default!;

    public async ValueTask InitializeAsync()
    {
        options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Added_message_is_pending_due_now_with_a_stable_message_id_once_the_caller_saves()
    {
        Guid id;
        await using (var db = new PortalDbContext(options))
        {
            id = outbox.Add(db, Email, "camille@example.org", "Camille").Id;
            Assert.Equal(0, await db.OutboxMessages.CountAsync(TestContext.Current.CancellationToken));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = new PortalDbContext(options);
        var stored = await read.OutboxMessages.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(id, stored.Id);
        Assert.Equal(("account.confirm", "fr", "camille@example.org", "Camille"), (stored.Kind, stored.Culture, stored.Recipient, stored.RecipientName));
        Assert.Equal(("Confirmez votre adresse", "text\n", "<p>html</p>"), (stored.Subject, stored.TextBody, stored.HtmlBody));
        Assert.Equal($"{id:N}@mail.portal.example", stored.MessageId);
        Assert.DoesNotContain('<', stored.MessageId);
        Assert.Equal(OutboxState.Pending, stored.State);
        Assert.Equal(0, stored.Attempts);
        Assert.Equal(Now.UtcDateTime, stored.CreatedAt);
        Assert.Equal(Now.UtcDateTime, stored.NextAttemptAt);
        Assert.Null(stored.LeaseId);
    }

    [Fact]
    public async Task Business_change_and_its_email_commit_or_roll_back_together()
    {
        await using (var db = new PortalDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            db.Users.Add(NewUser("rolled-back@example.org"));
            outbox.Add(db, Email, "rolled-back@example.org", null);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = new PortalDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            db.Users.Add(NewUser("kept@example.org"));
            outbox.Add(db, Email, "kept@example.org", " ");
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        await using var read = new PortalDbContext(options);
        Assert.Equal(["kept@example.org"], await read.Users.Select(u => u.Email!).ToListAsync(TestContext.Current.CancellationToken));
        var message = Assert.Single(await read.OutboxMessages.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("kept@example.org", message.Recipient);
        Assert.Null(message.RecipientName);
    }

    private static ApplicationUser NewUser(string email) => new()
    {
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        CreatedAt = Now.UtcDateTime,
    };

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

/// <summary>A migrated SQLite file in its own temp folder, with outbox rows to work on.</summary>
public sealed class OutboxTestDatabase : IAsyncDisposable
{
    private OutboxTestDatabase(DirectoryInfo folder, DatabaseOptions options)
    {
        Folder = folder.FullName;
        DatabaseOptions = options;
        ContextOptions = DatabaseRegistration.StandaloneOptions(options, Folder);
        Factory = new PooledDbContextFactory<PortalDbContext>(ContextOptions);
    }

    public string Folder { get; }

    public DatabaseOptions DatabaseOptions { get; }

    public DbContextOptions<PortalDbContext> ContextOptions { get; }

    public IDbContextFactory<PortalDbContext> Factory { get; }

    public static async Task<OutboxTestDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("portal-outbox-");
        var database = new OutboxTestDatabase(folder, new DatabaseOptions { DataFolder = folder.FullName });
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        // As the web host does: readers need not wait for the dispatcher's writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    public PortalDbContext NewContext() => new(ContextOptions);

    /// <summary>A second, independent factory on the same file, as another instance of the portal would have.</summary>
    public IDbContextFactory<PortalDbContext> OtherInstanceFactory() =>
        new PooledDbContextFactory<PortalDbContext>(DatabaseRegistration.StandaloneOptions(DatabaseOptions, Folder));

    public OutboxStore Store(TimeProvider time, EmailOptions options) => new(Factory, time, Options.Create(options));

    /// <summary>Adds <paramref name="count"/> pending messages falling due one millisecond apart, the last at <paramref name="dueAt"/>.</summary>
    public async Task<List<OutboxMessage>> SeedAsync(int count, DateTime dueAt, Func<int, string>? recipient = null)
    {
        var messages = Enumerable.Range(0, count).Select(i => TestMessages.Create(i, dueAt.AddMilliseconds(i - count + 1), recipient?.Invoke(i))).ToList();
        await using var db = NewContext();
        db.OutboxMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return messages;
    }

    public async Task<OutboxMessage> FindAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<OutboxMessage>> AllAsync()
    {
        await using var db = NewContext();
        return await db.OutboxMessages.AsNoTracking().ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Outbox rows as the portal enqueues them: localised subject and both bodies, a stable Message-ID.</summary>
public static class TestMessages
{
    public const string MessageIdDomain = "portal.test";

    public static OutboxMessage Create(int index, DateTime dueAt, string? recipient = null) => new()
    {
        Id = Guid.NewGuid(),
        Kind = "test.notice",
        Culture = index % 2 == 0 ? "fr" : "en",
        Recipient = recipient ?? $"customer{index}@example.test",
        RecipientName = $"Client n°{index}",
        Subject = $"Votre réclamation n°{index} a été reçue",
        TextBody = $"Bonjour,\n\nNous avons bien reçu votre réclamation n°{index}. Référence : AR-{index:D6}.\n",
        HtmlBody = $"<p>Bonjour,</p><p>Nous avons bien reçu votre réclamation n°{index}. Référence : <strong>AR-{index:D6}</strong>.</p>",
        MessageId = $"{Guid.NewGuid():N}@{MessageIdDomain}",
        CreatedAt = dueAt,
        NextAttemptAt = dueAt,
    };
}

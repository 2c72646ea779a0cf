using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Portal.Core.Data;

namespace Portal.Core.Tests.Infrastructure;

/// <summary>A migrated SQLite file in its own temp folder, as the web host prepares it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DirectoryInfo folder)
    {
        Folder = folder.FullName;
        DatabaseOptions = new DatabaseOptions { DataFolder = Folder };
        ContextOptions = DatabaseRegistration.StandaloneOptions(DatabaseOptions, Folder);
        Factory = new PooledDbContextFactory<PortalDbContext>(ContextOptions);
    }

    public string Folder { get; }

    public DatabaseOptions DatabaseOptions { get; }

    public DbContextOptions<PortalDbContext> ContextOptions { get; }

    public IDbContextFactory<PortalDbContext> Factory { get; }

    public static async Task<TestDatabase> CreateAsync(string name)
    {
        var database = new TestDatabase(Directory.CreateTempSubdirectory($"portal-{name}-"));
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    public PortalDbContext NewContext() => new(ContextOptions);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

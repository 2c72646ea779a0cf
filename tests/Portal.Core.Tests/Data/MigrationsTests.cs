using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Tests.Data;

public sealed class MigrationsTests
{
    [Fact]
    public async Task Sqlite_migrations_create_every_table_of_the_model_in_a_real_file()
    {
        var folder = Directory.CreateTempSubdirectory("portal-migrations-");
        try
        {
            var options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
            await using var db = new PortalDbContext(options);
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.True(File.Exists(Path.Combine(folder.FullName, "portal.db")));
            Assert.Equal(0, await db.OutboxMessages.CountAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}

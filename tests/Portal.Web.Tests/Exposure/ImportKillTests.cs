using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Exposure;

/// <summary>
/// The import-exposed verb in a child process, killed (SIGKILL) after it has committed rows: the next run leaves
/// nothing of the killed import behind and imports the whole file.
/// </summary>
public sealed class ImportKillTests : IAsyncDisposable
{
    private const int Lines = 200_000;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-import-kill-");
    private readonly string hashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_import_leaves_nothing_behind_and_can_be_run_again()
    {
        await using (var db = NewContext())
        {
            await db.Database.MigrateAsync(Token);
            db.Incidents.Add(new Incident { Slug = "kill-test" });
            await db.SaveChangesAsync(Token);
        }

        var file = Path.Combine(folder.FullName, "affected.txt");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Lines).Select(i => $"customer.{i}@example.org"), Token);

        await using (var killed = PortalProcess.Start(folder.FullName, Settings(), "import-exposed", "--incident", "kill-test", "--file", file))
        {
            // Killed once the merge has committed some of its rows: the worst moment.
            await WaitUntilAsync(async () => await CountAsync(db => db.ExposedAddresses.CountAsync(Token)) > 0, killed);
            await killed.KillAsync();
        }

        Assert.True(await CountAsync(db => db.ExposedAddresses.CountAsync(Token)) is > 0 and < Lines, "the kill came too late to leave half an import");

        // The next start takes the killed import as interrupted (its heartbeat stopped) and removes its rows.
        await using (var rerun = PortalProcess.Start(folder.FullName, Settings(), "import-exposed", "--incident", "kill-test", "--file", file))
        {
            Assert.True(await rerun.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, rerun.Output);
        }

        await using var check = NewContext();
        var batches = await check.ImportBatches.OrderBy(b => b.Id).ToListAsync(Token);
        Assert.Equal([(ImportState.Failed, 0L), (ImportState.Completed, (long)Lines)], batches.Select(b => (b.State, b.ImportedCount)));
        Assert.Equal(Lines, await check.ExposedAddresses.CountAsync(e => e.ImportBatchId == batches[1].Id, Token));
        Assert.Equal(Lines, await check.ExposedAddresses.CountAsync(Token));
        Assert.Equal(Lines, await check.PendingNoticeAddresses.CountAsync(Token));
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        folder.Delete(recursive: true);
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Database:DataFolder"] = Path.Combine(folder.FullName, "data"),
        ["Email:PickupFolder"] = Path.Combine(folder.FullName, "mail"),
        ["Exposure:HashKey"] = hashKey,
        // Small transactions, so rows are committed early; a stopped heartbeat counts as interrupted at once.
        ["Exposure:ImportChunkSize"] = "5000",
        ["Exposure:StaleImportMinutes"] = "0",
    };

    private PortalDbContext NewContext() =>
        new(DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = Path.Combine(folder.FullName, "data") }, folder.FullName));

    private async Task<int> CountAsync(Func<PortalDbContext, Task<int>> count)
    {
        await using var db = NewContext();
        return await count(db);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, PortalProcess portal) =>
        PortalProcess.WaitUntilAsync(condition, TimeSpan.FromSeconds(120), portal);
}

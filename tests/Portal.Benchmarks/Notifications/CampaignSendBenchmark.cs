using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Notifications;

namespace Portal.Benchmarks.Notifications;

/// <summary>
/// <c>campaign-send</c>: a campaign of 100,000 notices through the real sender (SQLite file, loopback SMTP, no
/// throttling), end to end: the audience queued in chunks, then claim, render, send and record, batch after batch.
/// Reports the rate and how much the working set grew above what it was before the campaign started.
/// </summary>
public static class CampaignSendBenchmark
{
    private const int NoticeCount = 100_000;

    private static readonly IncidentActor Preparer = new("bench-a", "Bench Preparer");
    private static readonly IncidentActor Approver = new("bench-b", "Bench Approver");

    public static async Task<BenchmarkResult> RunAsync()
    {
        // A small campaign first, so the measured one includes neither JIT compilation nor EF model building.
        await MeasureAsync(1_000);
        var (elapsed, growth, peak) = await MeasureAsync(NoticeCount);
        return new BenchmarkResult(
            "campaign-send",
            new Dictionary<string, double>
            {
                ["notices_per_s"] = Math.Round(NoticeCount / elapsed.TotalSeconds, 1),
                ["working_set_growth_mb"] = Math.Round(growth / 1024.0 / 1024.0, 1),
                ["peak_working_set_mb"] = Math.Round(peak / 1024.0 / 1024.0, 1),
                ["seconds"] = Math.Round(elapsed.TotalSeconds, 3),
            },
            new Dictionary<string, double>());
    }

    private static async Task<(TimeSpan Elapsed, long Growth, long Peak)> MeasureAsync(int count)
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-campaign-");
        try
        {
            var database = new DatabaseOptions { DataFolder = folder.FullName };
            await using (var db = new PortalDbContext(DatabaseRegistration.StandaloneOptions(database, folder.FullName)))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            await using var server = await LoopbackSmtpServer.StartAsync(keepMessages: false);
            var key = RandomNumberGenerator.GetBytes(32);
            using var host = CampaignHost.Build(database, folder.FullName, server.Port, key);
            var contexts = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            int incidentId;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                incidentId = await CampaignHost.AddIncidentAsync(db);
            }

            await CampaignHost.AddAudienceAsync(contexts, incidentId, new ExposureHasher(key), count);
            var campaigns = host.Services.GetRequiredService<CampaignService>();
            var id = (await campaigns.PrepareAsync(incidentId, Preparer)).Campaign!.Id;
            await campaigns.ApproveAsync(id, Approver);
            await host.StartAsync();

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            var peak = baseline;

            var clock = Stopwatch.StartNew();
            await campaigns.StartAsync(id, Preparer);
            while ((await campaigns.StatusAsync(id))!.Campaign.State != CampaignState.Completed)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(100);
            }

            var elapsed = clock.Elapsed;
            await host.StopAsync();
            if (server.ReceivedCount != count)
            {
                throw new InvalidOperationException($"{server.ReceivedCount} of {count} notices arrived.");
            }

            return (elapsed, peak - baseline, peak);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}

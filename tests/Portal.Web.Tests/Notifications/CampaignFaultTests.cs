using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Notifications;
using Portal.Web.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace Portal.Web.Tests.Notifications;

/// <summary>
/// Campaigns sent by the built portal in a child process, on a SQLite file, to a loopback SMTP server: killed with
/// SIGKILL half-way and started again, the server gone for 30 s, and the server refusing some recipients.
/// </summary>
public sealed class CampaignFaultTests : IAsyncLifetime
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly IncidentActor Preparer = new("admin-a", "Ada Admin");
    private static readonly IncidentActor Approver = new("admin-b", "Bruno Backup");

    private readonly byte[] hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-faults-");
    private readonly List<LoopbackSmtpServer> servers = [];
    private DatabaseOptions database = null!;
    private IHost arranging = null!;

    private CampaignService Campaigns => arranging.Services.GetRequiredService<CampaignService>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = new DatabaseOptions { DataFolder = Path.Combine(folder.FullName, "data") };
        await using (var db = new PortalDbContext(DatabaseRegistration.StandaloneOptions(database, folder.FullName)))
        {
            await db.Database.MigrateAsync(Token);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", Token);
        }

        // Not started: only its services, to arrange the campaign and read where it stands, as an admin page would.
        arranging = CampaignHost.Build(database, folder.FullName, LoopbackSmtpServer.UnusedPort(), hashKey);
    }

    public async ValueTask DisposeAsync()
    {
        arranging.Dispose();
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Killed_half_way_and_restarted_the_portal_reaches_everyone_with_at_most_one_batch_twice()
    {
        var server = await StartServerAsync();
        var (id, addresses) = await StartCampaignAsync(5_000);

        await using (var first = StartPortal(server.Port))
        {
            await WaitUntilAsync(() => server.ReceivedCount >= 1_000, first);
            await first.KillAsync();
        }

        var sentAtKill = (await Campaigns.StatusAsync(id, Token))!.Counts.Sent;
        Assert.InRange(sentAtKill, 1, 4_999);
        await using (var second = StartPortal(server.Port))
        {
            await WaitForCompletionAsync(id, second);
        }

        var received = server.Messages.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(addresses.Order(), received.Distinct().Order());
        Assert.InRange(received.Count - addresses.Count, 0, BatchSize);
        var status = (await Campaigns.StatusAsync(id, Token))!;
        Assert.Equal((5_000, 0), (status.Counts.Sent, status.Counts.Failed));
        await AssertNoPlainAddressStagedAsync();
    }

    [Fact]
    public async Task With_the_mail_server_gone_for_30_seconds_sending_waits_and_resumes_by_itself()
    {
        var server = await StartServerAsync();
        var port = server.Port;
        var (id, addresses) = await StartCampaignAsync(1_500);

        // Throttled, so the outage comes well before the end.
        await using var portal = StartPortal(port, ("Notifications:MaxPerSecond", "100"));
        await WaitUntilAsync(() => server.ReceivedCount >= 200, portal);
        servers.Remove(server);
        await server.DisposeAsync();
        var beforeOutage = server.Messages.Select(m => m.To.Mailboxes.Single().Address).ToList();

        await Task.Delay(TimeSpan.FromSeconds(30), Token);
        var duringOutage = (await Campaigns.StatusAsync(id, Token))!;
        Assert.Equal(CampaignState.Sending, duringOutage.Campaign.State);
        Assert.Equal(0, duringOutage.Counts.Failed);
        Assert.InRange(duringOutage.Counts.Sent, beforeOutage.Count - BatchSize, beforeOutage.Count);

        var back = await StartServerAsync(port);
        await WaitForCompletionAsync(id, portal);

        var received = beforeOutage.Concat(back.Messages.Select(m => m.To.Mailboxes.Single().Address)).ToList();
        Assert.Equal(addresses.Order(), received.Distinct().Order());
        var status = (await Campaigns.StatusAsync(id, Token))!;
        Assert.Equal((1_500, 0), (status.Counts.Sent, status.Counts.Failed));
    }

    [Fact]
    public async Task Recipients_the_server_refuses_with_550_are_failed_with_its_reply_and_the_rest_delivered()
    {
        var server = await StartServerAsync();
        server.RecipientAnswer = address => address.StartsWith("refused", StringComparison.Ordinal)
            ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 mailbox unavailable")
            : null;
        var (id, addresses) = await StartCampaignAsync(1_000, i => i % 10 == 7 ? $"refused{i}@example.test" : $"customer{i}@example.test");

        await using (var portal = StartPortal(server.Port))
        {
            await WaitForCompletionAsync(id, portal);
        }

        var status = (await Campaigns.StatusAsync(id, Token))!;
        Assert.Equal((900, 100), (status.Counts.Sent, status.Counts.Failed));
        Assert.Equal(100, status.Failures.Count);
        Assert.All(status.Failures, f => Assert.StartsWith("550 5.1.1 mailbox unavailable", f.Reply));
        Assert.Equal(
            addresses.Where(a => !a.StartsWith("refused", StringComparison.Ordinal)).Order(),
            server.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        await AssertNoPlainAddressStagedAsync();
    }

    private async Task<LoopbackSmtpServer> StartServerAsync(int port = 0)
    {
        var server = await LoopbackSmtpServer.StartAsync(port: port);
        servers.Add(server);
        return server;
    }

    /// <summary>A published incident with its audience, and its campaign prepared, approved by another admin and started.</summary>
    private async Task<(int Id, List<string> Addresses)> StartCampaignAsync(int count, Func<int, string>? address = null)
    {
        var contexts = arranging.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        int incidentId;
        await using (var db = await contexts.CreateDbContextAsync(Token))
        {
            incidentId = await CampaignHost.AddIncidentAsync(db);
        }

        var addresses = await CampaignHost.AddAudienceAsync(contexts, incidentId, new ExposureHasher(hashKey), count, address);
        var id = (await Campaigns.PrepareAsync(incidentId, Preparer, Token)).Campaign!.Id;
        Assert.True((await Campaigns.ApproveAsync(id, Approver, Token)).Succeeded);
        Assert.True((await Campaigns.StartAsync(id, Preparer, Token)).Succeeded);
        return (id, addresses);
    }

    private PortalProcess StartPortal(int smtpPort, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:DataFolder"] = database.DataFolder,
            ["Exposure:HashKey"] = Convert.ToBase64String(hashKey),
            ["Email:Mode"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:TimeoutSeconds"] = "5",
            ["Notifications:MaxPerSecond"] = "0",
            ["Notifications:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            // A killed instance's claim is taken over soon after the restart.
            ["Notifications:LeaseSeconds"] = "5",
            ["Notifications:RetryBaseSeconds"] = "1",
            ["Notifications:ConnectRetrySeconds"] = "1",
            ["Notifications:PollIntervalSeconds"] = "0.2",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return PortalProcess.Start(folder.FullName, settings);
    }

    private async Task WaitForCompletionAsync(int campaignId, PortalProcess portal) =>
        await WaitUntilAsync(async () => (await Campaigns.StatusAsync(campaignId, Token))?.Campaign.State == CampaignState.Completed, portal);

    private static Task WaitUntilAsync(Func<bool> condition, PortalProcess portal) =>
        WaitUntilAsync(() => Task.FromResult(condition()), portal);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, PortalProcess portal) =>
        PortalProcess.WaitUntilAsync(condition, Timeout, portal);

    private async Task AssertNoPlainAddressStagedAsync()
    {
        await using var db = new PortalDbContext(DatabaseRegistration.StandaloneOptions(database, folder.FullName));
        Assert.Equal(0, await db.PendingNoticeAddresses.CountAsync(Token));
    }
}

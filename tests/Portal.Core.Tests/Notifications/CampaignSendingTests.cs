using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Notifications;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace Portal.Core.Tests.Notifications;

/// <summary>Campaigns sent by the real sender over SMTP to a loopback server, from a real SQLite file.</summary>
public sealed class CampaignSendingTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly byte[] hashKey = RandomNumberGenerator.GetBytes(32);
    private TestDatabase database = null!;
    private LoopbackSmtpServer server = null!;
    private IHost host = null!;
    private int incidentId;

    private IDbContextFactory<PortalDbContext> Contexts => host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private CampaignService Campaigns => host.Services.GetRequiredService<CampaignService>();

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("sending");
        server = await LoopbackSmtpServer.StartAsync();
        // Small batches, so a campaign of a few dozen notices takes several claims.
        host = CampaignHost.Build(database.DatabaseOptions, database.Folder, server.Port, hashKey, new Dictionary<string, string?>
        {
            ["Notifications:BatchSize"] = "7",
            ["Notifications:QueueChunkSize"] = "25",
        });
        await using var db = database.NewContext();
        incidentId = await CampaignHost.AddIncidentAsync(db);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
        await server.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Every_recipient_gets_one_notice_in_their_language_and_no_plain_address_remains()
    {
        var addresses = await CampaignHost.AddAudienceAsync(Contexts, incidentId, new ExposureHasher(hashKey), 60);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var id = await CampaignRun.StartAsync(host.Services, incidentId);
        var status = await CampaignRun.WaitForStateAsync(host.Services, id, CampaignState.Completed, Timeout);

        Assert.Equal((60, 0, 0), (status.Counts.Sent, status.Counts.Failed, status.Counts.Pending));
        var messages = server.Messages;
        Assert.Equal(addresses.Order(), messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var db = database.NewContext();
        var notices = await db.Notices.AsNoTracking().ToDictionaryAsync(n => n.Reference, TestContext.Current.CancellationToken);
        var hasher = new ExposureHasher(hashKey);
        for (var i = 0; i < addresses.Count; i++)
        {
            var message = messages.Single(m => m.To.Mailboxes.Single().Address == addresses[i]);
            var reference = message.MessageId!.Split('@')[0];
            var notice = notices[reference];
            var culture = CampaignHost.LanguageOf(i) ?? "en";
            Assert.Equal(hasher.Hash(addresses[i]), notice.AddressHash);
            Assert.Equal((culture, NoticeState.Sent), (notice.Culture, notice.State));
            Assert.Equal(culture, message.Body!.Headers[HeaderId.ContentLanguage]);
            Assert.StartsWith(culture == "fr" ? "Important : votre adresse e-mail" : "Important: your email address", message.Subject);
            Assert.Equal(CampaignHost.FromAddress, message.From.Mailboxes.Single().Address);
            Assert.Equal(CampaignHost.ReplyTo, message.ReplyTo.Mailboxes.Single().Address);
            Assert.Equal($"{reference}@{CampaignHost.MessageIdDomain}", message.MessageId);
            Assert.Contains(reference, message.TextBody);
            Assert.Contains(reference, message.HtmlBody);
            Assert.Equal(await Campaigns.VerifyAsync(reference, TestContext.Current.CancellationToken), new GenuineNotice(notice.SentAt!.Value, AddressMask.Mask(addresses[i])));
        }

        Assert.Null(await Campaigns.VerifyAsync("N-2345-6789", TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.PendingNoticeAddresses.CountAsync(TestContext.Current.CancellationToken));
        Assert.All(await db.ExposedAddresses.ToListAsync(TestContext.Current.CancellationToken), a => Assert.Equal(NoticeStatus.Sent, a.NoticeStatus));
        Assert.Contains(await db.AuditEntries.Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken), a => a == CampaignAudit.Complete);
        Assert.Empty(await CampaignRun.PlainAddressesInDatabaseAsync(Contexts, addresses));
    }

    [Fact]
    public async Task Recipients_refused_for_good_are_failed_with_the_server_reply_and_the_rest_are_delivered()
    {
        var addresses = await CampaignHost.AddAudienceAsync(Contexts, incidentId, new ExposureHasher(hashKey), 40,
            i => i % 8 == 3 ? $"gone{i}@bounce.example.test" : $"customer{i}@example.test");
        server.RecipientAnswer = address => address.EndsWith("@bounce.example.test", StringComparison.Ordinal)
            ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such mailbox")
            : null;
        await host.StartAsync(TestContext.Current.CancellationToken);

        var id = await CampaignRun.StartAsync(host.Services, incidentId);
        var status = await CampaignRun.WaitForStateAsync(host.Services, id, CampaignState.Completed, Timeout);

        var refused = addresses.Where(a => a.Contains("bounce", StringComparison.Ordinal)).ToList();
        Assert.Equal((35, 5), (status.Counts.Sent, status.Counts.Failed));
        Assert.Equal(addresses.Except(refused).Order(), server.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Equal(5, status.Failures.Count);
        Assert.All(status.Failures, f => Assert.StartsWith("550 ", f.Reply));
        Assert.All(status.Failures, f => Assert.Contains("no such mailbox", f.Reply));
        Assert.Equal(refused.Select(AddressMask.Mask).Order(), status.Failures.Select(f => f.MaskedAddress).Order());
        await using var db = database.NewContext();
        Assert.Equal(0, await db.PendingNoticeAddresses.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(5, await db.ExposedAddresses.CountAsync(a => a.NoticeStatus == NoticeStatus.Failed, TestContext.Current.CancellationToken));
        Assert.Empty(await CampaignRun.PlainAddressesInDatabaseAsync(Contexts, addresses));
        // Support still answers "did this customer get it?" from the typed address.
        var lookup = await Campaigns.LookupAsync(refused[0].ToUpperInvariant(), CampaignRun.Preparer, TestContext.Current.CancellationToken);
        Assert.Equal(NoticeState.Failed, Assert.Single(lookup!).State);
        Assert.Equal(NoticeState.Sent, Assert.Single((await Campaigns.LookupAsync(addresses[0], CampaignRun.Preparer, TestContext.Current.CancellationToken))!).State);
        Assert.Empty((await Campaigns.LookupAsync("never@example.test", CampaignRun.Preparer, TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task A_paused_campaign_sends_nothing_more_until_resumed()
    {
        await CampaignHost.AddAudienceAsync(Contexts, incidentId, new ExposureHasher(hashKey), 50);
        // Slow enough to pause half-way: 20 notices per second.
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
        host = CampaignHost.Build(database.DatabaseOptions, database.Folder, server.Port, hashKey, new Dictionary<string, string?>
        {
            ["Notifications:BatchSize"] = "5",
            ["Notifications:MaxPerSecond"] = "20",
        });
        await host.StartAsync(TestContext.Current.CancellationToken);

        var id = await CampaignRun.StartAsync(host.Services, incidentId);
        while (server.ReceivedCount < 10)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True((await Campaigns.PauseAsync(id, CampaignRun.Approver, TestContext.Current.CancellationToken)).Succeeded);
        // The batch on the wire when the pause came is finished and recorded; then nothing more leaves.
        var paused = await WaitForStableSentAsync(id);
        Assert.InRange(paused, 10, 49);
        Assert.Equal(paused, server.ReceivedCount);

        Assert.True((await Campaigns.ResumeAsync(id, CampaignRun.Approver, TestContext.Current.CancellationToken)).Succeeded);
        var status = await CampaignRun.WaitForStateAsync(host.Services, id, CampaignState.Completed, Timeout);
        Assert.Equal(50, status.Counts.Sent);
        Assert.Equal(50, server.ReceivedCount);
    }

    /// <summary>The sent count once no claim of the campaign holds a notice any more.</summary>
    private async Task<int> WaitForStableSentAsync(int campaignId)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await using var db = database.NewContext();
            if (!await db.Notices.AnyAsync(n => n.CampaignId == campaignId && n.LeaseId != null, TestContext.Current.CancellationToken))
            {
                return await db.Notices.CountAsync(n => n.CampaignId == campaignId && n.State == NoticeState.Sent, TestContext.Current.CancellationToken);
            }

            Assert.True(DateTime.UtcNow < deadline, "A claim never ended after the pause.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

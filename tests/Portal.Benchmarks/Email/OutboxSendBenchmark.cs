using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Tests.Email;

namespace Portal.Benchmarks.Email;

/// <summary>
/// <c>outbox-send</c>: 20,000 messages through the real dispatcher (SQLite file, loopback SMTP) beside a bare MailKit
/// loop sending as many messages over as many connections; the ratio shows what durability costs.
/// </summary>
public static class OutboxSendBenchmark
{
    private const int MessageCount = 20_000;

    /// <summary>Rounds of both sides; each side's best round counts, so a burst of load elsewhere on the machine does not.</summary>
    private const int Rounds = 3;

    public static async Task<BenchmarkResult> RunAsync()
    {
        // A small round first, so that neither side's timing includes JIT compilation or EF model building.
        await MeasureAsync(1_000);
        var rounds = new List<(TimeSpan Dispatcher, TimeSpan Bare)>();
        for (var round = 0; round < Rounds; round++)
        {
            rounds.Add(await MeasureAsync(MessageCount));
        }

        var dispatcher = rounds.Min(r => r.Dispatcher);
        var messagesPerSecond = MessageCount / dispatcher.TotalSeconds;
        var bareMessagesPerSecond = MessageCount / rounds.Min(r => r.Bare).TotalSeconds;
        return new BenchmarkResult(
            "outbox-send",
            new Dictionary<string, double>
            {
                ["messages_per_s"] = Math.Round(messagesPerSecond, 1),
                ["bare_messages_per_s"] = Math.Round(bareMessagesPerSecond, 1),
                ["seconds"] = Math.Round(dispatcher.TotalSeconds, 3),
            },
            new Dictionary<string, double> { ["vs_bare_mailkit"] = Math.Round(messagesPerSecond / bareMessagesPerSecond, 3) });
    }

    private static async Task<(TimeSpan Dispatcher, TimeSpan Bare)> MeasureAsync(int count)
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-");
        try
        {
            var database = new DatabaseOptions { DataFolder = folder.FullName };
            await SeedAsync(database, folder.FullName, count);
            var dispatcher = await RunDispatcherAsync(database, folder.FullName, count);
            var batchSize = new EmailOptions().BatchSize;
            var bare = await RunBareMailKitAsync(count, connections: (count + batchSize - 1) / batchSize, batchSize);
            return (dispatcher, bare);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task SeedAsync(DatabaseOptions database, string contentRoot, int count)
    {
        await using var db = new PortalDbContext(DatabaseRegistration.StandaloneOptions(database, contentRoot));
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var dueAt = DateTime.UtcNow.AddMinutes(-1);
        db.OutboxMessages.AddRange(Enumerable.Range(0, count).Select(i => Message(i, dueAt)));
        await db.SaveChangesAsync();
    }

    /// <summary>The real registration in a real host, until every message is recorded as sent.</summary>
    private static async Task<TimeSpan> RunDispatcherAsync(DatabaseOptions database, string contentRoot, int count)
    {
        await using var server = await LoopbackSmtpServer.StartAsync(keepMessages: false);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Mode"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:MaxPerSecond"] = "0",
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<IdentityOptions>(identity => DatabaseRegistration.ConfigureIdentityStore(identity.Stores));
        builder.Services.AddDbContextFactory<PortalDbContext>(db => db.UsePortalDatabase(database, contentRoot));
        builder.Services.AddPortalOutbox(builder.Configuration);
        using var host = builder.Build();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        while (server.ReceivedCount < count)
        {
            await Task.Delay(10);
        }

        while (await CountSentAsync(contexts) < count)
        {
            await Task.Delay(10);
        }

        var elapsed = clock.Elapsed;
        await host.StopAsync();
        return elapsed;
    }

    private static async Task<int> CountSentAsync(IDbContextFactory<PortalDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Sent);
    }

    /// <summary>The lower bound: build and send with MailKit alone, no database, same batches per connection.</summary>
    private static async Task<TimeSpan> RunBareMailKitAsync(int count, int connections, int perConnection)
    {
        await using var server = await LoopbackSmtpServer.StartAsync(keepMessages: false);
        var dueAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (var c = 0; c < connections; c++)
        {
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None);
            for (var i = 0; i < perConnection && sent < count; i++, sent++)
            {
                var outbox = Message(sent, dueAt);
                using var message = new MimeMessage
                {
                    Subject = outbox.Subject,
                    MessageId = outbox.MessageId,
                    Body = new BodyBuilder { TextBody = outbox.TextBody, HtmlBody = outbox.HtmlBody }.ToMessageBody(),
                };
                message.From.Add(new MailboxAddress("Northwind Market Care", "no-reply@northwind-market.example"));
                message.To.Add(new MailboxAddress(outbox.RecipientName, outbox.Recipient!));
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(quit: true);
        }

        return clock.Elapsed;
    }

    /// <summary>A notice of realistic size: a few paragraphs in both parts.</summary>
    private static OutboxMessage Message(int index, DateTime dueAt) => new()
    {
        Id = Guid.NewGuid(),
        Kind = "bench.notice",
        Culture = index % 2 == 0 ? "fr" : "en",
        Recipient = $"customer{index}@example.test",
        RecipientName = $"Customer {index}",
        Subject = $"Your report AR-{index:D6} was received",
        TextBody = string.Concat(Enumerable.Repeat($"We received your report AR-{index:D6}. We will tell you what we decide.\n", 12)),
        HtmlBody = string.Concat(Enumerable.Repeat($"<p>We received your report <strong>AR-{index:D6}</strong>. We will tell you what we decide.</p>\n", 12)),
        MessageId = $"{Guid.NewGuid():N}@bench.portal.example",
        CreatedAt = dueAt,
        NextAttemptAt = dueAt.AddTicks(index),
    };
}

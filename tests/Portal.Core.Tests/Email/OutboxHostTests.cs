using MimeKit;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

/// <summary>The dispatcher as a hosted service, registered by <see cref="EmailRegistration.AddPortalOutbox"/>.</summary>
public sealed class OutboxHostTests : IAsyncLifetime
{
    private OutboxTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await OutboxTestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task In_pickup_mode_the_host_writes_due_messages_into_the_folder_under_its_content_root()
    {
        var seeded = await _database.SeedAsync(2, DateTime.UtcNow);
        using var host = OutboxHost.Build(_database, new Dictionary<string, string?> { ["PickupFolder"] = "outgoing" });

        await host.StartAsync(Ct);
        await WaitUntilAsync(async () => (await _database.AllAsync()).All(m => m.State == OutboxState.Sent), TimeSpan.FromSeconds(20));
        await host.StopAsync(Ct);

        var folder = Path.Combine(_database.Folder, "outgoing");
        var received = await Task.WhenAll(Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.LoadAsync(f, Ct)));
        Assert.Equal(seeded.Select(m => m.MessageId).Order(), received.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Stopping_the_host_mid_sending_and_starting_another_delivers_every_message_with_duplicates_bounded_by_one_batch()
    {
        const int count = 1000;
        const int batchSize = 50;
        var seeded = await _database.SeedAsync(count, DateTime.UtcNow);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var email = SmtpSettings(server.Port, batchSize);
        // Slow enough that the stop lands mid-way.
        email["MaxPerSecond"] = "500";

        using (var first = OutboxHost.Build(_database, email))
        {
            await first.StartAsync(Ct);
            await WaitUntilAsync(() => Task.FromResult(server.ReceivedCount >= 300), TimeSpan.FromSeconds(30));
            await first.StopAsync(Ct);
        }

        var receivedByFirst = server.ReceivedCount;
        Assert.InRange(receivedByFirst, 300, count - 1);

        using (var second = OutboxHost.Build(_database, email))
        {
            await second.StartAsync(Ct);
            await WaitUntilAsync(async () => (await _database.AllAsync()).All(m => m.State == OutboxState.Sent), TimeSpan.FromSeconds(60));
            await second.StopAsync(Ct);
        }

        var arrivals = server.Messages.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.All(seeded, m => Assert.True(arrivals.ContainsKey(m.MessageId), $"{m.MessageId} was never delivered."));
        TestContext.Current.TestOutputHelper?.WriteLine($"first host delivered {receivedByFirst}; duplicates after restart: {server.ReceivedCount - count}");
        Assert.Equal(count, arrivals.Count);
        Assert.InRange(server.ReceivedCount - count, 0, batchSize);
    }

    [Fact]
    public async Task Two_hosts_on_the_same_database_deliver_every_message_exactly_once()
    {
        const int count = 600;
        var seeded = await _database.SeedAsync(count, DateTime.UtcNow);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var email = SmtpSettings(server.Port, batchSize: 20);

        using var first = OutboxHost.Build(_database, email);
        using var second = OutboxHost.Build(_database, email);
        await Task.WhenAll(first.StartAsync(Ct), second.StartAsync(Ct));
        await WaitUntilAsync(async () => (await _database.AllAsync()).All(m => m.State == OutboxState.Sent), TimeSpan.FromSeconds(60));
        await Task.WhenAll(first.StopAsync(Ct), second.StopAsync(Ct));

        Assert.Equal(seeded.Select(m => m.MessageId).Order(), server.Messages.Select(m => m.MessageId).Order());
    }

    private static Dictionary<string, string?> SmtpSettings(int port, int batchSize) => new()
    {
        ["Mode"] = "Smtp",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LeaseSeconds"] = "2",
        ["PollIntervalSeconds"] = "0.2",
        ["MaxPerSecond"] = "0",
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Condition not met within {timeout}.");
            await Task.Delay(20, Ct);
        }
    }
}

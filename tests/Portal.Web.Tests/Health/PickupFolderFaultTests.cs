using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Email;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Health;

/// <summary>A pickup folder that cannot be written: the email stays due, /health says so, and it leaves once the folder is back.</summary>
public sealed class PickupFolderFaultTests : IAsyncLifetime
{
    private readonly PortalAppFactory app;
    private readonly string pickupPath;

    public PickupFolderFaultTests()
    {
        app = new PortalAppFactory()
            .WithSetting("Email:PollIntervalSeconds", "0.2")
            .WithSetting("Email:RetryBaseSeconds", "1")
            .WithSetting("Email:MaxPerSecond", "0");
        pickupPath = app.PickupFolder;
        // A file where the folder should be: nothing can be written into it (the tests run as root, so permissions
        // would not stop a write).
        Directory.CreateDirectory(Path.GetDirectoryName(pickupPath)!);
        File.WriteAllText(pickupPath, "not a folder");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task An_unwritable_pickup_folder_keeps_the_email_due_and_degrades_health_until_it_is_back()
    {
        using var client = app.CreateFormClient();
        var register = await client.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Folder Fault",
            ["Input.Email"] = $"fault-{Guid.NewGuid():N}@example.org",
            ["Input.Password"] = "Correct-Horse-Battery-42",
            ["Input.ConfirmPassword"] = "Correct-Horse-Battery-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);

        var failing = await WaitForAsync(m => m.Attempts >= 1 && m.LastError != null);
        Assert.Equal(OutboxState.Pending, failing.State);
        var (status, data) = await HealthAsync(client);
        Assert.Equal("Degraded", status);
        Assert.True(data.GetProperty("failingMessages").GetInt32() >= 1);

        File.Delete(pickupPath);

        var sent = await WaitForAsync(m => m.State == OutboxState.Sent);
        Assert.Single(Directory.GetFiles(pickupPath, "*.eml"));
        Assert.True(sent.Attempts >= 1, "its failed attempts stay on record");
        Assert.Equal("Healthy", (await HealthAsync(client)).Status);
    }

    private async Task<OutboxMessage> WaitForAsync(Func<OutboxMessage, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
            var message = Assert.Single(messages);
            if (condition(message))
            {
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The message stayed {message.State} after {message.Attempts} attempt(s).");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(string Status, JsonElement OutboxData)> HealthAsync(StaticFormClient client)
    {
        var health = await client.Http.GetStringAsync("health", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(health);
        var outbox = json.RootElement.GetProperty("checks").GetProperty("outbox");
        return (json.RootElement.GetProperty("status").GetString()!, outbox.GetProperty("data").Clone());
    }
}

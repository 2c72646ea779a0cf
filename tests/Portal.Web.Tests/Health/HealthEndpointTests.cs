using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Health;

public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly KestrelPortalFactory factory = new();
    private HttpClient client = default!;

    public ValueTask InitializeAsync()
    {
        client = factory.CreateHttpClient();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Health_is_anonymous_json_with_the_database_and_the_outbox()
    {
        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal("Healthy", root.GetProperty("status").GetString());
        Assert.Equal("Healthy", root.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var outbox = root.GetProperty("checks").GetProperty("outbox");
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.Equal(0, outbox.GetProperty("data").GetProperty("dueMessages").GetInt32());
        Assert.Equal(0, outbox.GetProperty("data").GetProperty("failingMessages").GetInt32());
        Assert.Equal(0, outbox.GetProperty("data").GetProperty("oldestUnsentAgeSeconds").GetInt64());
        Assert.Equal(15 * 60, outbox.GetProperty("data").GetProperty("maxAgeSeconds").GetInt64());
    }

    [Fact]
    public async Task A_late_message_degrades_health_without_revealing_anything_about_it()
    {
        var now = DateTime.UtcNow;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var id = Guid.NewGuid();
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id,
                Kind = "account.confirm",
                Culture = "en",
                Recipient = "late.person@example.org",
                RecipientName = "Late Person",
                Subject = "Confirm your email address",
                TextBody = "text",
                HtmlBody = "<p>html</p>",
                MessageId = $"{id:N}@portal.test",
                CreatedAt = now.AddMinutes(-40),
                NextAttemptAt = now.AddMinutes(-30),
                // Held by an instance that stopped: due and late, and no dispatcher will take it over during the test.
                LeaseId = Guid.NewGuid(),
                LeaseUntil = now.AddHours(1),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var outbox = json.RootElement.GetProperty("checks").GetProperty("outbox");
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.Equal(1, outbox.GetProperty("data").GetProperty("dueMessages").GetInt32());
        Assert.InRange(outbox.GetProperty("data").GetProperty("oldestUnsentAgeSeconds").GetInt64(), 40 * 60, 45 * 60);
        Assert.DoesNotContain("late.person", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Late Person", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirm your email", body, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }
}

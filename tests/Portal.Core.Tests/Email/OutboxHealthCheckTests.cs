using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

public sealed class OutboxHealthCheckTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-outbox-health-");
    private DbContextOptions<PortalDbContext> options = default!;
    private OutboxHealthCheck check = default!;

    public async ValueTask InitializeAsync()
    {
        options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        check = new OutboxHealthCheck(
            new PooledDbContextFactory<PortalDbContext>(options),
            Options.Create(new EmailOptions { HealthMaxAgeMinutes = 15 }),
            new FakeTimeProvider(new DateTimeOffset(Now)));
    }

    [Fact]
    public async Task Empty_outbox_is_healthy_with_nothing_due()
    {
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(0, result.Data[OutboxHealthCheck.DueMessages]);
        Assert.Equal(0, result.Data[OutboxHealthCheck.FailingMessages]);
        Assert.Equal(0L, result.Data[OutboxHealthCheck.OldestUnsentAgeSeconds]);
        Assert.Equal(900L, result.Data[OutboxHealthCheck.MaxAgeSeconds]);
    }

    [Fact]
    public async Task Unsent_messages_younger_than_the_limit_are_healthy_and_report_the_oldest_age()
    {
        await AddAsync(OutboxState.Pending, createdAt: Now.AddMinutes(-5));
        await AddAsync(OutboxState.Pending, createdAt: Now.AddMinutes(-2));

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(2, result.Data[OutboxHealthCheck.DueMessages]);
        Assert.Equal(300L, result.Data[OutboxHealthCheck.OldestUnsentAgeSeconds]);
    }

    [Fact]
    public async Task An_unsent_message_older_than_the_limit_degrades()
    {
        await AddAsync(OutboxState.Pending, createdAt: Now.AddMinutes(-16));

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(960L, result.Data[OutboxHealthCheck.OldestUnsentAgeSeconds]);
    }

    [Fact]
    public async Task A_message_waiting_for_a_retry_degrades_at_once()
    {
        // Its first attempt failed a minute ago (server down, folder not writable); the retry is not due yet.
        await AddAsync(OutboxState.Pending, createdAt: Now.AddMinutes(-1), nextAttemptAt: Now.AddMinutes(1), attempts: 1);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal((0, 1), (result.Data[OutboxHealthCheck.DueMessages], result.Data[OutboxHealthCheck.FailingMessages]));
        Assert.Equal(60L, result.Data[OutboxHealthCheck.OldestUnsentAgeSeconds]);
    }

    [Fact]
    public async Task Sent_and_failed_messages_do_not_count()
    {
        await AddAsync(OutboxState.Sent, createdAt: Now.AddHours(-3), attempts: 2);
        await AddAsync(OutboxState.Failed, createdAt: Now.AddHours(-2), attempts: 8);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal((0, 0), (result.Data[OutboxHealthCheck.DueMessages], result.Data[OutboxHealthCheck.FailingMessages]));
        Assert.Equal(0L, result.Data[OutboxHealthCheck.OldestUnsentAgeSeconds]);
    }

    private Task<HealthCheckResult> CheckAsync() =>
        check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private async Task AddAsync(OutboxState state, DateTime createdAt, DateTime? nextAttemptAt = null, int attempts = 0)
    {
        await using var db = new PortalDbContext(options);
        var id = Guid.NewGuid();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = id,
            Kind = "account.confirm",
            Culture = "en",
            Recipient = "someone@example.org",
            Subject = "Subject",
            TextBody = "Text",
            HtmlBody = "<p>Html</p>",
            MessageId = $"{id:N}@portal.example",
            State = state,
            Attempts = attempts,
            CreatedAt = createdAt,
            NextAttemptAt = nextAttemptAt ?? createdAt,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

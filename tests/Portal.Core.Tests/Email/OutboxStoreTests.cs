using Microsoft.Extensions.Time.Testing;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

public sealed class OutboxStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly EmailOptions _options = new() { BatchSize = 10, LeaseSeconds = 60, RetryBaseSeconds = 30, MaxAttempts = 4 };
    private OutboxTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync() => _database = await OutboxTestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_claim_takes_due_messages_oldest_first_up_to_the_batch_size()
    {
        var due = await _database.SeedAsync(12, Now.AddMinutes(-5));
        await _database.SeedAsync(3, Now.AddMinutes(5));
        var store = _database.Store(_time, _options);

        var first = await store.ClaimAsync(Ct);
        var second = await store.ClaimAsync(Ct);
        var third = await store.ClaimAsync(Ct);

        Assert.Equal(due.Take(10).Select(m => m.Id), first.Messages.Select(m => m.Id));
        Assert.Equal(due.Skip(10).Select(m => m.Id), second.Messages.Select(m => m.Id));
        Assert.Empty(third.Messages);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        var held = await _database.FindAsync(due[0].Id);
        Assert.Equal(first.LeaseId, held.LeaseId);
        Assert.Equal(Now.AddSeconds(60), held.LeaseUntil);
    }

    [Fact]
    public async Task Two_instances_claiming_at_the_same_time_never_get_the_same_message()
    {
        var seeded = await _database.SeedAsync(600, Now.AddMinutes(-1));
        var options = new EmailOptions { BatchSize = 7 };
        var stores = new[]
        {
            new OutboxStore(_database.Factory, _time, Microsoft.Extensions.Options.Options.Create(options)),
            new OutboxStore(_database.OtherInstanceFactory(), _time, Microsoft.Extensions.Options.Options.Create(options)),
        };

        var claimed = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            var ids = new List<Guid>();
            while ((await store.ClaimAsync(Ct)).Messages is { Count: > 0 } batch)
            {
                ids.AddRange(batch.Select(m => m.Id));
                // As a dispatcher does while it sends the batch, which lets the other instance in.
                await Task.Delay(5, Ct);
            }

            return ids;
        })));

        Assert.All(claimed, ids => Assert.NotEmpty(ids));
        Assert.Empty(claimed[0].Intersect(claimed[1]));
        Assert.Equal(seeded.Select(m => m.Id).Order(), claimed.SelectMany(ids => ids).Order());
    }

    [Fact]
    public async Task A_lease_that_runs_out_makes_its_messages_claimable_again()
    {
        var seeded = await _database.SeedAsync(3, Now);
        var store = _database.Store(_time, _options);
        var abandoned = await store.ClaimAsync(Ct);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty((await store.ClaimAsync(Ct)).Messages);

        _time.Advance(TimeSpan.FromSeconds(1));
        var takeover = await store.ClaimAsync(Ct);
        Assert.Equal(seeded.Select(m => m.Id), takeover.Messages.Select(m => m.Id));

        // The instance that lost the lease reports late: the new holder's claim stands.
        await store.RecordAsync(abandoned, [.. abandoned.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.Sent))], Ct);
        var row = await _database.FindAsync(seeded[0].Id);
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Equal(takeover.LeaseId, row.LeaseId);
    }

    [Fact]
    public async Task Sent_messages_are_recorded_with_their_time_and_leave_the_queue()
    {
        var seeded = await _database.SeedAsync(2, Now);
        var store = _database.Store(_time, _options);
        var claim = await store.ClaimAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(3));

        await store.RecordAsync(claim, [.. claim.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.Sent))], Ct);

        var row = await _database.FindAsync(seeded[1].Id);
        Assert.Equal(OutboxState.Sent, row.State);
        Assert.Equal(Now, row.SentAt);
        Assert.Null(row.LeaseId);
        Assert.Null(row.LeaseUntil);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await store.ClaimAsync(Ct)).Messages);
    }

    [Fact]
    public async Task Transient_failures_back_off_exponentially_with_bounded_jitter_then_fail_after_the_last_attempt()
    {
        var seeded = (await _database.SeedAsync(1, Now)).Single();
        var store = _database.Store(_time, _options);

        for (var attempt = 1; attempt < _options.MaxAttempts; attempt++)
        {
            var claim = await store.ClaimAsync(Ct);
            await store.RecordAsync(claim, [new(claim.Messages.Single(), DeliveryOutcome.TransientFailure, "451 4.3.0 try later")], Ct);

            var row = await _database.FindAsync(seeded.Id);
            var nominal = TimeSpan.FromSeconds(30 * Math.Pow(2, attempt - 1));
            Assert.Equal(OutboxState.Pending, row.State);
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal("451 4.3.0 try later", row.LastError);
            Assert.Null(row.LeaseId);
            Assert.InRange(row.NextAttemptAt - Now, nominal * 0.8, nominal * 1.2);

            // Not claimable before its time, claimable at it.
            Assert.Empty((await store.ClaimAsync(Ct)).Messages);
            _time.Advance(row.NextAttemptAt - Now);
        }

        var last = await store.ClaimAsync(Ct);
        await store.RecordAsync(last, [new(last.Messages.Single(), DeliveryOutcome.TransientFailure, "Connection refused")], Ct);

        var failed = await _database.FindAsync(seeded.Id);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(_options.MaxAttempts, failed.Attempts);
        Assert.Equal("Connection refused", failed.LastError);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await store.ClaimAsync(Ct)).Messages);
    }

    [Fact]
    public async Task A_permanent_failure_stops_at_once_and_keeps_the_servers_code_and_text()
    {
        var seeded = await _database.SeedAsync(2, Now);
        var store = _database.Store(_time, _options);
        var claim = await store.ClaimAsync(Ct);

        await store.RecordAsync(claim,
        [
            new(claim.Messages[0], DeliveryOutcome.PermanentFailure, "550 5.1.1 <customer0@example.test>: mailbox unavailable"),
            new(claim.Messages[1], DeliveryOutcome.Sent),
        ], Ct);

        var failed = await _database.FindAsync(seeded[0].Id);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("550 5.1.1 <customer0@example.test>: mailbox unavailable", failed.LastError);
        Assert.Equal(OutboxState.Sent, (await _database.FindAsync(seeded[1].Id)).State);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await store.ClaimAsync(Ct)).Messages);
    }

    [Fact]
    public async Task Messages_not_attempted_are_released_without_using_up_an_attempt()
    {
        var seeded = await _database.SeedAsync(2, Now);
        var store = _database.Store(_time, _options);
        var claim = await store.ClaimAsync(Ct);

        await store.RecordAsync(claim, [.. claim.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.NotAttempted))], Ct);

        var again = await store.ClaimAsync(Ct);
        Assert.Equal(seeded.Select(m => m.Id), again.Messages.Select(m => m.Id));
        Assert.All(again.Messages, m => Assert.Equal(0, m.Attempts));
    }

    [Fact]
    public async Task The_oldest_due_age_counts_from_when_the_oldest_unsent_message_fell_due()
    {
        var store = _database.Store(_time, _options);
        Assert.Null(await store.OldestDueAgeAsync(Ct));

        await _database.SeedAsync(1, Now.AddMinutes(-7));
        await _database.SeedAsync(1, Now.AddMinutes(-2));
        await _database.SeedAsync(1, Now.AddMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(7), await store.OldestDueAgeAsync(Ct));

        // Claimed but not yet sent still counts: it has not left.
        var claim = await store.ClaimAsync(Ct);
        Assert.Equal(TimeSpan.FromMinutes(7), await store.OldestDueAgeAsync(Ct));

        await store.RecordAsync(claim, [.. claim.Messages.Select(m => new DeliveryResult(m, DeliveryOutcome.Sent))], Ct);
        Assert.Null(await store.OldestDueAgeAsync(Ct));
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Portal.Core.Email;
using SmtpServer.Protocol;

namespace Portal.Core.Tests.Email;

/// <summary>The dispatcher in Smtp mode against a real SMTP server on loopback.</summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private OutboxTestDatabase _database = null!;
    private LoopbackSmtpServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _database = await OutboxTestDatabase.CreateAsync();
        _server = await LoopbackSmtpServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task What_arrives_is_exactly_the_enqueued_message_with_its_headers_and_both_parts()
    {
        var seeded = await _database.SeedAsync(2, Now);
        var dispatcher = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(_server.Port), _time);

        Assert.Equal(2, await dispatcher.DispatchDueAsync(Ct));

        var received = _server.Messages;
        Assert.Equal(2, received.Count);
        foreach (var outbox in seeded)
        {
            var message = Assert.Single(received, m => m.MessageId == outbox.MessageId);
            var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
            Assert.Equal(("Northwind Care", "care@northwind.test"), (from.Name, from.Address));
            var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
            Assert.Equal((outbox.RecipientName, outbox.Recipient), (to.Name, to.Address));
            Assert.Equal("support@northwind.test", Assert.IsType<MailboxAddress>(Assert.Single(message.ReplyTo)).Address);
            Assert.Equal(outbox.Subject, message.Subject);
            // The Date header has whole seconds.
            Assert.Equal(new DateTimeOffset(outbox.CreatedAt.AddTicks(-(outbox.CreatedAt.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero), message.Date);

            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            Assert.Equal(outbox.Culture, alternative.Headers[HeaderId.ContentLanguage]);
            Assert.Collection(alternative,
                part => AssertPart(part, "plain", outbox.TextBody),
                part => AssertPart(part, "html", outbox.HtmlBody));

            var stored = await _database.FindAsync(outbox.Id);
            Assert.Equal(OutboxState.Sent, stored.State);
            Assert.Equal(Now, stored.SentAt);
        }
    }

    [Fact]
    public async Task A_recipient_refused_with_550_fails_only_that_message_keeping_the_servers_answer()
    {
        var seeded = await _database.SeedAsync(4, Now);
        _server.RecipientAnswer = address => address == seeded[1].Recipient
            ? new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 no such user here")
            : null;
        var dispatcher = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(_server.Port), _time);

        await dispatcher.DispatchDueAsync(Ct);

        var refused = await _database.FindAsync(seeded[1].Id);
        Assert.Equal(OutboxState.Failed, refused.State);
        Assert.StartsWith("550 ", refused.LastError);
        Assert.Contains("no such user here", refused.LastError);
        Assert.Equal(1, refused.Attempts);
        foreach (var other in seeded.Where(m => m != seeded[1]))
        {
            Assert.Equal(OutboxState.Sent, (await _database.FindAsync(other.Id)).State);
        }

        Assert.Equal(seeded.Where(m => m != seeded[1]).Select(m => m.MessageId).Order(), _server.Messages.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task A_4xx_answer_leaves_the_message_pending_and_it_is_delivered_on_a_later_attempt()
    {
        var seeded = (await _database.SeedAsync(1, Now)).Single();
        _server.RecipientAnswer = _ => new SmtpResponse(SmtpReplyCode.Unavailable, "4.7.1 greylisted, come back later");
        var dispatcher = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(_server.Port), _time);

        await dispatcher.DispatchDueAsync(Ct);

        var deferred = await _database.FindAsync(seeded.Id);
        Assert.Equal(OutboxState.Pending, deferred.State);
        Assert.Equal(1, deferred.Attempts);
        Assert.StartsWith("450 ", deferred.LastError);
        Assert.InRange(deferred.NextAttemptAt - Now, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(Ct));

        _server.RecipientAnswer = _ => null;
        _time.Advance(TimeSpan.FromSeconds(36));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(Ct));

        Assert.Equal(OutboxState.Sent, (await _database.FindAsync(seeded.Id)).State);
        Assert.Equal(seeded.MessageId, Assert.Single(_server.Messages).MessageId);
    }

    [Fact]
    public async Task With_the_server_down_messages_stay_pending_and_go_out_once_it_is_back()
    {
        var seeded = await _database.SeedAsync(3, Now);
        var down = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(LoopbackSmtpServer.UnusedPort()), _time);

        await down.DispatchDueAsync(Ct);

        foreach (var message in await _database.AllAsync())
        {
            Assert.Equal(OutboxState.Pending, message.State);
            Assert.Equal(1, message.Attempts);
            Assert.False(string.IsNullOrEmpty(message.LastError));
            Assert.Null(message.LeaseId);
        }

        _time.Advance(TimeSpan.FromSeconds(36));
        var back = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(_server.Port), _time);
        Assert.Equal(3, await back.DispatchDueAsync(Ct));
        Assert.Equal(seeded.Select(m => m.MessageId).Order(), _server.Messages.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task When_the_connection_drops_mid_batch_the_unsent_rest_is_released_for_the_next_claim()
    {
        var seeded = await _database.SeedAsync(5, Now);
        _server.RecipientAnswer = address => address == seeded[2].Recipient
            ? new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.3.2 shutting down")
            : null;
        var dispatcher = OutboxTestHarness.Dispatcher(_database, OutboxTestHarness.SmtpOptions(_server.Port), _time);

        await dispatcher.DispatchDueAsync(Ct);

        Assert.Equal([OutboxState.Sent, OutboxState.Sent], [(await _database.FindAsync(seeded[0].Id)).State, (await _database.FindAsync(seeded[1].Id)).State]);
        var interrupted = await _database.FindAsync(seeded[2].Id);
        Assert.Equal((OutboxState.Pending, 1), (interrupted.State, interrupted.Attempts));
        Assert.StartsWith("421 ", interrupted.LastError);

        // The rest were never tried: claimable again at once, no attempt spent.
        _server.RecipientAnswer = _ => null;
        Assert.Equal(2, await dispatcher.DispatchDueAsync(Ct));
        foreach (var rest in seeded.Skip(3))
        {
            var row = await _database.FindAsync(rest.Id);
            Assert.Equal((OutboxState.Sent, 0), (row.State, row.Attempts));
        }
    }

    [Fact]
    public async Task The_configured_maximum_rate_is_respected()
    {
        await _database.SeedAsync(60, Now);
        var options = OutboxTestHarness.SmtpOptions(_server.Port, o => (o.MaxPerSecond, o.BatchSize) = (40, 100));
        var dispatcher = OutboxTestHarness.Dispatcher(_database, options, _time);

        var clock = Stopwatch.StartNew();
        Assert.Equal(60, await dispatcher.DispatchDueAsync(Ct));

        // A burst of one refill (4), then 56 more at 40/s.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.3), $"60 messages at 40/s took only {clock.Elapsed}.");
        Assert.Equal(60, _server.ReceivedCount);
    }

    private static void AssertPart(MimeEntity entity, string subtype, string expected)
    {
        var part = Assert.IsType<TextPart>(entity);
        Assert.Equal(subtype, part.ContentType.MediaSubtype);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        Assert.Equal(expected, part.Text.ReplaceLineEndings("\n"));
    }
}

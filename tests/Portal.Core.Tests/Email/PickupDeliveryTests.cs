using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

public sealed class PickupDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private OutboxTestDatabase _database = null!;

    private string PickupFolder => Path.Combine(_database.Folder, "mail");

    public async ValueTask InitializeAsync() => _database = await OutboxTestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Each_message_becomes_one_parseable_eml_file_with_both_parts_and_its_stable_Message_ID()
    {
        var seeded = await _database.SeedAsync(3, _time.GetUtcNow().UtcDateTime);
        var options = new EmailOptions { FromAddress = "care@northwind.test", FromName = "Northwind Care" };
        var dispatcher = OutboxTestHarness.Dispatcher(_database, options, _time, new PickupEmailTransport(PickupFolder, _time));

        Assert.Equal(3, await dispatcher.DispatchDueAsync(TestContext.Current.CancellationToken));

        var files = Directory.GetFiles(PickupFolder);
        Assert.Equal(3, files.Length);
        foreach (var outbox in seeded)
        {
            var file = Assert.Single(files, f => Path.GetFileName(f) == $"20261130T0900000000000Z-{outbox.Id:N}.eml");
            var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
            Assert.Equal(outbox.MessageId, message.MessageId);
            Assert.Equal(outbox.Recipient, Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
            Assert.Equal(outbox.Subject, message.Subject);
            Assert.Equal(outbox.TextBody, message.TextBody?.ReplaceLineEndings("\n"));
            Assert.Equal(outbox.HtmlBody, message.HtmlBody?.ReplaceLineEndings("\n"));
            Assert.Equal(OutboxState.Sent, (await _database.FindAsync(outbox.Id)).State);
        }
    }

    [Fact]
    public async Task A_message_whose_recipient_was_redacted_fails_for_good_instead_of_being_retried()
    {
        var seeded = await _database.SeedAsync(1, _time.GetUtcNow().UtcDateTime);
        await using (var db = _database.NewContext())
        {
            db.Attach(seeded[0]).Entity.Recipient = null;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var dispatcher = OutboxTestHarness.Dispatcher(_database, new EmailOptions(), _time, new PickupEmailTransport(PickupFolder, _time));
        await dispatcher.DispatchDueAsync(TestContext.Current.CancellationToken);

        var row = await _database.FindAsync(seeded[0].Id);
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Contains("redacted", row.LastError);
        Assert.Empty(Directory.GetFiles(PickupFolder));
    }
}

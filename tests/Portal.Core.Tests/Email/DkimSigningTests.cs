using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

public sealed class DkimSigningTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly RSA _key = RSA.Create(2048);
    private OutboxTestDatabase _database = null!;
    private LoopbackSmtpServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await OutboxTestDatabase.CreateAsync();
        _server = await LoopbackSmtpServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_database.Folder, "dkim.pem"), _key.ExportPkcs8PrivateKeyPem());
    }

    public async ValueTask DisposeAsync()
    {
        _key.Dispose();
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task With_Dkim_configured_what_arrives_carries_a_signature_that_verifies_against_the_public_key()
    {
        await _database.SeedAsync(1, _time.GetUtcNow().UtcDateTime);
        var options = OutboxTestHarness.SmtpOptions(_server.Port, o => o.Dkim = new DkimOptions
        {
            Domain = "northwind.test",
            Selector = "portal",
            PrivateKeyPath = "dkim.pem",
        });
        var transport = new SmtpEmailTransport(options.Smtp, new DkimMessageSigner(options.Dkim, _database.Folder));
        await OutboxTestHarness.Dispatcher(_database, options, _time, transport).DispatchDueAsync(TestContext.Current.CancellationToken);

        var message = Assert.Single(_server.Messages);
        var signature = Assert.Single(message.Headers, h => h.Id == HeaderId.DkimSignature);
        Assert.Contains("d=northwind.test", signature.Value);
        Assert.Contains("s=portal", signature.Value);
        var verifier = new DkimVerifier(new SingleKeyLocator(_key, "northwind.test", "portal"));
        Assert.True(await verifier.VerifyAsync(message, signature, TestContext.Current.CancellationToken));

        // The check has teeth: a changed subject no longer verifies.
        message.Subject += " (edited)";
        Assert.False(await verifier.VerifyAsync(message, signature, TestContext.Current.CancellationToken));
    }
}

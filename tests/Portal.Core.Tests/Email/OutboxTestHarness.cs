using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

/// <summary>The dispatcher's real parts wired by hand, for tests that drive one batch at a time.</summary>
public static class OutboxTestHarness
{
    public static EmailOptions SmtpOptions(int port, Action<EmailOptions>? configure = null)
    {
        var options = new EmailOptions
        {
            Mode = EmailMode.Smtp,
            FromAddress = "care@northwind.test",
            FromName = "Northwind Care",
            ReplyTo = "support@northwind.test",
            MaxPerSecond = 0,
            RetryBaseSeconds = 30,
            Smtp = { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, TimeoutSeconds = 10 },
        };
        configure?.Invoke(options);
        return options;
    }

    public static OutboxDispatcher Dispatcher(OutboxTestDatabase database, EmailOptions options, TimeProvider time, IEmailTransport? transport = null)
    {
        var wrapped = Options.Create(options);
        var sender = new OutboxBatchSender(
            transport ?? new SmtpEmailTransport(options.Smtp, signer: null),
            new OutboxMimeBuilder(wrapped),
            wrapped,
            NullLogger<OutboxBatchSender>.Instance);
        return new OutboxDispatcher(database.Store(time, options), sender, wrapped, time, NullLogger<OutboxDispatcher>.Instance);
    }
}

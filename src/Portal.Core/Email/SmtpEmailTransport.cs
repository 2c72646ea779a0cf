using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Portal.Core.Email;

/// <summary>Sends over SMTP with MailKit, one connection per claimed batch.</summary>
public sealed class SmtpEmailTransport(SmtpOptions options, DkimMessageSigner? signer) : IEmailTransport
{
    public async Task<IEmailTransportSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = checked(options.TimeoutSeconds * 1000) };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, SocketOptions(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }

            return new Session(client, signer);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.Auto,
    };

    private sealed class Session(SmtpClient client, DkimMessageSigner? signer) : IEmailTransportSession
    {
        public bool IsOpen => client.IsConnected;

        public async Task SendAsync(Guid outboxId, MimeMessage message, CancellationToken cancellationToken)
        {
            signer?.Sign(message);
            await client.SendAsync(message, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception exception) when (exception is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException)
            {
                // Every result is already known; a failed goodbye changes none of them.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

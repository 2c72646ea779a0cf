using System.Net.Sockets;
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
        // Dual-mode (IPv6 and IPv4) where the OS has IPv6; IPv4 only where it does not.
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Our own socket, for NoDelay: with Nagle on, a message longer than one segment waits for the server's
            // delayed ACK (about 40 ms) before its last segment leaves, which caps a connection at ~25 messages/s.
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
                await socket.ConnectAsync(options.Host, options.Port, connectTimeout.Token);
            }

            await client.ConnectAsync(socket, options.Host, options.Port, SocketOptions(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }

            return new Session(client, signer);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
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

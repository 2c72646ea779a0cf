using MimeKit;

namespace Portal.Core.Email;

/// <summary>Where messages leave the portal; a session carries one claimed batch.</summary>
public interface IEmailTransport
{
    Task<IEmailTransportSession> OpenSessionAsync(CancellationToken cancellationToken);
}

public interface IEmailTransportSession : IAsyncDisposable
{
    /// <summary>False once the session can send no more (a dropped connection); the rest of the batch is then released.</summary>
    bool IsOpen { get; }

    /// <summary>Sends one message; failures are thrown and sorted by <see cref="DeliveryFailure"/>.</summary>
    Task SendAsync(Guid outboxId, MimeMessage message, CancellationToken cancellationToken);
}

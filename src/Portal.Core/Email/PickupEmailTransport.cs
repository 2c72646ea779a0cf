using MimeKit;

namespace Portal.Core.Email;

/// <summary>Writes each message as an .eml file into a folder, for development and for reading mail without a server.</summary>
public sealed class PickupEmailTransport(string folder, TimeProvider time) : IEmailTransport, IEmailTransportSession
{
    public bool IsOpen => true;

    public Task<IEmailTransportSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        return Task.FromResult<IEmailTransportSession>(this);
    }

    public async Task SendAsync(Guid outboxId, MimeMessage message, CancellationToken cancellationToken)
    {
        var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfffffff'Z'}-{outboxId:N}.eml";
        // Written aside and moved in, so a reader of the folder never sees half a message.
        var temporary = Path.Combine(folder, $".{name}.tmp");
        try
        {
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(folder, name), overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

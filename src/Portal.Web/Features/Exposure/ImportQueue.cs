using System.Threading.Channels;

namespace Portal.Web.Features.Exposure;

/// <summary>Confirmed imports waiting for <see cref="ImportBackgroundService"/>, by batch id.</summary>
public sealed class ImportQueue
{
    private readonly Channel<long> channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<long> Reader => channel.Reader;

    public void Enqueue(long batchId)
    {
        if (!channel.Writer.TryWrite(batchId))
        {
            throw new InvalidOperationException("The import queue is closed.");
        }
    }
}

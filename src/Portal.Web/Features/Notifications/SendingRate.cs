namespace Portal.Web.Features.Notifications;

/// <summary>
/// The current sending rate, from the page's own samples of the done count over the last few seconds (so it needs
/// no query of its own), and the time left at that rate.
/// </summary>
public sealed class SendingRate(TimeSpan window)
{
    private readonly Queue<(DateTime At, int Done)> samples = new();

    public void Add(DateTime at, int done)
    {
        samples.Enqueue((at, done));
        while (samples.Count > 2 && at - samples.Peek().At > window)
        {
            samples.Dequeue();
        }
    }

    public void Reset() => samples.Clear();

    /// <summary>Notices per second over the window; null until two samples exist.</summary>
    public double? PerSecond
    {
        get
        {
            if (samples.Count < 2)
            {
                return null;
            }

            var (firstAt, firstDone) = samples.Peek();
            var (lastAt, lastDone) = samples.Last();
            var seconds = (lastAt - firstAt).TotalSeconds;
            return seconds <= 0 ? null : Math.Max(0, lastDone - firstDone) / seconds;
        }
    }

    /// <summary>Time left for <paramref name="pending"/> notices at the current rate; null while the rate is unknown or zero.</summary>
    public TimeSpan? Remaining(int pending) =>
        PerSecond is > 0 and var rate ? TimeSpan.FromSeconds(Math.Ceiling(pending / rate)) : null;
}

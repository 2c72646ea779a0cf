namespace Portal.Core.Email;

/// <summary>When a transiently failed message is tried again: exponential backoff with jitter.</summary>
public static class RetryBackoff
{
    /// <summary>Each delay lies within this fraction either side of its nominal value.</summary>
    public const double Jitter = 0.2;

    /// <summary>
    /// The delay after the <paramref name="attempts"/>-th failed attempt: base·2^(attempts-1), spread by ±<see cref="Jitter"/>
    /// so that messages which failed together (a server outage) do not all come back at the same instant.
    /// </summary>
    public static TimeSpan Delay(int attempts, int baseSeconds, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var nominal = baseSeconds * Math.Pow(2, attempts - 1);
        var spread = 1 + Jitter * (2 * random.NextDouble() - 1);
        return TimeSpan.FromSeconds(nominal * spread);
    }
}

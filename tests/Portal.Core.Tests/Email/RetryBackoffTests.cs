using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    public void Delays_double_per_attempt_and_spread_within_twenty_percent(int attempts, double nominalSeconds)
    {
        var random = new Random(20261130);
        var delays = Enumerable.Range(0, 2000).Select(_ => RetryBackoff.Delay(attempts, 30, random).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, nominalSeconds * 0.8, nominalSeconds * 1.2));
        // Spread over the whole band, not clustered: failures from one outage come back at different times.
        Assert.True(delays.Min() < nominalSeconds * 0.82);
        Assert.True(delays.Max() > nominalSeconds * 1.18);
    }
}

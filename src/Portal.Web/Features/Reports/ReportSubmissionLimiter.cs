using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core.Reports;

namespace Portal.Web.Features.Reports;

/// <summary>
/// Reports and additions per customer and hour. The forms post over the Blazor circuit, not as HTTP requests, so
/// the HTTP rate-limiting middleware never sees them: the limit is taken here, per account.
/// </summary>
public sealed class ReportSubmissionLimiter(IOptions<ReportOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(userId =>
        RateLimitPartition.GetFixedWindowLimiter(userId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.SubmissionsPerHour),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

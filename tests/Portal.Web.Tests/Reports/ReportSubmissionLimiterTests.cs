using Microsoft.Extensions.Options;
using Portal.Core.Reports;
using Portal.Web.Features.Reports;

namespace Portal.Web.Tests.Reports;

public sealed class ReportSubmissionLimiterTests
{
    [Fact]
    public void Each_customer_has_their_own_hourly_allowance()
    {
        using var limiter = new ReportSubmissionLimiter(Options.Create(new ReportOptions { SubmissionsPerHour = 2 }));

        Assert.True(limiter.TryAcquire("camille"));
        Assert.True(limiter.TryAcquire("camille"));
        Assert.False(limiter.TryAcquire("camille"));
        Assert.True(limiter.TryAcquire("dominique"));
    }
}

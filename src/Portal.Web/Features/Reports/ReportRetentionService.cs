using Portal.Core.Reports;

namespace Portal.Web.Features.Reports;

/// <summary>Purges expired raw messages a few times a day (each instance; the purge is one idempotent statement).</summary>
public sealed class ReportRetentionService(ReportRetention retention, TimeProvider clock, ILogger<ReportRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var purged = await retention.PurgeAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Deleted {Count} raw report message(s) past their retention.", purged);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Purging expired raw report messages failed; trying again later.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

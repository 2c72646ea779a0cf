using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// Runs confirmed imports one after another, outside any circuit, so an admin can leave the page; publishes their
/// progress to <see cref="ImportProgressRegistry"/>, audits each result and deletes each file at the end. Also sweeps
/// the upload folder at start and every hour.
/// </summary>
public sealed class ImportBackgroundService(
    ImportQueue queue,
    ImportProgressRegistry registry,
    ImportUploads uploads,
    ExposureImporter importer,
    ImportAuditLog audit,
    ImportWorkflow workflow,
    TimeProvider clock,
    ILogger<ImportBackgroundService> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunQueueAsync(stoppingToken), SweepRegularlyAsync(stoppingToken));

    private async Task RunQueueAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batchId in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await ImportAsync(batchId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; queued batches stay previewed and can be confirmed again.
        }
    }

    private async Task ImportAsync(long batchId, CancellationToken stoppingToken)
    {
        registry.Start(batchId);
        string? failure = null;
        try
        {
            await importer.ImportAsync(batchId, uploads.PathFor(batchId), registry.ReporterFor(batchId), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            failure = "server shutting down";
            logger.LogWarning("Import of batch {BatchId} stopped by the shutdown; its rows were removed.", batchId);
        }
        catch (Exception error)
        {
            failure = error.GetType().Name;
            logger.LogError(error, "Import of batch {BatchId} failed; its rows were removed.", batchId);
        }
        finally
        {
            uploads.Delete(batchId);
        }

        try
        {
            await (failure is null ? audit.ImportedAsync(batchId) : audit.FailedAsync(batchId, failure));
        }
        catch (Exception error)
        {
            logger.LogError(error, "The audit entry of import batch {BatchId} could not be written.", batchId);
        }
        finally
        {
            // Last: while the batch is still live, its file and audit entry are not final yet.
            registry.Remove(batchId);
        }
    }

    private async Task SweepRegularlyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await workflow.SweepAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogError(error, "Sweeping the affected-list upload folder failed.");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

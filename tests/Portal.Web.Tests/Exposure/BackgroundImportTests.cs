using Microsoft.EntityFrameworkCore;
using Portal.Core.Exposure;
using Portal.Web.Features.Exposure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The workflow behind the import page, on the real host: queue, hosted service, progress, audit, clean-up.</summary>
public sealed class BackgroundImportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confirmed_import_runs_in_the_background_reports_its_progress_and_is_audited()
    {
        // Small chunks, so progress is published many times during the import.
        await using var host = await ImportHost.StartAsync(("Exposure:ImportChunkSize", "50"));
        var admin = await host.CreateAdminAsync();
        var lines = Enumerable.Range(0, 20_000).Select(i => $"person{i}@example.com").Append("PERSON7@example.com").Append("broken");
        var preview = await host.PreviewAsync(ImportHost.Lines(lines), "customers.txt", admin.Id);
        Assert.Equal((20_002L, 20_001L, 1L, 1L, 0L), (preview.Batch.TotalLines, preview.Batch.ValidCount,
            preview.Batch.InvalidCount, preview.Batch.DuplicateInFileCount, preview.Batch.AlreadyImportedCount));
        var polls = new List<ImportBatchStatus>();

        var final = await host.ImportAsync(preview.Batch.Id, polls.Add);

        Assert.Equal((ImportState.Completed, 20_000L, 20_002L), (final.Batch.State, final.Batch.ImportedCount, final.Batch.ProcessedLines));
        Assert.Contains(polls, p => p.IsRunning && p.ProcessedLines > 0 && p.ProcessedLines < 20_002);
        Assert.Contains(polls, p => p.Live?.LinesPerSecond > 0);
        Assert.Equal(20_000, await host.ExposedCountAsync());
        Assert.Empty(host.UploadFolderFiles());
        var audit = await host.DbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == ImportAuditLog.Imported, Token));
        Assert.Equal((admin.Id, admin.Email, "incident:seller-leak"), (audit.ActorId, audit.ActorName, audit.Target));
        Assert.Equal(
            $"Import of customers.txt (batch {preview.Batch.Id}): 20,000 addresses added from 20,002 lines; 1 duplicates in the file, 0 already imported, 1 invalid lines.",
            audit.Summary);
    }

    [Fact]
    public async Task A_second_list_skips_the_addresses_already_imported()
    {
        await using var host = await ImportHost.StartAsync();
        await host.ImportAsync((await host.PreviewAsync(ImportHost.Lines(["a@example.com", "b@example.com"]))).Batch.Id);

        var second = await host.PreviewAsync(ImportHost.Lines(["b@example.com", "c@example.com", "c@example.com"]));
        var final = await host.ImportAsync(second.Batch.Id);

        Assert.Equal(1, second.Batch.AlreadyImportedCount);
        Assert.Equal((1L, 1L, 1L), (final.Batch.ImportedCount, final.Batch.DuplicateInFileCount, ImportAuditLog.AlreadyImported(final.Batch)));
        Assert.Equal(3, await host.ExposedCountAsync());
    }

    [Fact]
    public async Task Cancelling_after_the_preview_imports_nothing_and_deletes_the_upload()
    {
        await using var host = await ImportHost.StartAsync();
        var admin = await host.CreateAdminAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "b@example.com"]), "list.txt", admin.Id);
        Assert.Equal([$"batch-{preview.Batch.Id}.upload"], host.UploadFolderFiles());

        Assert.True(await host.Workflow.CancelPreviewAsync(preview.Batch.Id));

        var status = await host.Workflow.StatusAsync(host.IncidentId, preview.Batch.Id, Token);
        Assert.Equal(ImportState.Cancelled, status!.Batch.State);
        Assert.Equal(0, await host.ExposedCountAsync());
        Assert.Empty(host.UploadFolderFiles());
        Assert.Equal(ConfirmOutcome.NotPreviewed, await host.Workflow.ConfirmAsync(preview.Batch.Id));
        var audit = await host.DbAsync(db => db.AuditEntries.SingleAsync(Token));
        Assert.Equal((ImportAuditLog.Cancelled, admin.Id), (audit.Action, audit.ActorId));
    }

    [Fact]
    public async Task A_batch_is_queued_once_however_often_it_is_confirmed()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com"]));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Workflow.ConfirmAsync(preview.Batch.Id)));
        var final = await host.WaitUntilFinishedAsync(preview.Batch.Id);

        Assert.Single(outcomes, o => o == ConfirmOutcome.Queued);
        Assert.Equal((ImportState.Completed, 1L), (final.Batch.State, final.Batch.ImportedCount));
        Assert.False(await host.Workflow.CancelPreviewAsync(preview.Batch.Id));
        Assert.Equal(1, await host.DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == ImportAuditLog.Imported, Token)));
    }

    [Fact]
    public async Task The_sweep_cancels_previews_left_unconfirmed_for_a_day_and_deletes_their_files()
    {
        await using var host = await ImportHost.StartAsync();
        var stale = await host.PreviewAsync(ImportHost.Lines(["a@example.com"]), "stale.txt");
        var fresh = await host.PreviewAsync(ImportHost.Lines(["b@example.com"]), "fresh.txt");
        await host.DbAsync(db => db.ImportBatches.Where(b => b.Id == stale.Batch.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.CreatedAt, DateTime.UtcNow - ImportWorkflow.PreviewLifetime - TimeSpan.FromMinutes(1)), Token));

        await host.Workflow.SweepAsync(Token);

        Assert.Equal(ImportState.Cancelled, (await host.Workflow.StatusAsync(host.IncidentId, stale.Batch.Id, Token))!.Batch.State);
        Assert.Equal(ImportState.Previewed, (await host.Workflow.StatusAsync(host.IncidentId, fresh.Batch.Id, Token))!.Batch.State);
        Assert.Equal([$"batch-{fresh.Batch.Id}.upload"], host.UploadFolderFiles());
        var audit = await host.DbAsync(db => db.AuditEntries.SingleAsync(Token));
        Assert.Equal((ImportAuditLog.Cancelled, null, ImportAuditLog.SystemActor), (audit.Action, audit.ActorId, audit.ActorName));
    }
}

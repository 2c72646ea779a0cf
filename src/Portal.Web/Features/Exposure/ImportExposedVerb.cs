using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Exposure;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// <c>import-exposed --incident SLUG --file PATH</c>: the browser import's code for files of tens of millions of lines,
/// with a console progress bar. Audited like the browser import, with "command line" as the actor.
/// </summary>
public sealed class ImportExposedVerb(ExposureImporter importer, IDbContextFactory<PortalDbContext> dbFactory, ImportAuditLog audit)
{
    public const string Name = "import-exposed";

    public async Task<int> RunAsync(IConfiguration arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var slug = arguments["incident"]?.Trim();
        var path = arguments["file"]?.Trim();
        if (string.IsNullOrEmpty(slug) || string.IsNullOrEmpty(path))
        {
            await output.WriteLineAsync($"Usage: {Name} --incident SLUG --file PATH");
            return 2;
        }

        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"No file at {path}.");
            return 2;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incidentId = await db.Incidents.Where(i => i.Slug == slug).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken);
        if (incidentId is null)
        {
            await output.WriteLineAsync($"No incident with the slug '{slug}'.");
            return 2;
        }

        ImportPreview preview;
        try
        {
            await output.WriteLineAsync($"Reading {path}…");
            preview = await importer.PreviewAsync(incidentId.Value, path, Path.GetFileName(path), userId: null, cancellationToken);
        }
        catch (AffectedListException error)
        {
            await output.WriteLineAsync($"Nothing was imported: {error.Error} (line {error.LineNumber}).");
            return 1;
        }

        var batch = preview.Batch;
        await output.WriteLineAsync(
            $"{batch.TotalLines:N0} lines: {batch.ValidCount:N0} valid, {batch.InvalidCount:N0} invalid, " +
            $"{batch.DuplicateInFileCount:N0} duplicates in the file, {batch.AlreadyImportedCount:N0} already imported.");
        foreach (var line in preview.FirstInvalidLines.Take(10))
        {
            await output.WriteLineAsync($"  line {line.LineNumber}: {line.Problem} {line.AddressProblem}");
        }

        var bar = new ConsoleProgressBar(output);
        ImportBatch imported;
        try
        {
            imported = await importer.ImportAsync(batch.Id, path, new Progress<ImportProgress>(bar.Show), cancellationToken);
        }
        catch (Exception error)
        {
            // The importer has already removed every row of the batch.
            await audit.FailedAsync(batch.Id, error is OperationCanceledException ? "cancelled" : error.GetType().Name);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Nothing was imported: the import stopped ({error.GetType().Name}) and its rows were removed.");
            return 1;
        }

        bar.Show(new ImportProgress(imported.ProcessedLines, imported.TotalLines, imported.ImportedCount, imported.ExpectedNewCount));
        await output.WriteLineAsync();
        await audit.ImportedAsync(imported.Id);
        await output.WriteLineAsync($"Imported {imported.ImportedCount:N0} new addresses into '{slug}'.");
        return 0;
    }

    private sealed class ConsoleProgressBar(TextWriter output)
    {
        private const int Width = 40;

        public void Show(ImportProgress progress)
        {
            var filled = (int)(progress.Fraction * Width);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {progress.Fraction,6:P1}  {progress.ProcessedLines:N0}/{progress.TotalLines:N0}");
        }
    }
}

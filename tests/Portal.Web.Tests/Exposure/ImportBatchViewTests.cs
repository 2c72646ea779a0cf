using Bunit;
using Portal.Core.Exposure;
using Portal.Web.Features.Exposure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The preview, progress and summary of one upload, against the real workflow and hosted import service.</summary>
public sealed class ImportBatchViewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reopened_preview_shows_the_counts_and_the_first_hundred_invalid_lines_read_again_from_the_upload()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        var lines = Enumerable.Range(1, 300).Select(i => i % 2 == 0 ? $"user{i}@example.com" : $"broken{i}").Append("user2@example.com");
        var preview = await test.Host.PreviewAsync(ImportHost.Lines(lines));

        var cut = Render(test, preview.Batch.Id);

        cut.WaitForElement("tr[data-line]", Wait);
        Assert.Equal(
            [("Lines", "301"), ("Valid addresses", "151"), ("Invalid lines", "150"), ("Duplicates within the file", "1"), ("Already imported", "0"), ("New addresses to import", "150")],
            Counts(cut));
        var rows = cut.FindAll("tr[data-line]");
        Assert.Equal(ImportPreview.InvalidLinesShown, rows.Count);
        Assert.Equal(["1", "No @ sign"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("199", rows[^1].QuerySelector("td")!.TextContent);
        Assert.Equal("The first 100 of 150 invalid lines, which will be skipped", cut.Find("caption").TextContent);
        var download = cut.Find("[data-testid='download-invalid']");
        Assert.Equal($"admin/exposure/imports/{preview.Batch.Id}/invalid-lines.csv", download.GetAttribute("href"));
        Assert.Equal("Download all invalid lines (150, CSV)", download.TextContent.Trim());
        Assert.Equal("Import 150 new addresses", cut.Find("[data-testid='import-confirm']").TextContent.Trim());
    }

    [Fact]
    public async Task The_preview_is_in_french_for_a_french_admin()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("fr");
        var preview = await test.Host.PreviewAsync(ImportHost.Lines(Enumerable.Range(0, 1500).Select(i => $"user{i}@example.com").Append("jo@")));

        var cut = Render(test, preview.Batch.Id);

        cut.WaitForElement("tr[data-line]", Wait);
        Assert.Equal("Aperçu de affected.txt", cut.Find("h2").TextContent);
        Assert.Equal(("Lignes", "1\u202F501"), Counts(cut)[0]);
        Assert.Equal(["1\u202F501", "Nom de domaine non valide"], cut.Find("tr[data-line]").QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("Importer 1\u202F500 nouvelles adresses", cut.Find("[data-testid='import-confirm']").TextContent.Trim());
    }

    [Fact]
    public async Task Confirming_shows_the_progress_then_the_summary_of_the_background_import()
    {
        await using var test = await ImportComponentContext.StartAsync(("Exposure:ImportChunkSize", "100"));
        using var language = CultureScope.Use("en");
        await test.Host.ImportAsync((await test.Host.PreviewAsync(ImportHost.Lines(["old@example.com"]))).Batch.Id);
        var lines = Enumerable.Range(0, 5000).Select(i => $"user{i}@example.com").Concat(["old@example.com", "user1@example.com", "nope"]);
        var preview = await test.Host.PreviewAsync(ImportHost.Lines(lines), "customers.txt");
        var statesWhenChanged = new List<ImportState>();
        var cut = test.Context.Render<ImportBatchView>(p => p
            .Add(c => c.IncidentId, test.Host.IncidentId)
            .Add(c => c.BatchId, preview.Batch.Id)
            .Add(c => c.OnChanged, async () => statesWhenChanged.Add((await test.Host.Workflow.StatusAsync(test.Host.IncidentId, preview.Batch.Id, default))!.Batch.State)));
        WaitUntilEnabled(cut, "import-confirm");

        await cut.InvokeAsync(() => cut.Find("[data-testid='import-confirm']").Click());

        cut.WaitForElement("[data-testid='import-summary']", Wait);
        Assert.Equal("100", cut.Find("[data-testid='import-summary'] [role='progressbar']").GetAttribute("aria-valuenow"));
        Assert.Equal("100% · 5,003 of 5,003 lines read", Normalise(cut.Find("[data-testid='import-progress-text']").TextContent));
        Assert.Equal("Import complete: 5,000 new addresses added.", cut.Find("[data-testid='import-outcome']").TextContent.Trim());
        Assert.Equal(
            [("Imported", "5,000"), ("Skipped: duplicates within the file", "1"), ("Skipped: already imported", "1"), ("Invalid lines", "1"), ("Lines", "5,003")],
            Counts(cut));
        Assert.Equal(5001, await test.Host.ExposedCountAsync());
        // The page is told when the import ends, so it can refresh its history.
        Assert.Equal(ImportState.Completed, statesWhenChanged[^1]);
    }

    [Fact]
    public async Task The_progress_panel_shows_percentage_lines_and_rate()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        var batch = new ImportBatch { Id = 7, FileName = "customers.txt", TotalLines = 40_000, ValidCount = 40_000, ProcessedLines = 10_000, State = ImportState.Importing };
        var start = DateTimeOffset.UtcNow;
        // The whole file read (the first half of the bar), half of its addresses added (half of the second).
        var live = new LiveImport(7, true, 40_000, 40_000, 20_000, start, start.AddSeconds(2));

        var cut = test.Context.Render<ImportProgressPanel>(p => p.Add(c => c.Status, new ImportBatchStatus(batch, live)));

        Assert.Equal("75", cut.Find("[role='progressbar']").GetAttribute("aria-valuenow"));
        Assert.Equal("75%", cut.Find("[role='progressbar']").GetAttribute("aria-valuetext"));
        Assert.Equal("75% · 40,000 of 40,000 lines read · 20,000 lines per second", Normalise(cut.Find("[data-testid='import-progress-text']").TextContent));
    }

    [Fact]
    public async Task Cancelling_the_preview_imports_nothing_and_says_so()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        var preview = await test.Host.PreviewAsync(ImportHost.Lines(["a@example.com", "b@example.com"]));
        var cut = Render(test, preview.Batch.Id);
        WaitUntilEnabled(cut, "import-cancel");

        await cut.InvokeAsync(() => cut.Find("[data-testid='import-cancel']").Click());

        cut.WaitForElement("[data-testid='import-summary']", Wait);
        Assert.Equal("Cancelled: nothing was imported and the uploaded file was deleted.", cut.Find("[data-testid='import-outcome']").TextContent.Trim());
        Assert.Equal(0, await test.Host.ExposedCountAsync());
        Assert.Empty(test.Host.UploadFolderFiles());
    }

    [Fact]
    public async Task A_list_with_nothing_new_cannot_be_confirmed()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        await test.Host.ImportAsync((await test.Host.PreviewAsync(ImportHost.Lines(["a@example.com"]))).Batch.Id);
        var again = await test.Host.PreviewAsync(ImportHost.Lines(["A@example.com"]));

        var cut = Render(test, again.Batch.Id);

        WaitUntilEnabled(cut, "import-cancel");
        Assert.Equal(("Already imported", "1"), Counts(cut)[4]);
        Assert.Empty(cut.FindAll("[data-testid='import-file-missing']"));
        Assert.Equal("Every valid address of this file is already imported: there is nothing new to import.", cut.Find("[data-testid='import-nothing-new']").TextContent.Trim());
        Assert.True(cut.Find("[data-testid='import-confirm']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_batch_of_another_incident_is_not_shown()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        var preview = await test.Host.PreviewAsync(ImportHost.Lines(["a@example.com"]));

        var cut = test.Context.Render<ImportBatchView>(p => p.Add(c => c.IncidentId, test.Host.IncidentId + 1).Add(c => c.BatchId, preview.Batch.Id));

        Assert.Equal("This upload does not exist for this incident.", cut.WaitForElement("[data-testid='import-missing']", Wait).TextContent.Trim());
    }

    private static IRenderedComponent<ImportBatchView> Render(ImportComponentContext test, long batchId) =>
        test.Context.Render<ImportBatchView>(p => p.Add(c => c.IncidentId, test.Host.IncidentId).Add(c => c.BatchId, batchId));

    /// <summary>The buttons are enabled once the page knows the upload is still on the server.</summary>
    private static void WaitUntilEnabled(IRenderedComponent<ImportBatchView> cut, string testId) =>
        cut.WaitForAssertion(() => Assert.False(cut.Find($"[data-testid='{testId}']").HasAttribute("disabled")), Wait);

    private static List<(string Label, string Value)> Counts(IRenderedComponent<ImportBatchView> cut) =>
        cut.FindAll(".portal-import-count").Select(c => (c.QuerySelector("dt")!.TextContent, c.QuerySelector("dd")!.TextContent)).ToList();

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

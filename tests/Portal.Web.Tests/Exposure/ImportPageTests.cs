using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Exposure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The import page over real HTTP (its prerendered HTML): who may open it and what it shows.</summary>
public sealed class ImportPageTests
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        await using var host = await ImportHost.StartAsync();
        using var client = host.App.CreateFormClient();

        var page = await client.GetAsync(host.PagePath);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customers_are_refused()
    {
        await using var host = await ImportHost.StartAsync();
        using var client = await host.SignedInCustomerAsync();

        var page = await client.GetAsync(host.PagePath);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/AccessDenied", page.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("en", "Import an affected list", "Incident: " + ImportHost.IncidentTitle, "Past imports for this incident")]
    [InlineData("fr", "Importer une liste de personnes concernées", "Incident : Adresses e-mail vendues à un vendeur de la place de marché", "Imports précédents pour cet incident")]
    public async Task An_admin_sees_the_upload_form_and_the_past_imports(string culture, string heading, string incident, string history)
    {
        await using var host = await ImportHost.StartAsync();
        var admin = await host.CreateAdminAsync();
        var done = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "b@example.com"]), "first.txt", admin.Id);
        await host.ImportAsync(done.Batch.Id);
        var waiting = await host.PreviewAsync(ImportHost.Lines(["c@example.com"]), "second.csv", admin.Id);
        using var client = await host.SignedInAdminAsync(culture);

        var page = await client.GetAsync(host.PagePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(heading, page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(incident, page.Document.QuerySelector("[data-testid='import-incident']")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("input[type='file']#affected-list-file"));
        Assert.Contains(history, page.Document.QuerySelectorAll("h2").Select(h => h.TextContent.Trim()));
        var rows = page.Document.QuerySelectorAll("tr[data-batch]");
        Assert.Equal([waiting.Batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), done.Batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            rows.Select(r => r.GetAttribute("data-batch")));
        Assert.Equal([nameof(ImportState.Previewed), nameof(ImportState.Completed)], rows.Select(r => r.QuerySelector("[data-state]")!.GetAttribute("data-state")));
        Assert.Equal(admin.Email, rows[1].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal($"admin/incidents/{host.IncidentId}/import?batch={waiting.Batch.Id}", rows[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Reopening_a_finished_import_shows_its_summary()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(["a@example.com", "b@example.com", "a@example.com", "broken"]), "list.txt");
        await host.ImportAsync(preview.Batch.Id);
        using var client = await host.SignedInAdminAsync();

        var page = await client.GetAsync($"{host.PagePath}?batch={preview.Batch.Id}");

        var summary = page.Document.QuerySelector("[data-testid='import-summary']")!;
        Assert.Equal("Import complete: 2 new addresses added.", summary.QuerySelector("[data-testid='import-outcome']")!.TextContent.Trim());
        Assert.Equal("100", summary.QuerySelector("[role='progressbar']")!.GetAttribute("aria-valuenow"));
        Assert.Equal(["2", "1", "0", "1", "4"], summary.QuerySelectorAll(".portal-import-count dd").Select(d => d.TextContent));
    }

    [Fact]
    public async Task Reopening_the_page_during_an_import_leads_to_its_progress_even_from_another_instance()
    {
        await using var host = await ImportHost.StartAsync();
        var preview = await host.PreviewAsync(ImportHost.Lines(Enumerable.Range(0, 40).Select(i => $"user{i}@example.com")), "big.txt");
        // As another instance shows it mid-import: only the stored state and progress are known here (half of the
        // file read: a quarter of the work).
        await host.DbAsync(db => db.ImportBatches.Where(b => b.Id == preview.Batch.Id).ExecuteUpdateAsync(set => set
            .SetProperty(b => b.State, ImportState.Importing).SetProperty(b => b.ProcessedLines, 20), TestContext.Current.CancellationToken));
        using var client = await host.SignedInAdminAsync();

        var page = await client.GetAsync(host.PagePath);
        var notice = page.Document.QuerySelector("[data-testid='import-running']")!;
        var progress = await client.GetAsync(notice.QuerySelector("a")!.GetAttribute("href")!);

        Assert.StartsWith("An import of big.txt is running for this incident.", notice.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("25", progress.Document.QuerySelector("[data-testid='import-progress'] [role='progressbar']")!.GetAttribute("aria-valuenow"));
        Assert.Equal("25% · 20 of 40 lines read", string.Join(' ', progress.Document.QuerySelector("[data-testid='import-progress-text']")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task An_unknown_incident_is_not_found()
    {
        await using var host = await ImportHost.StartAsync();
        using var client = await host.SignedInAdminAsync();

        var page = await client.GetAsync($"admin/incidents/{host.IncidentId + 1}/import");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}

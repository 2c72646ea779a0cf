using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Core.Exposure;
using Portal.Web.Features.Exposure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The upload form against the real workflow: bad files get a clear message in the admin's language and store nothing.</summary>
public sealed class ImportUploadTests
{
    private const int MegaByte = 1024 * 1024;

    /// <summary>A 10 MB single line, and an 11 MB limit so it is uploaded.</summary>
    private static readonly (string, string) Limit = ("Exposure:MaxUploadBytes", (11 * MegaByte).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "empty", "en", "The file is empty. Nothing was imported." },
        { "empty", "fr", "Le fichier est vide. Rien n’a été importé." },
        { "binary", "en", "This is not a text file (binary content near line 1). Save the list as plain text or CSV in UTF-8 and upload it again. Nothing was imported." },
        { "binary", "fr", "Ce n’est pas un fichier texte (contenu binaire vers la ligne 1). Enregistrez la liste en texte brut ou en CSV UTF-8 et téléversez-la de nouveau. Rien n’a été importé." },
        { "no-valid-line", "en", "No line of the file holds a valid email address (lines read: 3). Check the format: one address per line, or a CSV file with an \"email\" column; lines longer than 2,048 characters are refused. Nothing was imported." },
        { "no-valid-line", "fr", "Aucune ligne du fichier ne contient d’adresse e-mail valide (lignes lues : 3). Vérifiez le format : une adresse par ligne, ou un fichier CSV avec une colonne « email » ; les lignes de plus de 2 048 caractères sont refusées. Rien n’a été importé." },
        { "10-mb-line", "en", "No line of the file holds a valid email address (lines read: 1). Check the format: one address per line, or a CSV file with an \"email\" column; lines longer than 2,048 characters are refused. Nothing was imported." },
        { "10-mb-line", "fr", "Aucune ligne du fichier ne contient d’adresse e-mail valide (lignes lues : 1). Vérifiez le format : une adresse par ligne, ou un fichier CSV avec une colonne « email » ; les lignes de plus de 2 048 caractères sont refusées. Rien n’a été importé." },
        { "wrong-column", "en", "The CSV file has no \"email\" column. Its first line must name the columns, for example: email,language. Nothing was imported." },
        { "wrong-column", "fr", "Le fichier CSV n’a pas de colonne « email ». Sa première ligne doit nommer les colonnes, par exemple : email,language. Rien n’a été importé." },
        { "too-large", "en", "The file is larger than the 11 MB limit, so it was not stored. Import larger lists with the command line (import-exposed)." },
        { "too-large", "fr", "Le fichier dépasse la limite de 11 Mo ; il n’a pas été conservé. Importez les listes plus grandes en ligne de commande (import-exposed)." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_gets_a_clear_message_and_stores_nothing(string kind, string culture, string expected)
    {
        await using var test = await ImportComponentContext.StartAsync(Limit);
        using var language = CultureScope.Use(culture);
        ImportPreview? previewed = null;
        var cut = test.Context.Render<ImportUpload>(p => p
            .Add(c => c.IncidentId, test.Host.IncidentId)
            .Add(c => c.OnPreviewed, preview => previewed = preview));

        cut.FindComponent<InputFile>().UploadFiles(BadFile(kind));

        var message = cut.WaitForElement("[data-testid='import-error']", TimeSpan.FromSeconds(30));
        Assert.Equal(expected, message.TextContent.Trim());
        Assert.Null(previewed);
        Assert.Equal(0, await test.Host.BatchCountAsync());
        Assert.Empty(test.Host.UploadFolderFiles());
    }

    [Fact]
    public async Task A_good_file_is_stored_under_its_batch_and_previewed()
    {
        await using var test = await ImportComponentContext.StartAsync();
        using var language = CultureScope.Use("en");
        ImportPreview? previewed = null;
        var cut = test.Context.Render<ImportUpload>(p => p
            .Add(c => c.IncidentId, test.Host.IncidentId)
            .Add(c => c.OnPreviewed, preview => previewed = preview));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("email\r\nA@example.com\r\na@example.com\r\nbroken\r\n", "list.csv"));

        cut.WaitForAssertion(() => Assert.NotNull(previewed), TimeSpan.FromSeconds(30));
        Assert.Equal(("list.csv", 3L, 2L, 1L, 1L), (previewed!.Batch.FileName, previewed.Batch.TotalLines, previewed.Batch.ValidCount,
            previewed.Batch.InvalidCount, previewed.Batch.DuplicateInFileCount));
        Assert.Equal([4L], previewed.FirstInvalidLines.Select(l => l.LineNumber));
        Assert.Equal([$"batch-{previewed.Batch.Id}.upload"], test.Host.UploadFolderFiles());
        Assert.Empty(cut.FindAll("[data-testid='import-error']"));
    }

    [Fact]
    public async Task The_formats_and_the_size_limit_are_explained()
    {
        await using var test = await ImportComponentContext.StartAsync(Limit);
        using var language = CultureScope.Use("en");

        var cut = test.Context.Render<ImportUpload>(p => p.Add(c => c.IncidentId, test.Host.IncidentId).Add(c => c.OnPreviewed, _ => { }));

        var help = cut.Find("#affected-list-help").TextContent;
        Assert.Contains("one email address per line", help, StringComparison.Ordinal);
        Assert.Contains("an \"email\" column", help, StringComparison.Ordinal);
        Assert.Contains("at most 11 MB", help, StringComparison.Ordinal);
        Assert.Equal(".txt,.csv,text/plain,text/csv", cut.Find("input[type='file']").GetAttribute("accept"));
        Assert.Equal("Choose the file to upload (.txt or .csv)", cut.Find("label[for='affected-list-file']").TextContent.Trim());
    }

    [Fact]
    public async Task A_stream_longer_than_the_limit_is_cut_off_and_nothing_is_kept()
    {
        await using var host = await ImportHost.StartAsync(("Exposure:MaxUploadBytes", "1000"));
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ImportHost.Lines(Enumerable.Range(0, 100).Select(i => $"user{i}@example.com"))));

        var error = await Assert.ThrowsAsync<AffectedListException>(() =>
            host.Workflow.UploadAndPreviewAsync(host.IncidentId, stream, "list.txt", null, null, Xunit.TestContext.Current.CancellationToken));

        Assert.Equal(AffectedListError.TooLarge, error.Error);
        Assert.Equal(0, await host.BatchCountAsync());
        Assert.Empty(host.UploadFolderFiles());
    }

    private static InputFileContent BadFile(string kind) => kind switch
    {
        "empty" => InputFileContent.CreateFromText("", "empty.txt"),
        "binary" => InputFileContent.CreateFromBinary([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52], "list.txt"),
        "no-valid-line" => InputFileContent.CreateFromText("not an address\nstill@not@one\n@example.com\n", "list.txt"),
        "10-mb-line" => InputFileContent.CreateFromText(new string('a', 10 * MegaByte), "list.txt"),
        "wrong-column" => InputFileContent.CreateFromText("mail,language\na@example.com,fr\n", "list.csv"),
        "too-large" => InputFileContent.CreateFromText(new string('a', 12 * MegaByte), "list.txt"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

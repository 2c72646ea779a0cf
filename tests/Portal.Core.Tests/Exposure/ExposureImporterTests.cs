using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Exposure;

public sealed class ExposureImporterTests : IAsyncLifetime
{
    private readonly ExposureHasher hasher = new(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private int incidentId;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("import");
        await using var db = database.NewContext();
        var incident = new Incident { Slug = "seller-leak" };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        incidentId = incident.Id;
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preview_counts_valid_invalid_and_duplicates_and_stores_nothing_but_the_batch()
    {
        var file = Write("email,language", "a@example.com,fr", "A@Example.com ,en", "broken", "b@exämple.com,", "c@example.com,de");

        var preview = await Importer(chunkSize: 2).PreviewAsync(incidentId, file, "list.csv", "admin-1", Token);

        Assert.Equal((5L, 3L, 1L, 2L, 0L), (preview.Batch.TotalLines, preview.Batch.ValidCount, preview.Batch.DuplicateInFileCount,
            preview.Batch.InvalidCount, preview.Batch.AlreadyImportedCount));
        Assert.Equal([4L, 6L], preview.FirstInvalidLines.Select(l => l.LineNumber));
        Assert.Equal(ImportState.Previewed, preview.Batch.State);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.ExposedAddresses.CountAsync(Token));
    }

    [Fact]
    public async Task Import_stores_only_hashes_and_stages_plain_addresses_for_the_notice()
    {
        var file = Write("a@example.com", "B@example.com", "a@example.com", "c@example.com");
        var importer = Importer(chunkSize: 2);
        var preview = await importer.PreviewAsync(incidentId, file, "list.txt", null, Token);
        var reports = new List<ImportProgress>();

        var batch = await importer.ImportAsync(preview.Batch.Id, file, new SynchronousProgress(reports), Token);

        Assert.Equal(ImportState.Completed, batch.State);
        Assert.Equal(3, batch.ImportedCount);
        Assert.Equal(1.0, reports[^1].Fraction);
        await using var db = database.NewContext();
        var rows = await db.ExposedAddresses.ToListAsync(Token);
        Assert.Equal(
            new[] { "a@example.com", "b@example.com", "c@example.com" }.Select(hasher.Hash).OrderBy(Convert.ToHexString),
            rows.Select(r => r.AddressHash).OrderBy(Convert.ToHexString));
        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], (await db.PendingNoticeAddresses.Select(p => p.Address).ToListAsync(Token)).Order());
        Assert.Equal(3, (await db.ImportBatches.SingleAsync(Token)).ImportedCount);
    }

    [Fact]
    public async Task A_second_list_counts_and_skips_what_is_already_imported()
    {
        var importer = Importer(chunkSize: 10);
        var first = Write("a@example.com", "b@example.com");
        await importer.ImportAsync((await importer.PreviewAsync(incidentId, first, "first.txt", null, Token)).Batch.Id, first, null, Token);

        var second = Write("b@example.com", "c@example.com");
        var preview = await importer.PreviewAsync(incidentId, second, "second.txt", null, Token);
        var batch = await importer.ImportAsync(preview.Batch.Id, second, null, Token);

        Assert.Equal(1, preview.Batch.AlreadyImportedCount);
        Assert.Equal(1, batch.ImportedCount);
        await using var db = database.NewContext();
        Assert.Equal(3, await db.ExposedAddresses.CountAsync(Token));
    }

    [Fact]
    public async Task Every_staged_address_sits_beside_its_own_hash_and_language_after_fresh_and_overlapping_imports()
    {
        // Several merge ranges each: a fresh list (every row new) and a list with duplicates and earlier addresses.
        var importer = Importer(chunkSize: 7);
        var fresh = Write(["email,language", .. Enumerable.Range(0, 60).Select(i => $"user{i}@example.com,{(i % 2 == 0 ? "fr" : "en")}")]);
        await importer.ImportAsync((await importer.PreviewAsync(incidentId, fresh, "fresh.csv", null, Token)).Batch.Id, fresh, null, Token);
        var overlapping = Write(["email,language", .. Enumerable.Range(40, 60).SelectMany(i => new[] { $"user{i}@example.com,fr", $"USER{i}@example.com,fr" })]);
        var batch = await importer.ImportAsync((await importer.PreviewAsync(incidentId, overlapping, "overlap.csv", null, Token)).Batch.Id, overlapping, null, Token);

        Assert.Equal(40, batch.ImportedCount);
        await using var db = database.NewContext();
        var rows = await db.ExposedAddresses.ToDictionaryAsync(r => r.Id, Token);
        var pending = await db.PendingNoticeAddresses.ToListAsync(Token);
        Assert.Equal(100, rows.Count);
        Assert.Equal(100, pending.Count);
        Assert.All(pending, p =>
        {
            Assert.Equal(hasher.Hash(p.Address), rows[p.ExposedAddressId].AddressHash);
            var number = int.Parse(p.Address["user".Length..p.Address.IndexOf('@')], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(number < 60 && number % 2 == 1 ? "en" : "fr", rows[p.ExposedAddressId].Language);
        });
    }

    [Fact]
    public async Task Cancelling_after_the_preview_imports_nothing()
    {
        var file = Write("a@example.com");
        var importer = Importer(chunkSize: 10);
        var preview = await importer.PreviewAsync(incidentId, file, "list.txt", null, Token);

        await importer.CancelAsync(preview.Batch.Id, Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => importer.ImportAsync(preview.Batch.Id, file, null, Token));
        await using var db = database.NewContext();
        Assert.Equal(0, await db.ExposedAddresses.CountAsync(Token));
        Assert.Equal(ImportState.Cancelled, (await db.ImportBatches.SingleAsync(Token)).State);
    }

    [Fact]
    public async Task An_import_stopped_half_way_removes_every_row_it_had_committed()
    {
        var file = Write(Enumerable.Range(0, 50).Select(i => $"user{i}@example.com").ToArray());
        var importer = Importer(chunkSize: 10);
        var preview = await importer.PreviewAsync(incidentId, file, "list.txt", null, Token);
        using var stop = new CancellationTokenSource();
        // Cancel once the first hash range is merged and committed: rows of this import are in the affected list.
        var progress = new SynchronousProgress([], p => { if (p.Imported > 0) stop.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.ImportAsync(preview.Batch.Id, file, progress, stop.Token));

        await using var db = database.NewContext();
        Assert.Equal(0, await db.ExposedAddresses.CountAsync(Token));
        Assert.Equal(0, await db.PendingNoticeAddresses.CountAsync(Token));
        var batch = await db.ImportBatches.SingleAsync(Token);
        Assert.Equal((ImportState.Cancelled, 0L), (batch.State, batch.ImportedCount));
    }

    [Fact]
    public async Task Recovery_after_a_crash_removes_the_rows_of_an_import_whose_heartbeat_stopped()
    {
        var file = Write("a@example.com", "b@example.com");
        var importer = Importer(chunkSize: 1);
        var preview = await importer.PreviewAsync(incidentId, file, "list.txt", null, Token);
        await importer.ImportAsync(preview.Batch.Id, file, null, Token);
        // As if the process had died mid-import: the batch still says Importing, its rows are there.
        await using (var db = database.NewContext())
        {
            await db.ImportBatches.ExecuteUpdateAsync(set => set.SetProperty(b => b.State, ImportState.Importing), Token);
        }

        Assert.Equal(0, await importer.RecoverInterruptedAsync(Token));
        clock.Advance(TimeSpan.FromMinutes(new ExposureOptions().StaleImportMinutes + 1));
        var recovered = await importer.RecoverInterruptedAsync(Token);

        Assert.Equal(1, recovered);
        await using var check = database.NewContext();
        Assert.Equal(0, await check.ExposedAddresses.CountAsync(Token));
        Assert.Equal(ImportState.Failed, (await check.ImportBatches.SingleAsync(Token)).State);
    }

    [Fact]
    public async Task A_file_without_a_valid_line_is_refused_and_stores_no_batch()
    {
        var file = Write("not-an-address", "neither");

        var error = await Assert.ThrowsAsync<AffectedListException>(() => Importer(10).PreviewAsync(incidentId, file, "bad.txt", null, Token));

        Assert.Equal(AffectedListError.NoValidLine, error.Error);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.ImportBatches.CountAsync(Token));
    }

    [Fact]
    public async Task Lookup_finds_an_imported_address_in_any_written_form_and_nothing_else()
    {
        var file = Write("Jo.Smith@Exämple.com");
        var importer = Importer(chunkSize: 10);
        await importer.ImportAsync((await importer.PreviewAsync(incidentId, file, "list.txt", null, Token)).Batch.Id, file, null, Token);
        var lookup = new ExposureLookup(database.Factory, hasher);

        Assert.Equal([incidentId], await lookup.IncidentsExposingAsync("  jo.smith@xn--exmple-cua.COM ", Token));
        Assert.Empty(await lookup.IncidentsExposingAsync("jo.smith@example.com", Token));
        Assert.Empty(await lookup.IncidentsExposingAsync("not an address", Token));
    }

    [Fact]
    public async Task A_list_of_hostile_lines_imports_its_valid_addresses_and_reports_every_other_line()
    {
        // One hostile value per line (a line break inside a value starts a new line, as in any file). NUL and a lone
        // surrogate (invalid UTF-8) make a whole file unreadable by design; the bad-file tests cover those.
        var lines = HostileInputs.Corpus
            .Where(input => !input.Contains('\0', StringComparison.Ordinal) && !input.EnumerateRunes().Contains(System.Text.Rune.ReplacementChar))
            .Append("plain.customer@example.org");
        var file = Write([.. lines]);
        var importer = Importer(chunkSize: 7);

        var preview = await importer.PreviewAsync(incidentId, file, "hostile.txt", null, Token);
        var batch = await importer.ImportAsync(preview.Batch.Id, file, null, Token);

        Assert.Equal(ImportState.Completed, batch.State);
        Assert.True(preview.Batch.InvalidCount > 30, $"{preview.Batch.InvalidCount} invalid lines");
        Assert.Equal(preview.Batch.TotalLines, preview.Batch.ValidCount + preview.Batch.InvalidCount);
        await using var db = database.NewContext();
        Assert.Equal(batch.ImportedCount, await db.ExposedAddresses.CountAsync(Token));
        Assert.Equal(batch.ImportedCount, await db.PendingNoticeAddresses.CountAsync(Token));
        Assert.All(await db.PendingNoticeAddresses.Select(p => p.Address).ToListAsync(Token),
            address => Assert.Equal(address, AddressNormalizer.Normalize(address).Value));
    }

    private ExposureImporter Importer(int chunkSize) =>
        new(database.Factory, hasher, Options.Create(new ExposureOptions { ImportChunkSize = chunkSize }), clock);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(database.Folder, $"{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Progress<T> posts to the thread pool; the tests need each report as it happens.</summary>
    private sealed class SynchronousProgress(List<ImportProgress> reports, Action<ImportProgress>? onReport = null) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}

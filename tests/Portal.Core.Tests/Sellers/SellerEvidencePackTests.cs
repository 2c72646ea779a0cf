using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using static Portal.Core.Tests.Sellers.SellerTestData;

namespace Portal.Core.Tests.Sellers;

public sealed class SellerEvidencePackTests : IAsyncLifetime
{
    private SellerTestData data = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => data = await CreateAsync("evidence");

    public async ValueTask DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task The_pack_holds_the_raw_messages_a_matching_manifest_and_the_timeline_without_contacts_or_notes()
    {
        var (seller, first, second) = await SeedAsync();

        var files = await ExportAsync(seller, includeContacts: false);

        Assert.Equal(
            new[] { SellerEvidencePack.ManifestName, $"messages/{first.Reference}-{first.Messages[0].Id}.eml", $"messages/{second.Reference}-{second.Messages[0].Id}.eml", SellerEvidencePack.TimelineName }.Order(),
            files.Keys.Order());
        Assert.Equal(first.Messages[0].Content!.Bytes, files[$"messages/{first.Reference}-{first.Messages[0].Id}.eml"]);
        AssertManifestMatches(files);
        var timeline = Encoding.UTF8.GetString(files[SellerEvidencePack.TimelineName]);
        Assert.Contains(first.Reference, timeline);
        Assert.Contains("\"Ban\"", timeline);
        Assert.DoesNotContain("Internal: looks like the list seller.", timeline);
        foreach (var (name, bytes) in files.Where(f => !f.Key.StartsWith("messages/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("camille@example.org", Encoding.UTF8.GetString(bytes));
            Assert.DoesNotContain("dominique@example.org", Encoding.UTF8.GetString(bytes));
        }

        await using var db = data.NewContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == SellerEvidencePack.ExportAction && a.Target == $"seller:{seller}", Token));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == SellerEvidencePack.ContactsAction, Token));
    }

    [Fact]
    public async Task Reporter_contacts_are_included_only_on_request_and_that_is_audited_as_its_own_action()
    {
        var (seller, first, second) = await SeedAsync();

        var files = await ExportAsync(seller, includeContacts: true);

        var contacts = Encoding.UTF8.GetString(files[SellerEvidencePack.ReportersName]);
        Assert.Contains($"{first.Reference},camille@example.org", contacts);
        Assert.Contains($"{second.Reference},dominique@example.org", contacts);
        AssertManifestMatches(files);
        Assert.Contains(SellerEvidencePack.ReportersName, Encoding.UTF8.GetString(files[SellerEvidencePack.ManifestName]));
        await using var db = data.NewContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == SellerEvidencePack.ContactsAction, Token);
        Assert.Equal((Admin.Id, $"seller:{seller}"), (audit.ActorId, audit.Target));
    }

    private async Task<(long Seller, AbuseReport First, AbuseReport Second)> SeedAsync()
    {
        var seller = await data.SellerAsync("Deals Direct");
        var first = await data.ReportAsync(Camille, sellerId: seller);
        var second = await data.ReportAsync(Dominique, ReportState.Closed, sellerId: seller);
        await data.ReportAsync(Emma);
        await data.Enforcement.ApplyAsync(seller, EnforcementAction.Ban, "Sold the list.", Admin, Token);
        return (seller, first, second);
    }

    private async Task<Dictionary<string, byte[]>> ExportAsync(long seller, bool includeContacts)
    {
        using var zip = new MemoryStream();
        await data.Pack.WriteAsync(seller, includeContacts, Admin, zip, Token);
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>();
        foreach (var entry in archive.Entries)
        {
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            files[entry.FullName] = copy.ToArray();
        }

        return files;
    }

    /// <summary>Every file but the manifest is listed in it once, with its SHA-256.</summary>
    private static void AssertManifestMatches(Dictionary<string, byte[]> files)
    {
        var lines = Encoding.UTF8.GetString(files[SellerEvidencePack.ManifestName]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var listed = lines.Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        Assert.Equal(files.Keys.Where(k => k != SellerEvidencePack.ManifestName).Order(), listed.Keys.Order());
        Assert.All(listed, l => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[l.Key])), l.Value));
    }
}

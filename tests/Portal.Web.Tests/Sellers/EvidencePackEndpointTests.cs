using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Triage;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Sellers;

/// <summary>The evidence pack download over real HTTP on Kestrel: admins only, its files match its manifest, contacts only on request, audited.</summary>
public sealed class EvidencePackEndpointTests(EvidencePackEndpointTests.Host host) : IClassFixture<EvidencePackEndpointTests.Host>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_downloads_the_pack_whose_manifest_matches_its_files_and_without_reporter_addresses()
    {
        using var client = await host.SignedInAsync(PortalRoles.Admin);
        // The tests share one portal: count what this download adds, whatever ran before it.
        var (contactsBefore, exportsBefore) = (await host.AuditCountAsync(SellerEvidencePack.ContactsAction), await host.AuditCountAsync(SellerEvidencePack.ExportAction));

        using var response = await client.GetAsync($"/admin/sellers/{host.SellerId}/evidence.zip", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var files = await ReadAsync(response);
        Assert.Contains(files.Keys, k => k.StartsWith("messages/", StringComparison.Ordinal) && k.EndsWith(".eml", StringComparison.Ordinal));
        Assert.Contains(SellerEvidencePack.TimelineName, files.Keys);
        Assert.DoesNotContain(SellerEvidencePack.ReportersName, files.Keys);
        var manifest = Encoding.UTF8.GetString(files[SellerEvidencePack.ManifestName]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        Assert.Equal(files.Keys.Where(k => k != SellerEvidencePack.ManifestName).Order(), manifest.Keys.Order());
        Assert.All(manifest, m => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[m.Key])), m.Value));
        Assert.All(files.Where(f => !f.Key.StartsWith("messages/", StringComparison.Ordinal)),
            f => Assert.DoesNotContain(Host.ReporterEmail, Encoding.UTF8.GetString(f.Value), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(contactsBefore, await host.AuditCountAsync(SellerEvidencePack.ContactsAction));
        Assert.Equal(exportsBefore + 1, await host.AuditCountAsync(SellerEvidencePack.ExportAction));
    }

    [Fact]
    public async Task Reporter_contacts_come_only_when_asked_and_that_is_audited_distinctly()
    {
        using var client = await host.SignedInAsync(PortalRoles.Admin);
        var before = await host.AuditCountAsync(SellerEvidencePack.ContactsAction);

        using var response = await client.GetAsync($"/admin/sellers/{host.SellerId}/evidence.zip?contacts=true", Token);

        var files = await ReadAsync(response);
        Assert.Contains(Host.ReporterEmail, Encoding.UTF8.GetString(files[SellerEvidencePack.ReportersName]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before + 1, await host.AuditCountAsync(SellerEvidencePack.ContactsAction));
    }

    [Fact]
    public async Task Agents_are_refused_and_an_unknown_seller_is_not_found()
    {
        using var agent = await host.SignedInAsync(PortalRoles.Agent);
        using var admin = await host.SignedInAsync(PortalRoles.Admin);

        using var refused = await agent.GetAsync($"/admin/sellers/{host.SellerId}/evidence.zip", Token);
        using var missing = await admin.GetAsync($"/admin/sellers/{host.SellerId + 1000}/evidence.zip", Token);

        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<Dictionary<string, byte[]>> ReadAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(Token);
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>();
        foreach (var entry in archive.Entries)
        {
            using var content = entry.Open();
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, Token);
            files[entry.FullName] = copy.ToArray();
        }

        return files;
    }

    /// <summary>One running portal with a seller and a customer's report (uploaded, so its raw message names them) linked to it.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public const string ReporterEmail = "pack-reporter@example.org";
        private int accounts;

        public KestrelPortalFactory Factory { get; } = new();

        public long SellerId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Factory.CreateHttpClient().Dispose();
            await FormSignIn.CreateAccountAsync(Factory.Services, ReporterEmail, PortalRoles.Customer, withAuthenticator: false);
            await using var scope = Factory.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);
            var reporterId = await db.Users.Where(u => u.Email == ReporterEmail).Select(u => u.Id).SingleAsync(Token);
            var eml = Encoding.UTF8.GetBytes($"From: Deals <offers@deals.example>\r\nTo: {ReporterEmail}\r\nSubject: Cheap watches\r\nMessage-ID: <pack-1@deals.example>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nBuy now.\r\n");
            var submitted = await services.GetRequiredService<AbuseReportService>().SubmitAsync(reporterId,
                new ReportDraft { Source = ReportSource.Upload, Eml = eml, FileName = "offer.eml" }, Token);
            var actor = new TriageActor("system-test", "Test");
            var sellers = services.GetRequiredService<SellerService>();
            SellerId = (await sellers.CreateAsync("Deals Direct", null, actor, Token)).Id!.Value;
            var reportId = await db.AbuseReports.Where(r => r.Reference == submitted.Reference).Select(r => r.Id).SingleAsync(Token);
            await sellers.LinkAsync([reportId], SellerId, actor, Token);
        }

        public async Task<HttpClient> SignedInAsync(string role)
        {
            var email = $"pack-{role.ToLowerInvariant()}-{Interlocked.Increment(ref accounts)}@example.com";
            var key = await FormSignIn.CreateAccountAsync(Factory.Services, email, role, withAuthenticator: true);
            var client = Factory.CreateHttpClient();
            await FormSignIn.SignInAsync(client, email, key, "/");
            return client;
        }

        public async Task<int> AuditCountAsync(string action)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);
            return await db.AuditEntries.CountAsync(a => a.Action == action && a.Target == $"seller:{SellerId}", Token);
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Reports;
using Portal.Core.Triage;

namespace Portal.Core.Sellers;

/// <summary>
/// A seller's evidence as one zip: every raw message of its linked reports as received (<c>messages/</c>), the
/// seller and its reports' reporter-visible timelines (<c>timeline.json</c>), and <c>manifest-sha256.txt</c> with
/// the SHA-256 of each of those files. Reporter contact details (<c>reporters.csv</c>) only on request, audited
/// as its own action. Internal staff notes stay out.
/// </summary>
public sealed class SellerEvidencePack(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string ExportAction = "seller.evidence-export";
    public const string ContactsAction = "seller.evidence-export-contacts";
    public const string ManifestName = "manifest-sha256.txt";
    public const string TimelineName = "timeline.json";
    public const string ReportersName = "reporters.csv";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The seller's name, or null when there is no such seller.</summary>
    public async Task<string?> SellerNameAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sellers.Where(s => s.Id == sellerId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records the export in the audit log, then writes the zip to <paramref name="output"/> (a response body may be given).</summary>
    public async Task WriteAsync(long sellerId, bool includeContacts, TriageActor actor, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.AsNoTracking().SingleAsync(s => s.Id == sellerId, cancellationToken);
        var reports = await db.AbuseReports.AsNoTracking().Where(r => r.SellerId == sellerId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        db.AuditEntries.Add(actor.Audit(now, ExportAction, $"seller:{sellerId}", string.Create(CultureInfo.InvariantCulture,
            $"Exported the evidence pack of seller {sellerId} \"{seller.Name}\" ({reports.Count} reports){(includeContacts ? ", with reporter contact details" : ", without reporter contact details")}.")));
        if (includeContacts)
        {
            db.AuditEntries.Add(actor.Audit(now, ContactsAction, $"seller:{sellerId}", string.Create(CultureInfo.InvariantCulture,
                $"Included the contact details of the reporters of {reports.Count} reports in the evidence pack of seller {sellerId}.")));
        }

        await db.SaveChangesAsync(cancellationToken);

        // The zip is spooled to a temporary file, then copied out: ZipArchive writes part of each entry synchronously
        // to a non-seekable stream, which Kestrel's response body refuses; a file also keeps large packs out of memory.
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"portal-evidence-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var manifest = new StringBuilder();
        await using (var zip = await ZipArchive.CreateAsync(spool, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            var messages = new List<PackMessage>();
            foreach (var report in reports)
            {
                var rows = await db.ReportMessages.AsNoTracking().Where(m => m.ReportId == report.Id).OrderBy(m => m.Id)
                    .Select(m => new { m.Id, m.Source, m.FileName, m.Size, m.Sha256, m.AddedAt }).ToListAsync(cancellationToken);
                foreach (var row in rows)
                {
                    // One message's bytes at a time, so a large pack never sits in memory whole.
                    var bytes = await db.ReportMessageContents.AsNoTracking().Where(c => c.ReportMessageId == row.Id).Select(c => c.Bytes).SingleOrDefaultAsync(cancellationToken);
                    var path = bytes is null ? null : $"messages/{report.Reference}-{row.Id}.{(row.Source == ReportSource.Paste ? "txt" : "eml")}";
                    if (bytes is not null)
                    {
                        await AddAsync(zip, manifest, path!, bytes, cancellationToken);
                    }

                    messages.Add(new PackMessage(report.Id, path, row.FileName, row.Size, row.Sha256, row.AddedAt, Purged: bytes is null));
                }
            }

            var events = await db.ReportEvents.AsNoTracking().Where(e => e.ReporterVisible && db.AbuseReports.Any(r => r.Id == e.ReportId && r.SellerId == sellerId))
                .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
            var identifiers = await db.SellerIdentifiers.AsNoTracking().Where(i => i.SellerId == sellerId).OrderBy(i => i.Kind).ThenBy(i => i.Value).ToListAsync(cancellationToken);
            var actions = await db.SellerActions.AsNoTracking().Where(a => a.SellerId == sellerId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
            var timeline = new
            {
                exportedAt = now,
                includesReporterContacts = includeContacts,
                seller = new
                {
                    seller.Id,
                    seller.Name,
                    seller.State,
                    seller.CreatedAt,
                    identifiers = identifiers.Select(i => new { i.Kind, i.Value, i.AddedAt }),
                    enforcement = actions.Select(a => new { a.Action, a.Reason, a.At, actor = a.ActorName, a.ReportsResolved, a.ReportersNotified }),
                },
                reports = reports.Select(r => new
                {
                    r.Reference,
                    r.Source,
                    r.State,
                    r.Outcome,
                    r.OutcomeAt,
                    r.CreatedAt,
                    r.ClosedAt,
                    r.Subject,
                    r.ClaimedSeller,
                    r.SenderAddress,
                    r.SenderDomain,
                    r.ReturnPathDomain,
                    r.DkimDomain,
                    r.OriginatingIp,
                    r.MessageId,
                    r.MessageDate,
                    r.MessageSha256,
                    messages = messages.Where(m => m.ReportId == r.Id).Select(m => new { file = m.File, m.OriginalFileName, m.Size, m.Sha256, m.AddedAt, m.Purged }),
                    events = events.Where(e => e.ReportId == r.Id).Select(e => new { e.At, e.Kind, e.State, e.Outcome, e.Text, e.ByReporter }),
                }),
            };
            await AddAsync(zip, manifest, TimelineName, JsonSerializer.SerializeToUtf8Bytes(timeline, Json), cancellationToken);

            if (includeContacts)
            {
                var contacts = await (
                        from report in db.AbuseReports.AsNoTracking()
                        join user in db.Users on report.ReporterId equals user.Id
                        where report.SellerId == sellerId
                        orderby report.Id
                        select new { report.Reference, user.Email, user.DisplayName, user.PreferredLanguage })
                    .ToListAsync(cancellationToken);
                var csv = new StringWriter(CultureInfo.InvariantCulture);
                await using (var writer = new CsvWriter(csv, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
                {
                    writer.WriteField("report");
                    writer.WriteField("email");
                    writer.WriteField("name");
                    writer.WriteField("language");
                    await writer.NextRecordAsync();
                    foreach (var contact in contacts)
                    {
                        writer.WriteField(contact.Reference);
                        writer.WriteField(contact.Email);
                        writer.WriteField(contact.DisplayName);
                        writer.WriteField(contact.PreferredLanguage);
                        await writer.NextRecordAsync();
                    }
                }

                await AddAsync(zip, manifest, ReportersName, Encoding.UTF8.GetBytes(csv.ToString()), cancellationToken);
            }

            await AddAsync(zip, null, ManifestName, Encoding.UTF8.GetBytes(manifest.ToString()), cancellationToken);
        }

        spool.Position = 0;
        await spool.CopyToAsync(output, cancellationToken);
    }

    /// <summary>A message of the pack; <see cref="File"/> is null when retention already purged its bytes.</summary>
    private sealed record PackMessage(long ReportId, string? File, string? OriginalFileName, long Size, string Sha256, DateTime AddedAt, bool Purged);

    /// <summary>Adds a file and its line in the manifest (<c>sha256sum</c>'s format, so <c>sha256sum -c</c> checks the pack).</summary>
    private static async Task AddAsync(ZipArchive zip, StringBuilder? manifest, string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using (var stream = await entry.OpenAsync(cancellationToken))
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }

        manifest?.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(path).Append('\n');
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Branding;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

/// <summary>
/// A real generic host with the outbox and the notification sender as the portal registers them, sending over SMTP
/// to a loopback server, on a migrated SQLite file; and the incident and audience a campaign starts from. Shared by
/// the campaign tests, the end-to-end test and the benchmark (linked).
/// </summary>
public static class CampaignHost
{
    public const string FromAddress = "care@northwind-market.example";
    public const string ReplyTo = "privacy@northwind-market.example";
    public const string MessageIdDomain = "portal.northwind-market.example";
    public const string IncidentTitle = "Email addresses sold to a seller";

    public static IHost Build(DatabaseOptions database, string contentRoot, int smtpPort, byte[] hashKey, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        var configuration = new Dictionary<string, string?>
        {
            ["Email:Mode"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:FromAddress"] = FromAddress,
            ["Email:ReplyTo"] = ReplyTo,
            ["Email:MessageIdDomain"] = MessageIdDomain,
            ["Email:PollIntervalSeconds"] = "0.2",
            ["Notifications:MaxPerSecond"] = "0",
            ["Notifications:PollIntervalSeconds"] = "0.1",
            ["Notifications:ConnectRetrySeconds"] = "0.5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Services.Configure<IdentityOptions>(identity => DatabaseRegistration.ConfigureIdentityStore(identity.Stores));
        builder.Services.AddDbContextFactory<PortalDbContext>(db => db.UsePortalDatabase(database, contentRoot));
        builder.Services.AddLocalization();
        builder.Services.Configure<BrandingOptions>(b => b.PublicBaseUrl = "https://care.northwind-market.example");
        builder.Services.AddPortalOutbox(builder.Configuration);
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<IncidentService>();
        builder.Services.AddSingleton(new ExposureHasher(hashKey));
        builder.Services.AddPortalNotifications(builder.Configuration);
        return builder.Build();
    }

    /// <summary>A published incident, complete in both languages, with one measure.</summary>
    public static async Task<int> AddIncidentAsync(PortalDbContext db, IncidentStatus status = IncidentStatus.Published)
    {
        var incident = new Incident
        {
            Slug = $"seller-leak-{Guid.NewGuid():N}",
            Status = status,
            Title = new LocalizedText { En = IncidentTitle, Fr = "Adresses e-mail vendues à un vendeur" },
            Summary = new LocalizedText { En = "An employee sold customers' email addresses to a marketplace seller.", Fr = "Un employé a vendu les adresses e-mail de clients à un vendeur." },
            DataExposed = new LocalizedText { En = "Your email address only.", Fr = "Votre adresse e-mail uniquement." },
            DataNotExposed = new LocalizedText { En = "No password, no payment data.", Fr = "Aucun mot de passe, aucune donnée de paiement." },
            Advice = new LocalizedText { En = "Ignore emails from unknown sellers.", Fr = "Ignorez les e-mails de vendeurs inconnus." },
            OccurredOn = new DateOnly(2026, 9, 1),
            DiscoveredOn = new DateOnly(2026, 10, 15),
            DisclosedOn = new DateOnly(2026, 11, 2),
            ContactEmail = "privacy@northwind-market.example",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            Measures = [new IncidentMeasure { On = new DateOnly(2026, 10, 16), Description = new LocalizedText { En = "The employee was dismissed.", Fr = "L’employé a été licencié." } }],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    /// <summary>
    /// Stages <paramref name="count"/> affected addresses as an import does (hash plus plain address for the notice),
    /// in chunks, every third one in French and every fifth without a language. Returns the addresses.
    /// </summary>
    public static async Task<List<string>> AddAudienceAsync(IDbContextFactory<PortalDbContext> contexts, int incidentId, ExposureHasher hasher, int count, Func<int, string>? address = null)
    {
        var addresses = new List<string>(count);
        await using (var first = await contexts.CreateDbContextAsync())
        {
            first.ImportBatches.Add(new ImportBatch { IncidentId = incidentId, FileName = "affected.csv", State = ImportState.Completed, CreatedAt = DateTime.UtcNow });
            await first.SaveChangesAsync();
        }

        long batchId;
        await using (var read = await contexts.CreateDbContextAsync())
        {
            batchId = await read.ImportBatches.Where(b => b.IncidentId == incidentId).MaxAsync(b => b.Id);
        }

        const int Chunk = 5_000;
        for (var start = 0; start < count; start += Chunk)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var rows = new List<(ExposedAddress Exposed, string Address)>();
            for (var i = start; i < Math.Min(count, start + Chunk); i++)
            {
                var plain = address?.Invoke(i) ?? $"customer{i}@example.test";
                addresses.Add(plain);
                var exposed = new ExposedAddress
                {
                    IncidentId = incidentId,
                    ImportBatchId = batchId,
                    AddressHash = hasher.Hash(AddressNormalizer.Normalize(plain).Value!),
                    Language = LanguageOf(i),
                };
                rows.Add((exposed, plain));
                db.ExposedAddresses.Add(exposed);
            }

            await db.SaveChangesAsync();
            db.PendingNoticeAddresses.AddRange(rows.Select(r => new PendingNoticeAddress { ExposedAddressId = r.Exposed.Id, Address = r.Address }));
            await db.SaveChangesAsync();
        }

        return addresses;
    }

    /// <summary>The import's language of the <paramref name="index"/>-th address; null means the default (English).</summary>
    public static string? LanguageOf(int index) => index % 5 == 0 ? null : index % 3 == 0 ? "fr" : "en";
}

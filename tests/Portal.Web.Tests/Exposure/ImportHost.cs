using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Web.Features.Exposure;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The portal on Kestrel with one incident, and helpers to write affected lists and read what was stored.</summary>
internal sealed class ImportHost : IAsyncDisposable
{
    public const string IncidentTitle = "Email addresses sold to a marketplace seller";

    private ImportHost(PortalAppFactory app, int incidentId)
    {
        App = app;
        IncidentId = incidentId;
    }

    public PortalAppFactory App { get; }

    public int IncidentId { get; }

    public ImportWorkflow Workflow => App.Services.GetRequiredService<ImportWorkflow>();

    public ImportUploads Uploads => App.Services.GetRequiredService<ImportUploads>();

    public string PagePath => $"admin/incidents/{IncidentId}/import";

    public static async Task<ImportHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var app = new PortalAppFactory();
        foreach (var (key, value) in settings)
        {
            app.WithSetting(key, value);
        }

        var incidentId = await app.WithDbAsync(async db =>
        {
            var incident = new Incident
            {
                Slug = "seller-leak",
                Title = new LocalizedText { En = IncidentTitle, Fr = "Adresses e-mail vendues à un vendeur de la place de marché" },
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            return incident.Id;
        });
        return new ImportHost(app, incidentId);
    }

    public static string Lines(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    /// <summary>Uploads and previews a file through the workflow, as the page does (no signed-in user).</summary>
    public async Task<ImportPreview> PreviewAsync(string content, string fileName = "affected.txt", string? userId = null)
    {
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await Workflow.UploadAndPreviewAsync(IncidentId, stream, fileName, userId, null, TestContext.Current.CancellationToken);
    }

    /// <summary>Confirms a previewed batch and waits until the background service has finished it.</summary>
    public async Task<ImportBatchStatus> ImportAsync(long batchId, Action<ImportBatchStatus>? onPoll = null)
    {
        Assert.Equal(ConfirmOutcome.Queued, await Workflow.ConfirmAsync(batchId));
        return await WaitUntilFinishedAsync(batchId, onPoll);
    }

    public async Task<ImportBatchStatus> WaitUntilFinishedAsync(long batchId, Action<ImportBatchStatus>? onPoll = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await Workflow.StatusAsync(IncidentId, batchId, TestContext.Current.CancellationToken)
                ?? throw new InvalidOperationException($"No batch {batchId}.");
            onPoll?.Invoke(status);
            if (status.IsFinished && status.Live is null)
            {
                return status;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Import batch {batchId} did not finish within a minute.");
    }

    public Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query) => App.WithDbAsync(query);

    public Task<int> ExposedCountAsync() => DbAsync(db => db.ExposedAddresses.CountAsync());

    public Task<int> BatchCountAsync() => DbAsync(db => db.ImportBatches.CountAsync());

    /// <summary>Every file in the upload folder (uploads in progress, previews, running imports).</summary>
    public string[] UploadFolderFiles() =>
        Directory.Exists(Uploads.Folder) ? Directory.GetFiles(Uploads.Folder).Select(Path.GetFileName).OfType<string>().ToArray() : [];

    /// <summary>An admin account with an authenticator: its email, id and authenticator key.</summary>
    public async Task<(string Email, string Id, string Key)> CreateAdminAsync()
    {
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        var key = await FormSignIn.CreateAccountAsync(App.Services, email, PortalRoles.Admin, withAuthenticator: true);
        var id = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (email, id, key!);
    }

    /// <summary>An admin signed in through the real forms (password, then authenticator code).</summary>
    public async Task<StaticFormClient> SignedInAdminAsync(string? culture = null)
    {
        var client = App.CreateFormClient(culture);
        var (email, _, key) = await CreateAdminAsync();
        await FormSignIn.SignInAsync(client.Http, email, key, "/admin");
        return client;
    }

    public async Task<StaticFormClient> SignedInCustomerAsync()
    {
        var client = App.CreateFormClient();
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        await FormSignIn.CreateAccountAsync(App.Services, email, PortalRoles.Customer, withAuthenticator: false);
        await FormSignIn.SignInAsync(client.Http, email, null, "/");
        return client;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

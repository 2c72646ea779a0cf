using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// The real portal on real Kestrel at 127.0.0.1 on a free port, in Development with the demo accounts, a fresh
/// SQLite file and a fresh email pickup folder for each fixture. A test class that needs other settings derives its
/// own fixture and overrides <see cref="AddSettings"/>.
/// </summary>
public class PortalAppFixture : IAsyncLifetime
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("portal-e2e-");
    private PortalFactory? factory;

    public PortalAppFixture()
    {
        Mailbox = new PickupMailbox(Path.Combine(root.FullName, "mail"));
    }

    /// <summary>Where the portal listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public PickupMailbox Mailbox { get; }

    /// <summary>The running portal's services, to arrange the data a test starts from (an incident, an affected address).</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("The portal is not started.");

    public virtual ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = Path.Combine(root.FullName, "data"),
            ["Email:Mode"] = "Pickup",
            ["Email:PickupFolder"] = Mailbox.Folder,
            ["Email:PollIntervalSeconds"] = "0.2",
            ["Email:MaxPerSecond"] = "0",
            ["Demo:SeedAccounts"] = "true",
            // Warnings and errors only: the test output should show what went wrong, not every request.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddSettings(settings);
        factory = new PortalFactory(settings);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();

        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseUrl = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds or replaces configuration values before the portal starts.</summary>
    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        // Pooled SQLite connections keep the file open; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        root.Delete(recursive: true);
    }

    private sealed class PortalFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            // Settings rather than app configuration: Program reads them while building the host.
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1 (a free port), with its own SQLite file and pickup folder in a temp folder.
/// Use it as a class fixture; <see cref="CreateHttpClient"/> talks real HTTP and leaves redirects and cookies to the test.
/// </summary>
public class PortalWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("portal-web-tests-");

    public PortalWebFactory()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string DataFolder => Path.Combine(root.FullName, "data");

    public string PickupFolder => Path.Combine(root.FullName, "mail");

    /// <summary>Extra settings a derived factory adds or overrides (e.g. SMTP mode).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Where the portal listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.Single().TrimEnd('/') + "/");
        return ValueTask.CompletedTask;
    }

    /// <summary>A plain client over the socket (the factory's own handlers apply only to the in-memory server).</summary>
    public HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = DataFolder,
            ["Email:Mode"] = "Pickup",
            ["Email:PickupFolder"] = PickupFolder,
            ["Demo:SeedAccounts"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        // Settings rather than app configuration: Program reads them while building the host.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled SQLite connections keep the file open; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        root.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// The real portal on Kestrel (a loopback port), with its SQLite file and pickup folder in a temporary folder that
/// is deleted afterwards. Demo accounts are not seeded; tests create the accounts they need.
/// </summary>
public sealed class KestrelPortalFactory : WebApplicationFactory<Program>
{
    private readonly string environment;

    public KestrelPortalFactory(string environment = "Development")
    {
        this.environment = environment;
        UseKestrel(0);
    }

    public DirectoryInfo DataFolder { get; } = Directory.CreateTempSubdirectory("portal-web-");

    public string PickupFolder => Path.Combine(DataFolder.FullName, "mail");

    /// <summary>
    /// Starts the server and returns a client over a real socket that keeps cookies and shows redirects instead of
    /// following them (the factory's own client follows them when it talks to Kestrel).
    /// </summary>
    public HttpClient CreateHttpClient()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        // Production serves HTTPS only, here behind a TLS-terminating proxy on loopback (trusted by default).
        HttpMessageHandler handler = environment == "Development"
            ? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }
            : new ProxiedHttpsHandler();
        return new HttpClient(handler) { BaseAddress = new Uri(address) };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:DataFolder", DataFolder.FullName);
        builder.UseSetting("Email:PickupFolder", PickupFolder);
        builder.UseSetting("Demo:SeedAccounts", "false");
        // Outside Development the portal refuses to start without a configured key, as in production.
        builder.UseSetting("Exposure:HashKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DataFolder.Delete(recursive: true);
    }
}

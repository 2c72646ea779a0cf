using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The whole portal on real Kestrel (a free loopback port), with its SQLite file and email pickup folder in a
/// fresh temporary folder that is deleted afterwards. Development environment, demo accounts and demo incident off.
/// </summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly List<Action<IServiceCollection>> serviceChanges = [];

    public PortalAppFactory()
    {
        RootFolder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(RootFolder);
        settings = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = Path.Combine(RootFolder, "data"),
            ["Email:PickupFolder"] = Path.Combine(RootFolder, "mail"),
            ["Demo:SeedAccounts"] = "false",
            ["Demo:SeedIncident"] = "false",
        };

        // Every client of a test host is 127.0.0.1, and one host serves many tests' sign-ins: the account limits
        // are lifted here; their own tests set them low.
        foreach (var policy in new[] { "SignIn", "Registration", "PasswordReset" })
        {
            settings[$"AccountRateLimits:{policy}:PermitLimit"] = "100000";
        }

        UseKestrel(0);
    }

    /// <summary>Adds or replaces a configuration value (e.g. <c>Branding:PortalName</c>); call before the first request.</summary>
    public PortalAppFactory WithSetting(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Adds to the host's services (e.g. an EF interceptor that observes queries); call before the first request.</summary>
    public PortalAppFactory WithServices(Action<IServiceCollection> configure)
    {
        serviceChanges.Add(configure);
        return this;
    }

    public string RootFolder { get; }

    public string PickupFolder => settings["Email:PickupFolder"]!;

    /// <summary>The server's real address (starts it on first use).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        }
    }

    /// <summary>A browser-like client (own cookies, no automatic redirects), optionally with the culture cookie set.</summary>
    public StaticFormClient CreateFormClient(string? culture = null) => new(BaseAddress, culture);

    /// <summary>Runs <paramref name="work"/> with services from a fresh scope (e.g. the database, UserManager).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query) =>
        WithScopeAsync(services => query(services.GetRequiredService<PortalDbContext>()));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => serviceChanges.ForEach(change => change(services)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled SQLite connections keep the file open; release them so the folder can go.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(RootFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the OS temp cleaner gets it later.
        }
    }
}

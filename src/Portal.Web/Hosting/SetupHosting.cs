using Portal.Web.Features.Exposure;
using Portal.Web.Features.Setup;

namespace Portal.Web.Hosting;

public static class SetupHosting
{
    public static WebApplicationBuilder AddPortalSetup(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PortalSeeder>();
        builder.Services.AddScoped<CreateAdminVerb>();
        return builder;
    }

    public static async Task SeedPortalAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<PortalSeeder>();
        await seeder.SeedRolesAsync();
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:SeedAccounts", true))
        {
            await seeder.SeedDemoAccountsAsync();
        }

        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:SeedIncident", true))
        {
            await seeder.SeedDemoIncidentAsync();
        }
    }

    /// <summary>Runs a command-line verb (e.g. <c>create-admin --email a@b.c</c>) instead of the web server.</summary>
    public static async Task<bool> RunCommandLineVerbAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        Environment.ExitCode = args[0] switch
        {
            CreateAdminVerb.Name => await scope.ServiceProvider.GetRequiredService<CreateAdminVerb>().RunAsync(app.Configuration, Console.Out),
            ImportExposedVerb.Name => await scope.ServiceProvider.GetRequiredService<ImportExposedVerb>().RunAsync(app.Configuration, Console.Out, app.Lifetime.ApplicationStopping),
            _ => UnknownVerb(args[0]),
        };
        return true;
    }

    private static int UnknownVerb(string verb)
    {
        Console.Error.WriteLine($"Unknown command '{verb}'. Known: {CreateAdminVerb.Name} --email ADDRESS [--name NAME]; {ImportExposedVerb.Name} --incident SLUG --file PATH.");
        return 2;
    }
}

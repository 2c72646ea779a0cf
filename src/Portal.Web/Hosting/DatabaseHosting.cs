using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Web.Hosting;

public static class DatabaseHosting
{
    public static WebApplicationBuilder AddPortalDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        var contentRoot = builder.Environment.ContentRootPath;

        // Circuits live long, so components and services create short-lived contexts from the factory;
        // Identity's stores use the scoped context the factory registration also provides.
        builder.Services.AddDbContextFactory<PortalDbContext>(db => db.UsePortalDatabase(options, contentRoot));
        builder.Services.AddDatabaseDeveloperPageExceptionFilter();

        // Several instances share one key ring, so a cookie issued by one is accepted by the others.
        builder.Services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        return builder;
    }

    /// <summary>Creates or migrates the database when configured to, then seeds what the environment needs.</summary>
    public static async Task PreparePortalAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.MigrateOnStartup)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                // WAL lets readers work while the dispatcher writes; the setting is kept in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }

        await app.RecoverInterruptedImportsAsync();
        await app.SeedPortalAsync();
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Data;

public static class DatabaseRegistration
{
    public const string SqliteMigrationsAssembly = "Portal.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Portal.Migrations.SqlServer";

    /// <summary>Configures the context for the chosen provider, with that provider's migrations assembly.</summary>
    public static TBuilder UsePortalDatabase<TBuilder>(this TBuilder builder, DatabaseOptions options, string contentRoot)
        where TBuilder : DbContextOptionsBuilder
    {
        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var connectionString = options.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is SqlServer.");
                builder.UseSqlServer(connectionString, sql => sql
                    .MigrationsAssembly(SqlServerMigrationsAssembly)
                    .EnableRetryOnFailure());
                break;
            default:
                builder.UseSqlite(SqliteConnectionString(options, contentRoot), sqlite => sqlite
                    .MigrationsAssembly(SqliteMigrationsAssembly)
                    .CommandTimeout(options.SqliteBusyTimeoutSeconds));
                break;
        }

        return builder;
    }

    /// <summary>Identity's schema version (3: passkeys); the app and the design-time tools must agree on it.</summary>
    public static void ConfigureIdentityStore(StoreOptions stores) => stores.SchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Options outside the web host (<c>dotnet ef</c>, tests, benchmarks): the provider's migrations assembly and
    /// the app's Identity schema version, so the model matches the migrations.
    /// </summary>
    public static DbContextOptions<PortalDbContext> StandaloneOptions(DatabaseOptions options, string contentRoot)
    {
        var identityServices = new ServiceCollection()
            .Configure<IdentityOptions>(identity => ConfigureIdentityStore(identity.Stores))
            .BuildServiceProvider();
        return new DbContextOptionsBuilder<PortalDbContext>()
            .UsePortalDatabase(options, contentRoot)
            .UseApplicationServiceProvider(identityServices)
            .Options;
    }

    public static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        var folder = Path.GetFullPath(options.DataFolder, contentRoot);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "portal.db")};Default Timeout={options.SqliteBusyTimeoutSeconds}";
    }
}

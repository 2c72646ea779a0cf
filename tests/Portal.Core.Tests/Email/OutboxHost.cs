using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Email;

namespace Portal.Core.Tests.Email;

/// <summary>A real generic host running the outbox as the portal registers it, on a test database.</summary>
public static class OutboxHost
{
    public static IHost Build(OutboxTestDatabase database, IDictionary<string, string?> email)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = database.Folder,
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(email.ToDictionary(pair => $"{EmailOptions.Section}:{pair.Key}", pair => pair.Value));
        builder.Logging.ClearProviders();
        builder.Services.Configure<IdentityOptions>(identity => DatabaseRegistration.ConfigureIdentityStore(identity.Stores));
        builder.Services.AddDbContextFactory<PortalDbContext>(db => db.UsePortalDatabase(database.DatabaseOptions, database.Folder));
        builder.Services.AddPortalOutbox(builder.Configuration);
        return builder.Build();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Core.Email;

public static class EmailRegistration
{
    /// <summary>
    /// The outbox's sending side: <see cref="EmailOptions"/> from the <c>Email</c> section, the store, the transport
    /// chosen by <see cref="EmailOptions.Mode"/> and the dispatcher as a hosted service. Needs an
    /// <c>IDbContextFactory&lt;PortalDbContext&gt;</c> and the host's <see cref="IHostEnvironment"/>.
    /// </summary>
    public static IServiceCollection AddPortalOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<OutboxMimeBuilder>();
        services.TryAddSingleton<OutboxBatchSender>();
        services.TryAddSingleton(CreateTransport);
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }

    /// <summary>The pickup folder as an absolute path; a relative setting is under the content root.</summary>
    public static string PickupFolderPath(EmailOptions options, string contentRoot) =>
        Path.GetFullPath(options.PickupFolder, contentRoot);

    private static IEmailTransport CreateTransport(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        var contentRoot = provider.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return options.Mode switch
        {
            EmailMode.Smtp => new SmtpEmailTransport(
                options.Smtp,
                options.Dkim.Enabled ? new DkimMessageSigner(options.Dkim, contentRoot) : null),
            _ => new PickupEmailTransport(PickupFolderPath(options, contentRoot), provider.GetRequiredService<TimeProvider>()),
        };
    }
}

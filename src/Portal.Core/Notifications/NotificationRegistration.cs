using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Notifications;

public static class NotificationRegistration
{
    /// <summary>
    /// Breach-notification campaigns: <see cref="NotificationOptions"/>, the workflow service and the notice sender as a
    /// hosted service. Needs the outbox (<c>AddPortalOutbox</c>), the composer and the exposure hasher.
    /// </summary>
    public static IServiceCollection AddPortalNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NoticeTemplates>();
        services.TryAddSingleton<NoticeStore>();
        services.TryAddSingleton<CampaignService>();
        services.TryAddSingleton<NoticeDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<NoticeDispatcher>());
        return services;
    }
}

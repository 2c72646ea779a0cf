using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Core.Notifications;

namespace Portal.Web.Hosting;

public static class NotificationHosting
{
    /// <summary>Lookups of reference codes on the public genuine-check page, per client network.</summary>
    public const string GenuineCheckPolicy = "genuine-check";

    public static WebApplicationBuilder AddPortalNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalNotifications(builder.Configuration);
        // Added to the portal's rate limiter (RateLimitingHosting), which answers 429 with its localised page.
        builder.Services.Configure<RateLimiterOptions>(options => options.AddSubmissionPolicy(GenuineCheckPolicy, services =>
        {
            var settings = services.GetRequiredService<IOptionsMonitor<NotificationOptions>>().CurrentValue;
            return new FormRateLimit { PermitLimit = settings.GenuineCheckPermitLimit, WindowMinutes = settings.GenuineCheckWindowMinutes };
        }));
        return builder;
    }
}

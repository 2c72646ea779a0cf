using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
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
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(GenuineCheckPolicy, context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }

            var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<NotificationOptions>>().CurrentValue;
            return RateLimitPartition.GetFixedWindowLimiter(RateLimitingHosting.ClientNetwork(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.GenuineCheckPermitLimit,
                Window = TimeSpan.FromMinutes(settings.GenuineCheckWindowMinutes),
                QueueLimit = 0,
            });
        }));
        return builder;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core.Exposure;
using Portal.Core.Identity;
using Portal.Web.Features.RateLimiting;

namespace Portal.Web.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter with the portal's policies. A page opts in with
/// <c>[EnableRateLimiting(RateLimitingHosting.…Policy)]</c>; a rejected request gets 429, <c>Retry-After</c> and a
/// localised page.
/// </summary>
public static class RateLimitingHosting
{
    /// <summary>Submissions of the exposure check (address, code, account) per client network.</summary>
    public const string ExposureCheckPolicy = "exposure-check";

    /// <summary>Sign-in, two-factor and recovery-code submissions per client network.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>Registrations and confirmation-email requests per client network.</summary>
    public const string RegistrationPolicy = "registration";

    /// <summary>Password-reset requests and new-password submissions per client network.</summary>
    public const string PasswordResetPolicy = "password-reset";

    public static WebApplicationBuilder AddPortalRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AccountRateLimitOptions>(builder.Configuration.GetSection(AccountRateLimitOptions.Section));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddSubmissionPolicy(ExposureCheckPolicy, services =>
            {
                var check = services.GetRequiredService<IOptionsMonitor<ExposureOptions>>().CurrentValue.Check;
                return new FormRateLimit { PermitLimit = check.IpPermitLimit, WindowMinutes = check.IpWindowMinutes };
            });
            options.AddSubmissionPolicy(SignInPolicy, services => AccountLimits(services).SignIn);
            options.AddSubmissionPolicy(RegistrationPolicy, services => AccountLimits(services).Registration);
            options.AddSubmissionPolicy(PasswordResetPolicy, services => AccountLimits(services).PasswordReset);
        });
        return builder;
    }

    /// <summary>After routing and authentication, so that the endpoint's policy is known.</summary>
    public static WebApplication UsePortalRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The partition of a client: its IPv4 address, or its IPv6 /64 (one subscriber usually holds a whole /64, so
    /// limiting single IPv6 addresses would limit nothing).
    /// </summary>
    internal static string ClientNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// A policy that counts a page's form submissions per client network: reading the page is free, each POST may
    /// send an email or spend an attempt.
    /// </summary>
    internal static void AddSubmissionPolicy(this RateLimiterOptions options, string policy, Func<IServiceProvider, FormRateLimit> limit) =>
        options.AddPolicy(policy, context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }

            var settings = limit(context.RequestServices);
            return RateLimitPartition.GetFixedWindowLimiter(ClientNetwork(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = TimeSpan.FromMinutes(settings.WindowMinutes),
                QueueLimit = 0,
            });
        });

    private static AccountRateLimitOptions AccountLimits(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<AccountRateLimitOptions>>().CurrentValue;

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        int? retryAfterSeconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : null;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        response.Headers.CacheControl = "no-store";
        // The body is written here: the status-code pages would otherwise answer with the not-found page.
        await new RazorComponentResult<TooManyRequestsPage>(new Dictionary<string, object?>
        {
            [nameof(TooManyRequestsPage.RetryAfterSeconds)] = retryAfterSeconds,
        })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        }.ExecuteAsync(context.HttpContext);
    }
}

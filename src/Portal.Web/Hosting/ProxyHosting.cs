using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Web.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy or load balancer, the client's address and scheme come from its
/// <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> headers, trusted only from the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>. Rate limits key on that address, and Secure cookies
/// need that scheme.
/// </summary>
public static class ProxyHosting
{
    public const string Section = "ForwardedHeaders";

    public static WebApplicationBuilder AddPortalProxy(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Length + networks.Length == 0)
            {
                // ASP.NET Core's default: only a proxy on this host (loopback) is trusted. Never "everyone", or any
                // client could pick the address the rate limits count.
                return;
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>First of all, so that everything after it sees the client's address and scheme.</summary>
    public static WebApplication UsePortalProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}

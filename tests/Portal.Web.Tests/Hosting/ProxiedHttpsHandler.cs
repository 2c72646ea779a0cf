using System.Net;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// The browser's side of a TLS-terminating proxy: requests reach the portal over plain HTTP on loopback marked
/// <c>X-Forwarded-Proto: https</c>, and cookies are kept as a browser keeps them for the HTTPS site, Secure ones
/// included (a plain cookie container would drop those on an http:// address).
/// </summary>
internal sealed class ProxiedHttpsHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
{
    private readonly CookieContainer cookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var site = WithScheme(request.RequestUri!, Uri.UriSchemeHttps);
        // The portal answers with https:// addresses, which the proxy takes and forwards to it over HTTP.
        request.RequestUri = WithScheme(request.RequestUri!, Uri.UriSchemeHttp);
        request.Headers.Add("X-Forwarded-Proto", "https");
        var cookieHeader = cookies.GetCookieHeader(site);
        if (cookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                cookies.SetCookies(site, setCookie);
            }
        }

        return response;
    }

    private static Uri WithScheme(Uri address, string scheme) => new UriBuilder(address) { Scheme = scheme, Port = address.Port }.Uri;
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

/// <summary>Every answer carries the security headers; the only inline script is the nonced import map; cookies are locked down.</summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("", HttpStatusCode.OK)]
    [InlineData("Account/Login", HttpStatusCode.OK)]
    [InlineData("check", HttpStatusCode.OK)]
    [InlineData("no-such-page", HttpStatusCode.NotFound)]
    [InlineData("admin", HttpStatusCode.Redirect)]
    public async Task Every_answer_carries_the_headers_and_runs_no_inline_script_but_the_nonced_one(string path, HttpStatusCode status)
    {
        using var client = app.CreateFormClient();

        var page = await client.GetAsync(path);

        Assert.Equal(status, page.StatusCode);
        var policy = page.Headers["Content-Security-Policy"];
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("base-uri 'self'", policy);
        Assert.Contains("form-action 'self'", policy);
        var scripts = Regex.Match(policy, "script-src ([^;]*)").Groups[1].Value;
        Assert.DoesNotContain("unsafe-inline", scripts);
        Assert.DoesNotContain("unsafe-eval", scripts);
        Assert.DoesNotContain("http", policy);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"]);
        Assert.Equal("DENY", page.Headers["X-Frame-Options"]);
        Assert.Equal("same-origin", page.Headers["Referrer-Policy"]);
        Assert.Contains("camera=()", page.Headers["Permissions-Policy"]);
        if (status != HttpStatusCode.Redirect)
        {
            var nonce = Nonce().Match(scripts).Groups[1].Value;
            var inline = page.Document.QuerySelectorAll("script:not([src])").ToList();
            Assert.NotEmpty(inline);
            Assert.All(inline, script => Assert.Equal(nonce, script.GetAttribute("nonce")));
        }
    }

    [Fact]
    public async Task The_nonce_is_new_for_every_request()
    {
        using var client = app.CreateFormClient();

        var first = Nonce().Match((await client.GetAsync("")).Headers["Content-Security-Policy"]).Groups[1].Value;
        var second = Nonce().Match((await client.GetAsync("")).Headers["Content-Security-Policy"]).Groups[1].Value;

        Assert.Equal(24, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_http_only_and_same_site_strict()
    {
        using var client = app.CreateFormClient();

        var login = await client.GetAsync("Account/Login");

        var cookie = login.Headers["Set-Cookie"].Split(", .").Single(c => c.Contains("Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Outside_development_every_cookie_is_secure()
    {
        await using var production = new KestrelPortalFactory("Production");
        using var client = production.CreateHttpClient();
        using var login = await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var cookies = production.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            var cookie = cookies.Get(scheme).Cookie;
            Assert.Equal((CookieSecurePolicy.Always, true), (cookie.SecurePolicy, cookie.HttpOnly));
        }
    }

    [Fact]
    public async Task Outside_development_https_answers_carry_hsts_and_development_ones_do_not()
    {
        await using var production = new KestrelPortalFactory("Production");
        using var client = production.CreateHttpClient();
        // A public host name: ASP.NET Core never sends HSTS for localhost or loopback addresses.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "portal.example" } };

        using var answer = await client.SendAsync(request, TestContext.Current.CancellationToken);
        using var development = app.CreateFormClient();
        var local = await development.GetAsync("");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Matches("max-age=[1-9][0-9]*", string.Join(", ", answer.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(local.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}

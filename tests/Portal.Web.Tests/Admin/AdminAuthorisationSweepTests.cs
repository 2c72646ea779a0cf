using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Web.Components.Account;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Admin;

/// <summary>
/// Every /admin page and endpoint, as the running app routes them (not a hand-kept list), requested by each kind of
/// caller over real HTTP: anonymous and customers are refused everywhere, agents only where the Admin policy applies.
/// </summary>
public sealed class AdminAuthorisationSweepTests(AdminAuthorisationSweepTests.Host host)
    : IClassFixture<AdminAuthorisationSweepTests.Host>
{
    /// <summary>Today's admin area has more than this; a sweep finding fewer has stopped seeing the routes.</summary>
    private const int MinimumEndpoints = 8;

    [Fact]
    public void The_sweep_finds_the_admin_area_and_every_endpoint_requires_a_staff_policy()
    {
        var endpoints = host.AdminEndpoints;

        Assert.True(endpoints.Count >= MinimumEndpoints, $"Only {endpoints.Count} admin endpoints found.");
        Assert.Contains(endpoints, e => e.Url == "/admin" && !e.AdminOnly);
        Assert.Contains(endpoints, e => e.AdminOnly);
        // Both kinds the app routes: Razor component pages and minimal API endpoints.
        Assert.Contains(endpoints, e => e.Url.EndsWith(".csv", StringComparison.Ordinal));
        Assert.All(endpoints, e => Assert.True(e.Policies.Contains(PortalPolicies.Staff) || e.Policies.Contains(PortalPolicies.Admin),
            $"{e} has no Staff or Admin policy."));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_everywhere()
    {
        using var client = host.Factory.CreateHttpClient();

        foreach (var endpoint in host.AdminEndpoints)
        {
            using var response = await SendAsync(client, endpoint);
            var target = Location(response);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized
                        || (response.StatusCode == HttpStatusCode.Redirect && target.StartsWith("/Account/Login", StringComparison.Ordinal)),
                $"{endpoint}: {(int)response.StatusCode} {target}");
        }
    }

    [Fact]
    public async Task A_customer_is_refused_everywhere()
    {
        using var client = await host.SignedInAsync(PortalRoles.Customer, withAuthenticator: false);

        foreach (var endpoint in host.AdminEndpoints)
        {
            await AssertRefusedAsync(client, endpoint);
        }
    }

    [Fact]
    public async Task An_agent_without_two_factor_is_refused_everywhere()
    {
        using var client = await host.SignedInAsync(PortalRoles.Agent, withAuthenticator: false);

        foreach (var endpoint in host.AdminEndpoints)
        {
            await AssertRefusedAsync(client, endpoint);
        }
    }

    [Fact]
    public async Task An_agent_with_two_factor_gets_the_staff_pages_and_is_refused_the_admin_only_ones()
    {
        using var client = await host.SignedInAsync(PortalRoles.Agent, withAuthenticator: true);

        foreach (var endpoint in host.AdminEndpoints)
        {
            if (endpoint.AdminOnly)
            {
                await AssertRefusedAsync(client, endpoint);
            }
            else
            {
                await AssertAllowedAsync(client, endpoint);
            }
        }
    }

    [Fact]
    public async Task An_admin_with_two_factor_gets_everything()
    {
        using var client = await host.SignedInAsync(PortalRoles.Admin, withAuthenticator: true);

        foreach (var endpoint in host.AdminEndpoints)
        {
            await AssertAllowedAsync(client, endpoint);
        }
    }

    private static async Task AssertRefusedAsync(HttpClient client, AdminEndpoint endpoint)
    {
        using var response = await SendAsync(client, endpoint);
        var target = Location(response);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && target.StartsWith("/Account/AccessDenied", StringComparison.Ordinal)),
            $"{endpoint}: {(int)response.StatusCode} {target}");
    }

    /// <summary>
    /// Authorised: the page or its "not found" (an id that does not exist is checked after authorisation). A bare POST
    /// to a page gets past authorisation to the form handling, which refuses it for want of a form and token (400).
    /// </summary>
    private static async Task AssertAllowedAsync(HttpClient client, AdminEndpoint endpoint)
    {
        using var response = await SendAsync(client, endpoint);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound
                    || (endpoint.Method == "POST" && response.StatusCode == HttpStatusCode.BadRequest),
            $"{endpoint}: {(int)response.StatusCode} {Location(response)}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, AdminEndpoint endpoint) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url), TestContext.Current.CancellationToken);

    private static string Location(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString) : "";

    public sealed record AdminEndpoint(string Method, string Url, IReadOnlySet<string> Policies, string Pattern)
    {
        public bool AdminOnly => Policies.Contains(PortalPolicies.Admin);

        public override string ToString() => $"{Method} {Url} ({Pattern})";
    }

    /// <summary>One running portal for the whole sweep; each test signs in its own fresh account.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private int accounts;

        public KestrelPortalFactory Factory { get; } = new();

        public IReadOnlyList<AdminEndpoint> AdminEndpoints { get; private set; } = [];

        public ValueTask InitializeAsync()
        {
            Factory.CreateHttpClient().Dispose();
            AdminEndpoints = Factory.Services.GetServices<EndpointDataSource>()
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText is { } raw && IsAdmin(raw))
                .SelectMany(Describe)
                .DistinctBy(e => (e.Method, e.Url))
                .ToList();
            return ValueTask.CompletedTask;
        }

        public async Task<HttpClient> SignedInAsync(string role, bool withAuthenticator)
        {
            var email = $"{role.ToLowerInvariant()}-{Interlocked.Increment(ref accounts)}@sweep.example";
            var key = await FormSignIn.CreateAccountAsync(Factory.Services, email, role, withAuthenticator);
            var client = Factory.CreateHttpClient();
            await FormSignIn.SignInAsync(client, email, key, "/");
            return client;
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();

        private static bool IsAdmin(string rawPattern)
        {
            var path = rawPattern.TrimStart('/');
            return path.Equals("admin", StringComparison.OrdinalIgnoreCase) || path.StartsWith("admin/", StringComparison.OrdinalIgnoreCase);
        }

        private static IEnumerable<AdminEndpoint> Describe(RouteEndpoint endpoint)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(data => data.Policy ?? "(default)")
                .ToHashSet(StringComparer.Ordinal);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var url = Fill(endpoint.RoutePattern);
            return methods.Select(method => new AdminEndpoint(method, url, policies, endpoint.RoutePattern.RawText!));
        }

        /// <summary>A concrete URL for the pattern: plausible values by constraint (numbers, GUIDs, text).</summary>
        private static string Fill(RoutePattern pattern)
        {
            var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => Sample(parameter),
                _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
            })));
            return "/" + string.Join('/', segments);
        }

        private static string Sample(RoutePatternParameterPart parameter)
        {
            var constraints = parameter.ParameterPolicies.Select(policy => policy.Content ?? policy.ParameterPolicy?.GetType().Name ?? "").ToList();
            if (constraints.Any(c => c.StartsWith("int", StringComparison.OrdinalIgnoreCase) || c.StartsWith("long", StringComparison.OrdinalIgnoreCase)))
            {
                return "1";
            }

            if (constraints.Any(c => c.StartsWith("guid", StringComparison.OrdinalIgnoreCase)))
            {
                return Guid.NewGuid().ToString();
            }

            return "sample";
        }
    }
}

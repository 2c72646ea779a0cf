using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Admin;

public sealed class AdminAccessTests(PortalWebFactory portal) : IClassFixture<PortalWebFactory>
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        using var client = portal.CreateHttpClient();

        using var response = await client.GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.Equal("/Account/Login?ReturnUrl=%2Fadmin", target);
    }
}

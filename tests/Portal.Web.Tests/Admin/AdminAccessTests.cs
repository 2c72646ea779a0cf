using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Admin;

public sealed class AdminAccessTests(PortalAppFactory portal) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        using var browser = portal.CreateFormClient();

        using var response = await browser.Http.GetAsync("/admin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.Equal("/Account/Login?ReturnUrl=%2Fadmin", target);
    }
}

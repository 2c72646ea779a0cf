using System.Net;
using System.Text.Encodings.Web;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Localization;

public sealed class CultureSwitchEndpointTests(PortalAppFactory portal) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Switching_sets_the_culture_cookie_and_returns_to_the_local_page()
    {
        using var browser = portal.CreateFormClient();

        using var response = await browser.Http.GetAsync("/culture/set?culture=fr&returnUrl=%2FAccount%2FLogin%3FReturnUrl%3D%252Fadmin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2Fadmin", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StaticFormClient.CultureCookie + "=", StringComparison.Ordinal));
        Assert.Contains("c%3Dfr%7Cuic%3Dfr", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil")]
    [InlineData("\\\\evil.example")]
    [InlineData("evil.example")]
    [InlineData("")]
    public async Task A_return_address_off_the_portal_goes_home_instead(string returnUrl)
    {
        using var browser = portal.CreateFormClient();

        using var response = await browser.Http.GetAsync($"/culture/set?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    // What the wapiti scan sent: control characters and non-ASCII in the return address once answered 500.
    [Theory]
    [InlineData("/\nenv;", "/")]
    [InlineData("/etc/passwd\0", "/")]
    [InlineData("/\r\nSet-Cookie: evil=1", "/")]
    [InlineData("/¿'\"(", "/%C2%BF'%22(")]
    [InlineData("/check?x=é#top", "/check?x=%C3%A9#top")]
    public async Task A_hostile_return_address_gets_a_safe_redirect_never_an_error(string returnUrl, string expected)
    {
        using var browser = portal.CreateFormClient();

        using var response = await browser.Http.GetAsync($"/culture/set?culture=fr&returnUrl={Uri.EscapeDataString(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("evil", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_language_falls_back_to_English()
    {
        using var browser = portal.CreateFormClient();

        using var response = await browser.Http.GetAsync("/culture/set?culture=xx&returnUrl=%2F", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StaticFormClient.CultureCookie + "=c%3Den%7Cuic%3Den", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_home_page_comes_back_in_French_with_the_cookie_the_switch_set()
    {
        using var browser = portal.CreateFormClient();
        using var switched = await browser.Http.GetAsync("/culture/set?culture=fr&returnUrl=%2F", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        // The cookie jar now holds what the switch set; the browser's own language says English.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertPageLanguageAsync(response, "fr");
    }

    [Theory]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.5", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("en-GB,en;q=0.9", "en")]
    [InlineData("de-DE", "en")]
    public async Task Without_a_cookie_the_browser_language_decides(string acceptLanguage, string expected)
    {
        using var browser = portal.CreateFormClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertPageLanguageAsync(response, expected);
    }

    private static async Task AssertPageLanguageAsync(HttpResponseMessage response, string language)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"<html lang=\"{language}\"", html, StringComparison.Ordinal);
        Assert.Contains(HtmlEncoder.Default.Encode(UiStrings.Get("Home.Title", language)), html, StringComparison.Ordinal);
        Assert.Contains(HtmlEncoder.Default.Encode(UiStrings.Get("Account.SignIn", language)), html, StringComparison.Ordinal);
    }
}

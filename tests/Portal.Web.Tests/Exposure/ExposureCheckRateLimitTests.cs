using System.Globalization;
using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The per-network limit on the check's submissions: ASP.NET Core's rate limiter, 429, Retry-After, a localised page.</summary>
public sealed class ExposureCheckRateLimitTests : IAsyncLifetime
{
    // Its own host: the limit is per client network, and every test client is 127.0.0.1.
    private readonly PortalAppFactory app = new PortalAppFactory()
        .WithSetting("Exposure:Check:IpPermitLimit", "3")
        .WithSetting("Exposure:Check:IpWindowMinutes", "10");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Past_the_limit_submissions_get_429_with_retry_after_and_a_localised_page_while_reading_stays_free()
    {
        using var english = app.CreateFormClient("en");
        using var french = app.CreateFormClient("fr");

        // Three submissions of any of the check's forms pass: two addresses and one code.
        var first = await ExposureCheckHost.SubmitAddressAsync(english, ExposureCheckHost.NewAddress("limit-1"));
        var codePage = await english.GetAsync("check/code");
        var second = await ExposureCheckHost.SubmitAddressAsync(french, ExposureCheckHost.NewAddress("limit-2"));
        var code = await ExposureCheckHost.SubmitCodeAsync(english, "123456");
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, code.StatusCode));
        var emailsBefore = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.OutboxMessages));

        var rejectedEn = await ExposureCheckHost.SubmitAddressAsync(english, ExposureCheckHost.NewAddress("limit-3"));
        var rejectedFr = await ExposureCheckHost.SubmitAddressAsync(french, ExposureCheckHost.NewAddress("limit-4"));
        var rejectedCode = await ExposureCheckHost.SubmitCodeRawAsync(english, codePage, "654321");

        foreach (var rejected in new[] { rejectedEn, rejectedFr, rejectedCode })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            var retryAfter = int.Parse(rejected.Header("Retry-After")!, CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 600);
            Assert.StartsWith("text/html", rejected.Header("Content-Type"));
            Assert.Equal("no-store", rejected.Header("Cache-Control"));
        }

        var en = StaticFormClient.Parse(rejectedEn.Body);
        var fr = StaticFormClient.Parse(rejectedFr.Body);
        Assert.Equal("Too many attempts", en.QuerySelector("h1")!.TextContent.Trim());
        Assert.Matches(@"^Too many requests came from your network in a short time\. Please try again in (10|[1-9]) minute\(s\)\.$",
            en.QuerySelector("[data-testid='too-many-requests']")!.TextContent.Trim());
        Assert.Equal("Trop de tentatives", fr.QuerySelector("h1")!.TextContent.Trim());
        Assert.StartsWith("Trop de demandes sont venues de votre réseau en peu de temps. Veuillez réessayer dans ",
            fr.QuerySelector("[data-testid='too-many-requests']")!.TextContent.Trim());
        Assert.Equal("fr", fr.DocumentElement.GetAttribute("lang"));
        // The page is the site's: its layout, navigation and title.
        Assert.NotNull(en.QuerySelector("nav a[href='check']"));
        Assert.Equal("Too many attempts · Northwind Market Care", en.Title);
        // Nothing was started past the limit; the pages themselves can still be read.
        Assert.Equal(emailsBefore, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.OutboxMessages)));
        Assert.Equal(HttpStatusCode.OK, (await english.GetAsync("check")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await english.GetAsync("check/code")).StatusCode);
    }

    [Fact]
    public async Task Other_forms_of_the_portal_are_not_limited_by_the_check_policy()
    {
        using var client = app.CreateFormClient();
        for (var i = 0; i < 4; i++)
        {
            await ExposureCheckHost.SubmitAddressAsync(client, ExposureCheckHost.NewAddress("other-forms"));
        }

        var forgot = await client.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = "someone@example.org" });

        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
    }
}

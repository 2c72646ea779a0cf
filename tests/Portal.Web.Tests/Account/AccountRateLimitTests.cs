using System.Globalization;
using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Sign-in, registration and password reset are limited per client network: 429, Retry-After, a localised page.</summary>
public sealed class AccountRateLimitTests : IAsyncLifetime
{
    private const int Limit = 2;

    // Its own host: the limits are per client network, and every test client is 127.0.0.1.
    private readonly PortalAppFactory app = new PortalAppFactory()
        .WithSetting("AccountRateLimits:SignIn:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture))
        .WithSetting("AccountRateLimits:SignIn:WindowMinutes", "10")
        .WithSetting("AccountRateLimits:Registration:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture))
        .WithSetting("AccountRateLimits:Registration:WindowMinutes", "10")
        .WithSetting("AccountRateLimits:PasswordReset:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture))
        .WithSetting("AccountRateLimits:PasswordReset:WindowMinutes", "10");

    // One form of each policy; ResendEmailConfirmation and the reset page share theirs (see the next test).
    private static readonly (string Path, string Form)[] OneFormPerPolicy =
    [
        ("Account/Login", "login"),
        ("Account/Register", "register"),
        ("Account/ForgotPassword", "forgot-password"),
    ];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Past_the_limit_each_account_form_answers_429_with_retry_after_while_its_page_stays_readable()
    {
        foreach (var (path, form) in OneFormPerPolicy)
        {
            using var client = app.CreateFormClient("fr");
            for (var i = 0; i < Limit; i++)
            {
                var allowed = await SubmitAsync(client, path, form, i);
                Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
            }

            var rejected = await SubmitAsync(client, path, form, Limit);

            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            Assert.InRange(int.Parse(rejected.Headers["Retry-After"], CultureInfo.InvariantCulture), 1, 600);
            Assert.Equal("Trop de tentatives", rejected.Document.QuerySelector("h1")!.TextContent.Trim());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task Forms_sharing_a_policy_share_its_count_and_other_policies_keep_their_own()
    {
        using var client = app.CreateFormClient();
        var resend = await SubmitAsync(client, "Account/ResendEmailConfirmation", "resend-email-confirmation", 0);
        var register = await SubmitAsync(client, "Account/Register", "register", 1);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, resend.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);

        var third = await SubmitAsync(client, "Account/ResendEmailConfirmation", "resend-email-confirmation", 2);
        var forgot = await SubmitAsync(client, "Account/ForgotPassword", "forgot-password", 3);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
    }

    private static Task<PageResult> SubmitAsync(StaticFormClient client, string path, string form, int attempt)
    {
        var email = $"limit-{attempt}-{Guid.NewGuid():N}@example.org";
        var fields = form switch
        {
            "login" => new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Wrong-Password-1234" },
            "register" => new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "Rate Limited",
                ["Input.Email"] = email,
                ["Input.Password"] = "Correct-Horse-Battery-42",
                ["Input.ConfirmPassword"] = "Correct-Horse-Battery-42",
            },
            _ => new Dictionary<string, string> { ["Input.Email"] = email },
        };
        return client.PostFormAsync(path, form, fields);
    }
}

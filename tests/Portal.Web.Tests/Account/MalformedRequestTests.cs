using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Damaged links and out-of-order visits get a page or a redirect, never a server error.</summary>
public sealed class MalformedRequestTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("en", "This confirmation link is invalid or has expired.")]
    [InlineData("fr", "Ce lien de confirmation n'est pas valide ou a expiré.")]
    public async Task A_damaged_confirmation_link_says_so(string culture, string message)
    {
        var email = TestAccounts.NewEmail("confirm");
        var user = await TestAccounts.CreateAsync(app, email, confirmed: false);
        using var client = app.CreateFormClient(culture);

        var garbled = await client.GetAsync($"Account/ConfirmEmail?userId={user.Id}&code=%25%25not-base64!");
        var wrongToken = await client.GetAsync($"Account/ConfirmEmail?userId={user.Id}&code=d3Jvbmc");
        var unknownUser = await client.GetAsync("Account/ConfirmEmail?userId=nobody&code=d3Jvbmc");

        Assert.All(new[] { garbled, wrongToken, unknownUser }, page =>
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.StartsWith(message, page.AlertText);
        });
        Assert.False((await TestAccounts.FindAsync(app, email)).EmailConfirmed);
    }

    [Theory]
    [InlineData("Account/ResetPassword?code=%25%25%25", "/Account/InvalidPasswordReset")]
    [InlineData("Account/ResetPassword", "/Account/InvalidPasswordReset")]
    [InlineData("Account/ConfirmEmailChange?userId=x&email=a%40b.c&code=!!", "/Account/Login")]
    [InlineData("Account/LoginWith2fa", "/Account/Login")]
    [InlineData("Account/LoginWithRecoveryCode", "/Account/Login")]
    [InlineData("Account/RegisterConfirmation", "/")]
    public async Task Pages_reached_without_what_they_need_redirect(string path, string target)
    {
        using var client = app.CreateFormClient();

        var page = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(target, page.RedirectPath);
    }

    [Theory]
    [InlineData("Account/Manage/Disable2fa")]
    [InlineData("Account/Manage/GenerateRecoveryCodes")]
    public async Task Two_factor_pages_without_two_factor_redirect_with_a_message(string path)
    {
        var email = TestAccounts.NewEmail("no2fa");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient("fr");
        await TestAccounts.SignInOrFailAsync(client, email);

        var page = await client.GetAsync(path);
        var next = await client.GetAsync(page.RedirectPath!.TrimStart('/'));

        Assert.Equal("/Account/Manage/TwoFactorAuthentication", page.RedirectPath);
        Assert.Equal("L'authentification à deux facteurs n'est pas activée pour ce compte.", next.AlertText);
    }

    [Fact]
    public async Task A_reset_form_with_a_wrong_token_shows_the_localised_identity_error()
    {
        var email = TestAccounts.NewEmail("reset");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient("fr");

        var result = await client.PostFormAsync("Account/ResetPassword?code=d3Jvbmc", "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "a brand new password",
            ["Input.ConfirmPassword"] = "a brand new password",
        });

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("Ce lien ou ce code n'est pas valide ou a expiré.", result.AlertText);
    }

    [Fact]
    public async Task Posting_to_an_unknown_external_provider_goes_back_to_sign_in()
    {
        using var client = app.CreateFormClient();
        var login = await client.GetAsync("Account/Login");
        var token = login.Document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await client.Http.PostAsync("Account/PerformExternalLogin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = "NoSuchProvider",
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.OriginalString);
    }
}

using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class LoginTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_successful_sign_in_goes_back_to_the_return_url_and_records_the_time()
    {
        var email = TestAccounts.NewEmail("login");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var result = await TestAccounts.SignInAsync(client, email, returnUrl: "/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Equal("/Account/Manage", result.RedirectPath);
        var user = await TestAccounts.FindAsync(app, email);
        Assert.NotNull(user.LastSignInAt);
        Assert.InRange(user.LastSignInAt.Value, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Account/Manage")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example/steal")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_to_another_site_leads_home_instead(string returnUrl)
    {
        var email = TestAccounts.NewEmail("redirect");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient();

        var result = await TestAccounts.SignInAsync(client, email, returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.Equal("/", result.RedirectPath);
    }

    [Theory]
    [InlineData("en", "Sign-in failed: the email address or the password is not correct.", "Account temporarily locked", "locked for 15 minutes")]
    [InlineData("fr", "Échec de la connexion : l'adresse e-mail ou le mot de passe est incorrect.", "Compte temporairement verrouillé", "verrouillé pendant 15 minutes")]
    public async Task Five_wrong_passwords_lock_the_account_and_show_the_localised_lockout_page(string culture, string failed, string lockedTitle, string lockedText)
    {
        var email = TestAccounts.NewEmail("lockout");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient(culture);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await TestAccounts.SignInAsync(client, email, "wrong password number " + attempt);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(failed, wrong.AlertText);
        }

        var fifth = await TestAccounts.SignInAsync(client, email, "wrong password number 5");
        var withRightPassword = await TestAccounts.SignInAsync(client, email);
        var lockoutPage = await client.GetAsync("Account/Lockout");

        Assert.Equal("/Account/Lockout", fifth.RedirectPath);
        Assert.Equal("/Account/Lockout", withRightPassword.RedirectPath);
        Assert.Equal(lockedTitle, lockoutPage.Document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(lockedText, lockoutPage.AlertText);
    }

    [Fact]
    public async Task An_unconfirmed_account_is_asked_to_confirm_its_email_first()
    {
        var email = TestAccounts.NewEmail("unconfirmed");
        await TestAccounts.CreateAsync(app, email, confirmed: false);
        using var client = app.CreateFormClient();

        var result = await TestAccounts.SignInAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("Please confirm your email address first", result.AlertText);
    }

    [Theory]
    [InlineData("en", "not an email", "Enter an email address in the form name@example.com.")]
    [InlineData("fr", "", "Saisissez votre adresse e-mail.")]
    public async Task Bad_input_on_the_sign_in_form_gets_a_localised_message(string culture, string email, string message)
    {
        using var client = app.CreateFormClient(culture);

        var result = await TestAccounts.SignInAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal(message, result.FieldError("Input.Email"));
    }

    [Fact]
    public async Task Signing_out_never_redirects_to_another_site()
    {
        var email = TestAccounts.NewEmail("logout");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);

        var result = await client.PostActionFormAsync("Account/Manage", "Account/Logout",
            new Dictionary<string, string> { ["ReturnUrl"] = "//evil.example/x" });

        // A path on this site, whatever the posted value looked like.
        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        Assert.False(result.Location!.IsAbsoluteUri);
        Assert.Equal("/evil.example/x", result.RedirectPath);
        Assert.StartsWith("/Account/Login", (await client.GetAsync("Account/Manage")).RedirectPath);
    }
}

using System.Net;
using Portal.Core.Identity;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Staff are sent to enrol an authenticator before /admin, and come back to it afterwards.</summary>
public sealed class TwoFactorEnrolmentTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string EnrolPath = "Account/Manage/EnableAuthenticator?returnUrl=%2Fadmin";

    [Fact]
    public async Task Staff_without_two_factor_are_sent_to_enrol_then_reach_admin()
    {
        var email = TestAccounts.NewEmail("agent");
        await TestAccounts.CreateAsync(app, email, PortalRoles.Agent);
        using var client = app.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);

        // The authorisation middleware refuses first; the access-denied page sends staff who lack only the
        // second factor on to enrolment.
        var admin = await client.GetAsync("admin");
        Assert.Equal("/Account/AccessDenied?ReturnUrl=%2Fadmin", admin.RedirectPath);
        var denied = await client.GetAsync(admin.RedirectPath!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/" + EnrolPath, denied.RedirectPath);

        var enrol = await client.GetAsync(EnrolPath);
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var qr = enrol.Document.QuerySelector("img.portal-qr")!;
        Assert.False(string.IsNullOrWhiteSpace(qr.GetAttribute("alt")));
        var png = Convert.FromBase64String(qr.GetAttribute("src")!["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var key = enrol.Document.QuerySelector("[data-testid='authenticator-key']")!.TextContent.Trim();

        var codes = await client.PostFormAsync(enrol, EnrolPath, "send-code",
            new Dictionary<string, string> { ["Input.Code"] = TestAccounts.TotpCode(key) });

        Assert.Equal(HttpStatusCode.OK, codes.StatusCode);
        Assert.Equal(10, codes.Document.QuerySelectorAll("[data-testid='recovery-codes'] li").Length);
        Assert.Equal("/admin", codes.Document.QuerySelector("[data-testid='continue']")?.GetAttribute("href"));
        Assert.True((await TestAccounts.FindAsync(app, email)).TwoFactorEnabled);
        // The refreshed cookie carries the two-factor claim, so the staff policy now lets the agent in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin")).StatusCode);
    }

    [Theory]
    [InlineData("en", "This verification code is not correct.")]
    [InlineData("fr", "Ce code de vérification est incorrect.")]
    public async Task A_wrong_code_is_refused_with_a_localised_message(string culture, string message)
    {
        var email = TestAccounts.NewEmail("wrong-code");
        await TestAccounts.CreateAsync(app, email, PortalRoles.Admin);
        using var client = app.CreateFormClient(culture);
        await TestAccounts.SignInOrFailAsync(client, email);
        var enrol = await client.GetAsync(EnrolPath);
        var key = enrol.Document.QuerySelector("[data-testid='authenticator-key']")!.TextContent.Trim();
        var wrong = ((int.Parse(TestAccounts.TotpCode(key), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var result = await client.PostFormAsync(enrol, EnrolPath, "send-code", new Dictionary<string, string> { ["Input.Code"] = wrong });

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.StartsWith(message, result.AlertText);
        Assert.False((await TestAccounts.FindAsync(app, email)).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("admin")).StatusCode);
    }

    [Fact]
    public async Task The_authenticator_entry_is_issued_in_the_portal_name()
    {
        await using var branded = new PortalAppFactory().WithSetting("Branding:PortalName", "Care & Co Portal");
        var email = TestAccounts.NewEmail("issuer");
        await TestAccounts.CreateAsync(branded, email);
        using var client = branded.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);

        var enrol = await client.GetAsync("Account/Manage/EnableAuthenticator");

        var key = enrol.Document.QuerySelector("[data-testid='authenticator-key']")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var link = enrol.Document.QuerySelector("[data-testid='authenticator-link']")!.GetAttribute("href");
        Assert.Equal($"otpauth://totp/Care%20%26%20Co%20Portal:{email}?secret={key}&issuer=Care%20%26%20Co%20Portal&digits=6", link);
    }

    [Fact]
    public async Task Continue_never_leads_to_another_site()
    {
        var email = TestAccounts.NewEmail("continue");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);
        const string path = "Account/Manage/EnableAuthenticator?returnUrl=%2F%2Fevil.example";
        var enrol = await client.GetAsync(path);
        var key = enrol.Document.QuerySelector("[data-testid='authenticator-key']")!.TextContent.Trim();

        var codes = await client.PostFormAsync(enrol, path, "send-code", new Dictionary<string, string> { ["Input.Code"] = TestAccounts.TotpCode(key) });

        Assert.Equal("Account/Manage/TwoFactorAuthentication", codes.Document.QuerySelector("[data-testid='continue']")?.GetAttribute("href"));
    }
}

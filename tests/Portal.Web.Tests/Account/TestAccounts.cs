using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Core.Identity;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Accounts made through the app's own UserManager, and sign-in through the real form.</summary>
internal static class TestAccounts
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static Task<ApplicationUser> CreateAsync(
        PortalAppFactory app, string email, string role = PortalRoles.Customer, bool confirmed = true, string language = "en") =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = confirmed,
                DisplayName = "Test Person",
                PreferredLanguage = language,
                CreatedAt = DateTime.UtcNow,
            };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            return user;
        });

    public static Task<ApplicationUser> FindAsync(PortalAppFactory app, string email) =>
        app.WithScopeAsync(async services =>
            await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No account {email}."));

    /// <summary>Posts the sign-in form; the response is the redirect (or the page with its message).</summary>
    public static Task<PageResult> SignInAsync(StaticFormClient client, string email, string password = Password, string? returnUrl = null) =>
        client.PostFormAsync(
            returnUrl is null ? "Account/Login" : $"Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task SignInOrFailAsync(StaticFormClient client, string email)
    {
        var result = await SignInAsync(client, email);
        if (result.StatusCode != HttpStatusCode.Redirect || result.RedirectPath!.Contains("Account/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)result.StatusCode} {result.RedirectPath} {result.AlertText}");
        }
    }

    /// <summary>The current code for a key as shown on the page ("abcd efgh …"), computed independently of Identity.</summary>
    public static string TotpCode(string displayedKey) =>
        new Totp(Base32Encoding.ToBytes(displayedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp();

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The JSON a signed-in customer gets from Manage → Personal data → Download.</summary>
    public static async Task<JsonDocument> DownloadPersonalDataAsync(StaticFormClient client)
    {
        var page = await client.GetAsync("Account/Manage/PersonalData");
        var token = page.Document.QuerySelector("form[action='Account/Manage/DownloadPersonalData'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var download = await client.Http.PostAsync("Account/Manage/DownloadPersonalData",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        return JsonDocument.Parse(await download.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Core.Identity;

namespace Portal.Web.Tests.Hosting;

/// <summary>Creates accounts in the running portal and signs in through its real forms (antiforgery, cookies, TOTP).</summary>
internal static class FormSignIn
{
    public const string Password = "Test-Password-2026";

    /// <summary>Creates a confirmed account in <paramref name="role"/>; for staff, with an authenticator enrolled. Returns its key.</summary>
    public static async Task<string?> CreateAccountAsync(IServiceProvider services, string email, string role, bool withAuthenticator)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = role + " Tester",
            PreferredLanguage = "en",
            CreatedAt = DateTime.UtcNow,
        };
        Succeeded(await users.CreateAsync(user, Password));
        Succeeded(await users.AddToRoleAsync(user, role));
        if (!withAuthenticator)
        {
            return null;
        }

        Succeeded(await users.ResetAuthenticatorKeyAsync(user));
        Succeeded(await users.SetTwoFactorEnabledAsync(user, true));
        return await users.GetAuthenticatorKeyAsync(user);
    }

    /// <summary>Signs in with the password form, then the authenticator form when a key is given; returns the final redirect.</summary>
    public static async Task<Uri> SignInAsync(HttpClient client, string email, string? authenticatorKey, string returnUrl)
    {
        var login = await SubmitFormAsync(client, $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        if (authenticatorKey is null)
        {
            return login.Headers.Location!;
        }

        Assert.Contains("LoginWith2fa", login.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var code = new Totp(Base32Encoding.ToBytes(authenticatorKey)).ComputeTotp();
        var twoFactor = await SubmitFormAsync(client, login.Headers.Location.OriginalString, "login-with-2fa", new()
        {
            ["Input.TwoFactorCode"] = code,
        });
        Assert.Equal(HttpStatusCode.Redirect, twoFactor.StatusCode);
        return twoFactor.Headers.Location!;
    }

    /// <summary>Loads a page, fills its form (keeping the hidden fields: antiforgery token, handler) and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(url);
        var document = await new HtmlParser().ParseDocumentAsync(html);
        var form = document.Forms.Single(f => f.QuerySelector($"input[name='_handler'][value='{handler}']") is not null);
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type='hidden']")
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .GroupBy(input => input.Name!)
            .ToDictionary(group => group.Key, group => group.First().Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : url;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private static void Succeeded(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}

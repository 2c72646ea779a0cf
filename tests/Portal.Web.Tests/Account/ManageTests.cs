using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Identity;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class ManageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_profile_saves_name_and_language_then_switches_the_interface_language()
    {
        var (client, email) = await SignedInAsync("profile");
        using var _ = client;

        var saved = await client.PostFormAsync("Account/Manage", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "  Grace   Hopper ",
            ["Input.PreferredLanguage"] = "fr",
        });

        Assert.Equal("/culture/set?culture=fr&returnUrl=%2FAccount%2FManage", saved.RedirectPath);
        var switched = await client.GetAsync(saved.RedirectPath!.TrimStart('/'));
        var page = await client.GetAsync(switched.RedirectPath!.TrimStart('/'));
        Assert.Equal("Votre profil a été enregistré.", page.Document.QuerySelector("[data-testid='status-message']")?.TextContent.Trim());
        var user = await TestAccounts.FindAsync(app, email);
        Assert.Equal("Grace Hopper", user.DisplayName);
        Assert.Equal("fr", user.PreferredLanguage);
    }

    public static TheoryData<string, string, string, string> BadProfiles => new()
    {
        { "", "en", "Input.DisplayName", "Enter your name." },
        { new string('n', ApplicationUser.DisplayNameMaxLength + 1), "en", "Input.DisplayName", "Your name can be at most 100 characters long." },
        { "Grace", "de", "Input.PreferredLanguage", "Choose English or French." },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task The_profile_refuses_bad_input_with_a_message(string name, string language, string field, string message)
    {
        var (client, email) = await SignedInAsync("profile-bad");
        using var _ = client;
        var page = await client.PostFormAsync("Account/Manage", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.PreferredLanguage"] = language,
        });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(message, page.FieldError(field));
        Assert.Equal("Test Person", (await TestAccounts.FindAsync(app, email)).DisplayName);
    }

    [Theory]
    [InlineData("en", "The password is incorrect.")]
    [InlineData("fr", "Le mot de passe est incorrect.")]
    public async Task A_wrong_current_password_is_reported_on_its_field(string culture, string message)
    {
        var (client, _) = await SignedInAsync("change", culture);
        using var __ = client;

        var page = await client.PostFormAsync("Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "not my password at all",
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(message, page.FieldError("Input.OldPassword"));
    }

    [Fact]
    public async Task Personal_data_can_be_downloaded_and_the_account_deleted()
    {
        var (client, email) = await SignedInAsync("gdpr");
        using var _ = client;
        using var data = await TestAccounts.DownloadPersonalDataAsync(client);
        Assert.Equal(email, data.RootElement.GetProperty("Email").GetString());
        Assert.Equal("Test Person", data.RootElement.GetProperty("DisplayName").GetString());
        Assert.Equal(0, data.RootElement.GetProperty("Reports").GetArrayLength());

        var wrong = await client.PostFormAsync("Account/Manage/DeletePersonalData", "delete-user",
            new Dictionary<string, string> { ["Input.Password"] = "wrong password here" });
        Assert.Equal("The password is not correct.", wrong.Document.QuerySelector("[data-testid='status-message']")?.TextContent.Trim());

        var deleted = await client.PostFormAsync("Account/Manage/DeletePersonalData", "delete-user",
            new Dictionary<string, string> { ["Input.Password"] = TestAccounts.Password });
        Assert.Equal("/Account/Login", deleted.RedirectPath);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    private async Task<(StaticFormClient Client, string Email)> SignedInAsync(string prefix, string culture = "en")
    {
        var email = TestAccounts.NewEmail(prefix);
        await TestAccounts.CreateAsync(app, email);
        var client = app.CreateFormClient(culture);
        await TestAccounts.SignInOrFailAsync(client, email);
        return (client, email);
    }
}

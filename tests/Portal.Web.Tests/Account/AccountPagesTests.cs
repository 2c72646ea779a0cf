using System.Net;
using AngleSharp.Dom;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Every account page renders in both languages with one h1, a titled tab and a label for each input.</summary>
public sealed class AccountPagesTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string> AnonymousPages => new(
        "Account/Login", "Account/Register", "Account/ForgotPassword", "Account/ForgotPasswordConfirmation",
        "Account/ResendEmailConfirmation", "Account/ResetPassword?code=YWJj", "Account/ResetPasswordConfirmation",
        "Account/InvalidPasswordReset", "Account/InvalidUser", "Account/Lockout", "Account/AccessDenied",
        "Account/RegisterConfirmation?email=someone%40example.com");

    public static TheoryData<string> ManagePages => new(
        "Account/Manage", "Account/Manage/Email", "Account/Manage/ChangePassword", "Account/Manage/TwoFactorAuthentication",
        "Account/Manage/EnableAuthenticator", "Account/Manage/ResetAuthenticator", "Account/Manage/Passkeys",
        "Account/Manage/PersonalData", "Account/Manage/DeletePersonalData");

    [Theory]
    [MemberData(nameof(AnonymousPages))]
    public async Task Anonymous_pages_render_in_english_and_french(string path)
    {
        using var english = app.CreateFormClient("en");
        using var french = app.CreateFormClient("fr");

        var en = await english.GetAsync(path);
        var fr = await french.GetAsync(path);

        AssertWellFormed(en, "en");
        AssertWellFormed(fr, "fr");
        Assert.NotEqual(Heading(en), Heading(fr));
    }

    [Theory]
    [MemberData(nameof(ManagePages))]
    public async Task Manage_pages_render_in_english_and_french_for_a_signed_in_customer(string path)
    {
        var email = TestAccounts.NewEmail("manage");
        await TestAccounts.CreateAsync(app, email);
        using var client = app.CreateFormClient("en");
        await TestAccounts.SignInOrFailAsync(client, email);

        var en = await client.GetAsync(path);
        client.SetCulture("fr");
        var fr = await client.GetAsync(path);

        AssertWellFormed(en, "en");
        AssertWellFormed(fr, "fr");
        Assert.Single(en.Document.QuerySelectorAll("main h2"));
        Assert.NotEqual(en.Document.QuerySelector("main h2")!.TextContent, fr.Document.QuerySelector("main h2")!.TextContent);
        Assert.NotNull(en.Document.QuerySelector("nav.portal-manage-nav[aria-label]"));
    }

    [Fact]
    public async Task Manage_pages_need_a_signed_in_user()
    {
        using var client = app.CreateFormClient();

        var page = await client.GetAsync("Account/Manage/Email");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.RedirectPath);
    }

    private static void AssertWellFormed(PageResult page, string language)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(language, page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Single(page.Document.QuerySelectorAll("h1"));
        Assert.Contains("Northwind Market Care", page.Document.Title);
        Assert.All(
            page.Document.QuerySelectorAll("main input:not([type='hidden']), main select"),
            input => Assert.True(HasLabel(page.Document, input), $"no label for {input.OuterHtml}"));
    }

    private static bool HasLabel(IDocument document, IElement input) =>
        !string.IsNullOrEmpty(input.Id) && document.QuerySelector($"label[for='{input.Id}']") is { TextContent.Length: > 0 };

    private static string Heading(PageResult page) => page.Document.QuerySelector("h1")!.TextContent.Trim();
}

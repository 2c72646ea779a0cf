using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Branding;
using Portal.Core.Email;
using Portal.Core.Email.Templates;

namespace Portal.Core.Tests.Email;

public sealed partial class EmailComposerTests : IAsyncDisposable
{
    // Shaped like Identity's links: several query parameters, so '&' must be encoded in HTML and bare in text.
    private const string Link = "https://portal.example/Account/ConfirmEmail?userId=8f1c&code=Q2ZESjh+/x_y=&returnUrl=%2F";
    private const string LinkInHtml = "https://portal.example/Account/ConfirmEmail?userId=8f1c&amp;code=Q2ZESjh&#x2B;/x_y=&amp;returnUrl=%2F";

    private readonly ServiceProvider services = new ServiceCollection()
        .AddLogging()
        .AddLocalization()
        .Configure<BrandingOptions>(b =>
        {
            b.PortalName = "Northwind Market Care";
            b.CompanyName = "Northwind Market Ltd";
            b.ContactEmail = "privacy@northwind-market.example";
            b.PublicBaseUrl = "https://care.northwind-market.example";
        })
        .AddSingleton<EmailComposer>()
        .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

    private EmailComposer Composer => services.GetRequiredService<EmailComposer>();

    public static TheoryData<string, string, string, string> Templates => new()
    {
        // template, culture, expected subject, a sentence of the body
        { nameof(AccountConfirmEmail), "en", "Confirm your email address for Northwind Market Care", "Please confirm that this email address is yours" },
        { nameof(AccountConfirmEmail), "fr", "Confirmez votre adresse e-mail pour Northwind Market Care", "Merci de confirmer que cette adresse e-mail est bien la vôtre" },
        { nameof(AccountPasswordReset), "en", "Reset your Northwind Market Care password", "To choose a new password, use the link below." },
        { nameof(AccountPasswordReset), "fr", "Réinitialisez votre mot de passe Northwind Market Care", "Pour choisir un nouveau mot de passe, utilisez le lien ci-dessous." },
        { nameof(AccountSetPassword), "en", "Set your password for Northwind Market Care", "An account has been created for you on Northwind Market Care." },
        { nameof(AccountSetPassword), "fr", "Définissez votre mot de passe pour Northwind Market Care", "Un compte a été créé pour vous sur Northwind Market Care." },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Link_templates_render_subject_body_and_link_in_the_requested_language(string template, string culture, string subject, string sentence)
    {
        var email = await ComposeLinkTemplate(template, culture, "Camille Martin");

        Assert.Equal(culture, email.Culture);
        Assert.Equal(subject, email.Subject);
        Assert.Contains(sentence, email.HtmlBody);
        Assert.Contains(sentence, email.TextBody);
        Assert.Contains($"href=\"{LinkInHtml}\"", email.HtmlBody);
        Assert.Contains($"\n{Link}\n", email.TextBody);
        Assert.Contains($"<html lang=\"{culture}\">", email.HtmlBody);
        Assert.Contains($"<title>{subject}</title>", email.HtmlBody);
        AssertPlainText(email.TextBody);
        AssertBranded(email, culture);
    }

    [Theory]
    [InlineData("en", "Your Northwind Market Care password reset code", "Hello Camille Martin,", "enter this code on the portal:")]
    [InlineData("fr", "Votre code de réinitialisation du mot de passe Northwind Market Care", "Bonjour Camille Martin,", "saisissez ce code sur le portail :")]
    public async Task Reset_code_template_shows_the_code_in_both_parts(string culture, string subject, string greeting, string sentence)
    {
        var email = await Composer.ComposeAsync<AccountPasswordResetCode>(culture, new Dictionary<string, object?>
        {
            [nameof(AccountPasswordResetCode.Code)] = "CfDJ8&42",
            [nameof(EmailTemplateBase.RecipientName)] = "Camille Martin",
        });

        Assert.Equal("account.reset-code", email.Kind);
        Assert.Equal(subject, email.Subject);
        Assert.Contains(greeting, email.HtmlBody);
        Assert.StartsWith($"Northwind Market Care\n\n{greeting}\n\n", email.TextBody);
        Assert.Contains(sentence, email.TextBody);
        Assert.Contains(">CfDJ8&amp;42</p>", email.HtmlBody);
        Assert.Contains("\n\nCfDJ8&42\n\n", email.TextBody);
        AssertPlainText(email.TextBody);
        AssertBranded(email, culture);
    }

    [Fact]
    public async Task Text_part_is_laid_out_in_paragraphs_with_the_link_on_its_own_line()
    {
        var email = await ComposeLinkTemplate(nameof(AccountConfirmEmail), "en", null);

        Assert.Equal(
            $"""
            Northwind Market Care

            Hello,

            Please confirm that this email address is yours, so that we can use it for your account.

            Confirm my email address
            {Link}

            If you did not ask for this, you can ignore this email: nothing will change.

            -- 
            We will never ask for your password by email.
            Questions? Write to privacy@northwind-market.example.
            Our portal's address, to type into your browser yourself: https://care.northwind-market.example
            This message was sent by Northwind Market Ltd.

            """.ReplaceLineEndings("\n"),
            email.TextBody);
    }

    [Fact]
    public async Task Hostile_display_name_is_encoded_in_html_and_kept_verbatim_in_text()
    {
        const string hostile = "<script>alert('x')</script> & <b>Eve</b>";
        var email = await ComposeLinkTemplate(nameof(AccountPasswordReset), "en", hostile);

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", email.HtmlBody);
        Assert.Contains("Hello &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;Eve&lt;/b&gt;,", email.HtmlBody);
        // Plain text has no markup to inject into: the name is shown exactly as the user typed it.
        Assert.Contains($"Hello {hostile},", email.TextBody);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/Account/ConfirmEmail?code=1")]
    public async Task A_link_that_is_not_an_absolute_web_address_is_refused(string link)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Composer.ComposeAsync<AccountConfirmEmail>("en", new Dictionary<string, object?>
        {
            [nameof(AccountConfirmEmail.Link)] = link,
        }));
    }

    [Fact]
    public async Task Rendering_in_french_leaves_the_callers_culture_unchanged()
    {
        var before = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);

        var french = await ComposeLinkTemplate(nameof(AccountConfirmEmail), "fr", null);
        var english = await ComposeLinkTemplate(nameof(AccountConfirmEmail), "en", null);

        Assert.Equal(before, (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture));
        Assert.StartsWith("Confirmez", french.Subject);
        Assert.StartsWith("Confirm your", english.Subject);
    }

    private Task<ComposedEmail> ComposeLinkTemplate(string template, string culture, string? recipientName)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["Link"] = Link,
            [nameof(EmailTemplateBase.RecipientName)] = recipientName,
        };
        return template switch
        {
            nameof(AccountConfirmEmail) => Composer.ComposeAsync<AccountConfirmEmail>(culture, parameters),
            nameof(AccountPasswordReset) => Composer.ComposeAsync<AccountPasswordReset>(culture, parameters),
            nameof(AccountSetPassword) => Composer.ComposeAsync<AccountSetPassword>(culture, parameters),
            _ => throw new ArgumentOutOfRangeException(nameof(template), template, null),
        };
    }

    private static void AssertPlainText(string text)
    {
        Assert.DoesNotMatch(MarkupTag(), text);
        Assert.DoesNotMatch(HtmlEntity(), text);
        Assert.DoesNotContain("\r", text);
        Assert.DoesNotContain("\n\n\n", text);
    }

    private static void AssertBranded(ComposedEmail email, string culture)
    {
        var neverAsk = culture == "fr"
            ? "Nous ne vous demanderons jamais votre mot de passe par e-mail."
            : "We will never ask for your password by email.";
        foreach (var body in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains(neverAsk, body);
            Assert.Contains("Northwind Market Care", body);
            Assert.Contains("Northwind Market Ltd", body);
            Assert.Contains("privacy@northwind-market.example", body);
            Assert.Contains("https://care.northwind-market.example", body);
        }

        // The portal's own address is written out, never offered as something to click.
        Assert.DoesNotContain("href=\"https://care.northwind-market.example", email.HtmlBody);
    }

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z!]")]
    private static partial Regex MarkupTag();

    [GeneratedRegex(@"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")]
    private static partial Regex HtmlEntity();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Branding;
using Portal.Core.Email;
using Portal.Core.Email.Templates;

namespace Portal.Core.Tests.Email;

public sealed class ExposureCheckCodeEmailTests : IAsyncDisposable
{
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

    [Theory]
    [InlineData("en", "Your Northwind Market Care check code", "The code works for 15 minutes, once.",
        "This email has no link to click, and Northwind Market Care will never ask for your password")]
    [InlineData("fr", "Votre code de vérification Northwind Market Care", "Le code est valable 15 minutes, une seule fois.",
        "Cet e-mail ne contient aucun lien à cliquer, et Northwind Market Care ne vous demandera jamais votre mot de passe")]
    public async Task The_code_email_has_the_code_its_validity_and_no_link(string culture, string subject, string validity, string noLink)
    {
        var email = await services.GetRequiredService<EmailComposer>().ComposeAsync<ExposureCheckCode>(culture, new Dictionary<string, object?>
        {
            [nameof(ExposureCheckCode.Code)] = "042917",
            [nameof(ExposureCheckCode.ValidMinutes)] = 15,
        });

        Assert.Equal(("exposure.check-code", culture, subject), (email.Kind, email.Culture, email.Subject));
        Assert.Contains("\n\n042917\n\n", email.TextBody);
        Assert.Contains(">042917</p>", email.HtmlBody);
        foreach (var body in new[] { email.TextBody, email.HtmlBody })
        {
            Assert.Contains(validity, body);
            Assert.Contains(noLink, body);
            // The portal's address is there to be typed, never to be clicked.
            Assert.Contains("https://care.northwind-market.example", body);
        }

        Assert.DoesNotContain("<a ", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

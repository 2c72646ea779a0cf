using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The forms that take an address answer the same whether or not it has an account.</summary>
public sealed class NoEnumerationTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Forgot_password_answers_the_same_for_known_and_unknown_addresses()
    {
        var known = TestAccounts.NewEmail("forgot-known");
        await TestAccounts.CreateAsync(app, known);
        var unknown = TestAccounts.NewEmail("forgot-unknown");
        using var client = app.CreateFormClient();

        var forKnown = await PostForgotPasswordAsync(client, known);
        var forUnknown = await PostForgotPasswordAsync(client, unknown);

        Assert.Equal(HttpStatusCode.Redirect, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal("/Account/ForgotPasswordConfirmation", forKnown.RedirectPath);
        Assert.Equal(forKnown.RedirectPath, forUnknown.RedirectPath);
        // Only the real owner gets mail.
        Assert.Equal("account.reset", await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Recipient == known).Select(m => m.Kind).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Recipient == unknown)));
    }

    [Fact]
    public async Task Resending_the_confirmation_answers_the_same_for_unknown_unconfirmed_and_confirmed_addresses()
    {
        var unconfirmed = TestAccounts.NewEmail("resend-unconfirmed");
        await TestAccounts.CreateAsync(app, unconfirmed, confirmed: false);
        var confirmed = TestAccounts.NewEmail("resend-confirmed");
        await TestAccounts.CreateAsync(app, confirmed);
        var unknown = TestAccounts.NewEmail("resend-unknown");
        using var client = app.CreateFormClient("fr");

        var answers = new List<PageResult>();
        foreach (var email in new[] { unconfirmed, confirmed, unknown })
        {
            answers.Add(await client.PostFormAsync("Account/ResendEmailConfirmation", "resend-email-confirmation",
                new Dictionary<string, string> { ["Input.Email"] = email }));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var texts = answers.Select(a => a.Document.QuerySelector("[data-testid='status-message']")?.TextContent.Trim()).ToList();
        Assert.All(texts, t => Assert.Equal("Si cette adresse correspond à un compte en attente de confirmation, un nouvel e-mail de confirmation vous a été envoyé. Consultez votre boîte de réception.", t));
        Assert.Equal("account.confirm", await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Recipient == unconfirmed).Select(m => m.Kind).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Recipient == confirmed || m.Recipient == unknown)));
    }

    [Theory]
    [InlineData("en", "Enter an email address in the form name@example.com.")]
    [InlineData("fr", "Saisissez une adresse e-mail de la forme nom@exemple.fr.")]
    public async Task Forgot_password_with_a_malformed_address_gets_a_localised_message(string culture, string message)
    {
        using var client = app.CreateFormClient(culture);

        var result = await PostForgotPasswordAsync(client, "nobody at example.com");

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal(message, result.FieldError("Input.Email"));
    }

    private static Task<PageResult> PostForgotPasswordAsync(StaticFormClient client, string email) =>
        client.PostFormAsync("Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
}

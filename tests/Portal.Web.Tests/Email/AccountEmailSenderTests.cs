using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Web.Components.Account;
using Portal.Web.Features.Setup;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Email;

/// <summary>The portal's real services and SQLite file: what Identity's pages put into the outbox.</summary>
public sealed class AccountEmailSenderTests : IAsyncLifetime
{
    private const string Link = "http://127.0.0.1/Account/ConfirmEmail?userId=42&code=Q2ZE&returnUrl=%2F";

    private readonly KestrelPortalFactory factory = new();

    public ValueTask InitializeAsync()
    {
        factory.StartServer();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Confirmation_goes_to_the_outbox_in_the_users_language_with_the_link_decoded_once()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await CreateUserAsync(scope.ServiceProvider, "zoe@example.org", "Zoé", "fr");
            // Identity's pages pass the link HTML-encoded, as IEmailSender<TUser> documents.
            await scope.ServiceProvider.GetRequiredService<IAccountEmailSender>()
                .SendConfirmationLinkAsync(user, "zoe@example.org", HtmlEncoder.Default.Encode(Link));
        }

        var message = await SingleMessageAsync();
        Assert.Equal(("account.confirm", "fr", "zoe@example.org", "Zoé"), (message.Kind, message.Culture, message.Recipient, message.RecipientName));
        Assert.Equal("Confirmez votre adresse e-mail pour Northwind Market Care", message.Subject);
        Assert.Contains($"\n{Link}\n", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"http://127.0.0.1/Account/ConfirmEmail?userId=42&amp;code=Q2ZE&amp;returnUrl=%2F\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Bonjour Zoé,", message.TextBody, StringComparison.Ordinal);
        Assert.EndsWith("@portal.northwind-market.example", message.MessageId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-CA", "Réinitialisez votre mot de passe Northwind Market Care")]
    [InlineData("de-DE", "Reset your Northwind Market Care password")]
    public async Task Without_a_preference_the_current_ui_culture_decides_falling_back_to_english(string uiCulture, string subject)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(uiCulture);
        try
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var user = await CreateUserAsync(scope.ServiceProvider, "sam@example.org", null, null);
            await scope.ServiceProvider.GetRequiredService<IAccountEmailSender>()
                .SendPasswordResetLinkAsync(user, "sam@example.org", HtmlEncoder.Default.Encode(Link));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        var message = await SingleMessageAsync();
        Assert.Equal(subject, message.Subject);
        Assert.Equal("account.reset", message.Kind);
    }

    [Fact]
    public async Task Inside_the_callers_transaction_the_email_is_rolled_back_with_the_change()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            var user = await CreateUserAsync(scope.ServiceProvider, "gone@example.org", null, "en");
            await scope.ServiceProvider.GetRequiredService<IAccountEmailSender>()
                .SendPasswordResetCodeAsync(user, "gone@example.org", "123456");
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await using var check = factory.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await context.Users.AnyAsync(u => u.Email == "gone@example.org", TestContext.Current.CancellationToken));
        Assert.False(await context.OutboxMessages.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_admin_queues_a_set_password_email_with_a_reset_link()
    {
        int exitCode;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var arguments = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["email"] = "first.admin@example.org", ["name"] = "First Admin" })
                .Build();
            exitCode = await scope.ServiceProvider.GetRequiredService<CreateAdminVerb>().RunAsync(arguments, TextWriter.Null);
        }

        Assert.Equal(0, exitCode);
        var message = await SingleMessageAsync();
        Assert.Equal(("account.set-password", "first.admin@example.org", "First Admin"), (message.Kind, message.Recipient, message.RecipientName));
        Assert.Equal("Set your password for Northwind Market Care", message.Subject);
        Assert.Matches(@"\nhttps?://[^\s]+/Account/ResetPassword\?code=[\w-]+\n", message.TextBody);
        Assert.Contains("We will never ask for your password by email.", message.TextBody, StringComparison.Ordinal);
    }

    private static async Task<ApplicationUser> CreateUserAsync(IServiceProvider services, string email, string? name, string? language)
    {
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = name, PreferredLanguage = language, CreatedAt = DateTime.UtcNow };
        var result = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user);
        Assert.True(result.Succeeded);
        return user;
    }

    private async Task<OutboxMessage> SingleMessageAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return Assert.Single(await db.OutboxMessages.ToListAsync(TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}

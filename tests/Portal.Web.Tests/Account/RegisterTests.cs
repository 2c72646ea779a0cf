using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The registration form over real HTTP: every kind of bad input gets a localised message and no account.</summary>
public sealed class RegisterTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Path = "Account/Register";
    private const string Form = "register";
    private const string GoodPassword = "correct horse battery";

    [Fact]
    public async Task The_form_labels_every_input()
    {
        using var client = app.CreateFormClient();

        var page = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Single(page.Document.QuerySelectorAll("h1"));
        var inputs = page.Document.QuerySelectorAll("form input:not([type='hidden'])");
        Assert.Equal(4, inputs.Length);
        Assert.All(inputs, input => Assert.NotNull(page.Document.QuerySelector($"label[for='{input.Id}']")));
    }

    public static TheoryData<string, string, Dictionary<string, string>, string, string> BadInput => new()
    {
        { "en", "malformed email", Fields(email: "not-an-email"), "Input.Email", "Enter an email address in the form name@example.com." },
        { "fr", "malformed email", Fields(email: "not-an-email"), "Input.Email", "Saisissez une adresse e-mail de la forme nom@exemple.fr." },
        { "en", "mismatched passwords", Fields(confirm: "something else entirely"), "Input.ConfirmPassword", "The two passwords do not match." },
        { "fr", "mismatched passwords", Fields(confirm: "something else entirely"), "Input.ConfirmPassword", "Les deux mots de passe ne sont pas identiques." },
        { "en", "overlong display name", Fields(name: new string('n', ApplicationUser.DisplayNameMaxLength + 1)), "Input.DisplayName", "Your name can be at most 100 characters long." },
        { "fr", "overlong display name", Fields(name: new string('n', ApplicationUser.DisplayNameMaxLength + 1)), "Input.DisplayName", "Votre nom ne peut pas dépasser 100 caractères." },
        { "en", "overlong email", Fields(email: new string('e', 250) + "@example.com"), "Input.Email", "The email address can be at most 256 characters long." },
        { "fr", "overlong email", Fields(email: new string('e', 250) + "@example.com"), "Input.Email", "L'adresse e-mail ne peut pas dépasser 256 caractères." },
        { "en", "overlong password", Fields(password: new string('p', 129), confirm: new string('p', 129)), "Input.Password", "The password can be at most 128 characters long." },
        { "en", "too-short password", Fields(password: "short pass", confirm: "short pass"), "Input.Password", "The password must be at least 12 characters long." },
        { "fr", "too-short password", Fields(password: "short pass", confirm: "short pass"), "Input.Password", "Le mot de passe doit comporter au moins 12 caractères." },
        { "en", "empty name", Fields(name: ""), "Input.DisplayName", "Enter your name." },
        { "en", "empty email", Fields(email: ""), "Input.Email", "Enter your email address." },
        { "fr", "empty password", Fields(password: "", confirm: ""), "Input.Password", "Saisissez votre mot de passe." },
        { "en", "name of only line breaks", Fields(name: "\r\n\t "), "Input.DisplayName", "Enter your name." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_localised_message_and_creates_no_account(
        string culture, string what, Dictionary<string, string> fields, string field, string message)
    {
        using var client = app.CreateFormClient(culture);
        var email = fields["Input.Email"];
        var usersBefore = await CountUsersAsync();

        var page = await client.PostFormAsync(Path, Form, fields);

        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{what}: {(int)page.StatusCode}");
        Assert.Equal(message, page.FieldError(field));
        Assert.Contains(message, page.AlertText);
        Assert.Equal("true", page.Document.GetElementById(field)?.GetAttribute("aria-invalid"));
        // Passwords are not sent back into the page.
        Assert.All(page.Document.QuerySelectorAll("input[type='password']"), i => Assert.Equal("", i.GetAttribute("value")));
        Assert.Equal(usersBefore, await CountUsersAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == email)));
    }

    [Fact]
    public async Task A_too_short_password_is_reported_together_with_the_other_problems()
    {
        using var client = app.CreateFormClient();

        var page = await client.PostFormAsync(Path, Form, Fields(email: "not-an-email", password: "short pass"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("Enter an email address in the form name@example.com.", page.FieldError("Input.Email"));
        Assert.Equal("The password must be at least 12 characters long.", page.FieldError("Input.Password"));
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("fr", "fr")]
    public async Task A_valid_registration_creates_a_customer_and_queues_the_confirmation_email(string culture, string language)
    {
        using var client = app.CreateFormClient(culture);
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var page = await client.PostFormAsync(Path, Form, Fields(email: $"  {email} ", name: "  Ada \r\n Lovelace "));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/RegisterConfirmation?", page.RedirectPath);
        Assert.Contains(Uri.EscapeDataString(email), page.RedirectPath);

        var (user, roles) = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var found = await users.Users.SingleAsync(u => u.Email == email);
            return (found, await users.GetRolesAsync(found));
        });
        Assert.Equal([PortalRoles.Customer], roles);
        Assert.Equal("Ada Lovelace", user.DisplayName);
        Assert.Equal(language, user.PreferredLanguage);
        Assert.False(user.EmailConfirmed);
        Assert.True(user.LockoutEnabled);
        Assert.InRange(user.CreatedAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));

        var messages = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Recipient == email).ToListAsync());
        var message = Assert.Single(messages);
        Assert.Equal("account.confirm", message.Kind);
        Assert.Equal(language, message.Culture);
    }

    [Fact]
    public async Task Registering_a_known_address_looks_the_same_and_creates_no_second_account()
    {
        using var client = app.CreateFormClient();
        var email = $"twice-{Guid.NewGuid():N}@example.com";

        var first = await client.PostFormAsync(Path, Form, Fields(email: email));
        var second = await client.PostFormAsync(Path, Form, Fields(email: email.ToUpperInvariant(), password: "another long password", confirm: "another long password"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(
            first.RedirectPath!.ToUpperInvariant(),
            second.RedirectPath!.ToUpperInvariant());
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task The_confirmation_page_says_the_same_for_known_and_unknown_addresses()
    {
        using var client = app.CreateFormClient();
        var known = $"known-{Guid.NewGuid():N}@example.com";
        await client.PostFormAsync(Path, Form, Fields(email: known));
        var unknown = $"unknown-{Guid.NewGuid():N}@example.com";

        var forKnown = await client.GetAsync($"Account/RegisterConfirmation?email={Uri.EscapeDataString(known)}");
        var forUnknown = await client.GetAsync($"Account/RegisterConfirmation?email={Uri.EscapeDataString(unknown)}");

        Assert.Equal(HttpStatusCode.OK, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(forKnown.MainText.Replace(known, "ADDRESS"), forUnknown.MainText.Replace(unknown, "ADDRESS"));
        Assert.Contains("We have sent a message to ADDRESS", forKnown.MainText.Replace(known, "ADDRESS"));
    }

    private Task<int> CountUsersAsync() => app.WithDbAsync(db => db.Users.CountAsync());

    private static Dictionary<string, string> Fields(
        string? email = null, string? name = null, string password = GoodPassword, string? confirm = null) => new()
    {
        ["Input.DisplayName"] = name ?? "Ada Lovelace",
        ["Input.Email"] = email ?? $"user-{Guid.NewGuid():N}@example.com",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };
}
